package org.softcluster.data;

import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Map;

/**
 * A CSV file's header row as {@link CsvReader} needs it: the names checked (none empty), scikit-learn's bundled
 * header form turned into names, a byte order mark skipped, and columns found by name with one-line errors that
 * list the columns there are.
 */
final class CsvHeader {
    /** How many column names an error message lists before abbreviating. */
    static final int MAX_LISTED_COLUMNS = 20;

    private CsvHeader() { }

    /** The header row's names, each non-empty. */
    static String[] names(String fname, CSVRecord record) {
        String[] header = record.values();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) {
                throw new DataException(fname + ": column " + (c + 1) + " has an empty name in the header row;"
                        + " every column needs a name (an index column written by pandas? write with index=False)");
            }
        }
        return header;
    }

    /**
     * scikit-learn's bundled tables (wine_data.csv, iris.csv, ...) start with a row
     * {@code n_samples,n_features,class names...} instead of column names; their rows hold the
     * features and then the integer target. Such a header becomes {@code x0..x{d-1},target}.
     */
    static String[] sklearnBundledHeader(String[] header) {
        if (header.length < 2 || !header[0].matches("\\d+") || !header[1].matches("\\d+")) return header;
        for (int c = 2; c < header.length; c++) {
            if (header[c].matches("[-+0-9.eE]+")) return header;
        }
        int d = Integer.parseInt(header[1]);
        if (d < 1 || d > 1_000_000) return header;
        String[] names = new String[d + 1];
        for (int j = 0; j < d; j++) names[j] = "x" + j;
        names[d] = "target";
        return names;
    }

    // Spreadsheet programs often write a UTF-8 byte order mark; it must go before the CSV parser
    // sees it, or a quoted first header name would not be recognised as quoted.
    static Reader skipBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') reader.reset();
        return reader;
    }

    /** The index of a named column, or a one-line error naming its role and listing the columns there are. */
    static int column(String fname, Map<String, Integer> index, String name, String role) {
        Integer c = index.get(name);
        if (c == null) {
            throw new DataException(fname + ": " + role + " \"" + name + "\" not found; available columns: "
                    + listColumns(index.keySet()));
        }
        return c;
    }

    /** Up to {@value #MAX_LISTED_COLUMNS} quoted names, then how many more. */
    static String listColumns(Iterable<String> names) {
        StringBuilder sb = new StringBuilder();
        int count = 0;
        for (String name : names) {
            if (count < MAX_LISTED_COLUMNS) {
                if (count > 0) sb.append(", ");
                sb.append('"').append(name).append('"');
            }
            count++;
        }
        if (count > MAX_LISTED_COLUMNS) sb.append(" and ").append(count - MAX_LISTED_COLUMNS).append(" more");
        return sb.toString();
    }
}
