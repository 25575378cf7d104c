package org.softcluster.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV table with a header row into a {@link Dataset} of numeric features, an optional
 * label column (integers, or category names mapped to 0..C-1) and an optional id column.
 *
 * <p>Every cell of a feature column must be a finite number; the first bad cell is reported with
 * the file name, its 1-based data row (the row after the header is row 1) and its column name.
 * The file may be gzip-compressed (detected from its content).
 */
public final class CsvReader {

    /** How many column names an error message lists before abbreviating. */
    private static final int MAX_LISTED_COLUMNS = 20;

    private final String labelColumn;
    private final String idColumn;
    private final List<String> featureColumns;
    private final char delimiter;

    private CsvReader(Builder b) {
        this.labelColumn = b.labelColumn;
        this.idColumn = b.idColumn;
        this.featureColumns = b.featureColumns == null ? null : List.copyOf(b.featureColumns);
        this.delimiter = b.delimiter;
    }

    /** Returns a builder with no label, no id, all columns as features and ',' as delimiter. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads a CSV file with default options: every column is a numeric feature. */
    public static Result readDefault(Path file) {
        return builder().build().read(file);
    }

    /** Options for a {@link CsvReader}; unset options keep their defaults. */
    public static final class Builder {
        private String labelColumn;
        private String idColumn;
        private List<String> featureColumns;
        private char delimiter = ',';

        private Builder() { }

        /** Names the column holding class labels (null for none). */
        public Builder labelColumn(String name) { this.labelColumn = blankToNull(name); return this; }

        /** Names the column holding object ids (null for none). */
        public Builder idColumn(String name) { this.idColumn = blankToNull(name); return this; }

        /** Selects the feature columns by name, in this order (null or empty: all other columns). */
        public Builder featureColumns(List<String> names) {
            this.featureColumns = names == null || names.isEmpty() ? null : List.copyOf(names);
            return this;
        }

        /** Sets the cell delimiter (',' by default, '\t' for TSV). */
        public Builder delimiter(char c) { this.delimiter = c; return this; }

        /** Creates the reader. */
        public CsvReader build() { return new CsvReader(this); }

        private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s.strip(); }
    }

    /**
     * A table read from CSV.
     *
     * @param dataset the features (named after the columns), labels and ids
     * @param labelNames the category name of each label 0..C-1 in order of first appearance, or null
     *     when there is no label column or the labels were integers
     */
    public record Result(Dataset dataset, List<String> labelNames) { }

    /** Reads the file, throwing a {@link DataException} for the first problem found. */
    public Result read(Path file) {
        DataFiles.requireFile(file);
        String fname = DataFiles.name(file);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader reader = skipBom(new BufferedReader(
                new InputStreamReader(DataFiles.open(file, DataFiles.isGzip(file)), StandardCharsets.UTF_8)));
             CSVParser parser = format.parse(reader)) {
            return read(fname, parser.iterator());
        } catch (IOException | UncheckedIOException e) {
            // commons-csv reports malformed quoting as an IOException wrapped on iteration.
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new DataException(fname + ": malformed CSV or unreadable file: " + cause.getMessage(), e);
        }
    }

    private Result read(String fname, Iterator<CSVRecord> records) {
        if (!records.hasNext()) {
            throw new DataException(fname + ": empty file (a header row is required)");
        }
        String[] header = header(fname, records.next());
        header = sklearnBundledHeader(header);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            Integer previous = index.putIfAbsent(header[c], c);
            if (previous != null) {
                throw new DataException(fname + ": duplicate column name \"" + header[c] + "\" (columns "
                        + (previous + 1) + " and " + (c + 1) + ")");
            }
        }
        int labelIdx = labelColumn == null ? -1 : column(fname, index, labelColumn, "label column");
        int idIdx = idColumn == null ? -1 : column(fname, index, idColumn, "id column");
        if (labelIdx >= 0 && labelIdx == idIdx) {
            throw new DataException(fname + ": column \"" + labelColumn + "\" cannot be both the label and the id column");
        }
        int[] featureIdx = featureIndices(fname, header, index, labelIdx, idIdx);
        int dim = featureIdx.length;

        FloatBuffer values = new FloatBuffer(1024);
        List<String> rawLabels = labelIdx >= 0 ? new ArrayList<>() : null;
        List<String> ids = idIdx >= 0 ? new ArrayList<>() : null;
        Map<String, Integer> idRows = idIdx >= 0 ? new HashMap<>() : null;
        int row = 0;
        while (records.hasNext()) {
            CSVRecord record = records.next();
            row++;
            if (record.size() != header.length) {
                throw new DataException(fname + " row " + row + ": expected " + header.length + " cells as in the header, found "
                        + record.size());
            }
            for (int j = 0; j < dim; j++) {
                values.add(parseNumber(fname, row, header[featureIdx[j]], record.get(featureIdx[j])));
            }
            if (rawLabels != null) {
                rawLabels.add(nonEmpty(fname, row, header[labelIdx], record.get(labelIdx)));
            }
            if (ids != null) {
                String id = nonEmpty(fname, row, header[idIdx], record.get(idIdx));
                Integer first = idRows.putIfAbsent(id, row);
                if (first != null) {
                    throw new DataException(fname + " row " + row + ", column \"" + header[idIdx] + "\": duplicate id \""
                            + id + "\" (first used in row " + first + ")");
                }
                ids.add(id);
            }
        }
        if (row == 0) {
            throw new DataException(fname + ": no data rows after the header");
        }

        int[] labels = null;
        List<String> labelNames = null;
        if (rawLabels != null) {
            labels = integerLabels(rawLabels);
            if (labels == null) {
                // Category names: number them in order of first appearance so the mapping is stable
                // for a given file and readable in reports.
                Map<String, Integer> codes = new LinkedHashMap<>();
                labels = new int[rawLabels.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = codes.computeIfAbsent(rawLabels.get(i), k -> codes.size());
                }
                labelNames = List.copyOf(codes.keySet());
            }
        }
        String[] names = new String[dim];
        for (int j = 0; j < dim; j++) names[j] = header[featureIdx[j]];
        Dataset ds = new Dataset(fname, values.toArray(), row, dim, labels,
                ids == null ? null : ids.toArray(new String[0]), null, names);
        return new Result(ds, labelNames);
    }

    private static String[] header(String fname, CSVRecord record) {
        String[] header = record.values();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isEmpty()) {
                throw new DataException(fname + ": column " + (c + 1) + " has an empty name in the header row;"
                        + " every column needs a name (an index column written by pandas? write with index=False)");
            }
        }
        return header;
    }

    // Spreadsheet programs often write a UTF-8 byte order mark; it must go before the CSV parser
    // sees it, or a quoted first header name would not be recognised as quoted.
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

    private static Reader skipBom(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') reader.reset();
        return reader;
    }

    private int[] featureIndices(String fname, String[] header, Map<String, Integer> index, int labelIdx, int idIdx) {
        if (featureColumns != null) {
            int[] idx = new int[featureColumns.size()];
            for (int j = 0; j < idx.length; j++) {
                String name = featureColumns.get(j);
                idx[j] = column(fname, index, name, "feature column");
                if (idx[j] == labelIdx || idx[j] == idIdx) {
                    throw new DataException(fname + ": column \"" + name + "\" cannot be both a feature and the "
                            + (idx[j] == labelIdx ? "label" : "id") + " column");
                }
                for (int k = 0; k < j; k++) {
                    if (idx[k] == idx[j]) {
                        throw new DataException(fname + ": feature column \"" + name + "\" is selected twice");
                    }
                }
            }
            return idx;
        }
        int[] idx = new int[header.length];
        int d = 0;
        for (int c = 0; c < header.length; c++) {
            if (c != labelIdx && c != idIdx) idx[d++] = c;
        }
        if (d == 0) {
            throw new DataException(fname + ": no feature columns (all columns are used as label or id)");
        }
        return Arrays.copyOf(idx, d);
    }

    private static int column(String fname, Map<String, Integer> index, String name, String role) {
        Integer c = index.get(name);
        if (c == null) {
            throw new DataException(fname + ": " + role + " \"" + name + "\" not found; available columns: "
                    + listColumns(index.keySet()));
        }
        return c;
    }

    private static String listColumns(Iterable<String> names) {
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

    private static String nonEmpty(String fname, int row, String column, String cell) {
        if (cell.isEmpty()) {
            throw new DataException(cellPrefix(fname, row, column) + "empty cell");
        }
        return cell;
    }

    /** Parses a finite float, or throws a message naming the file, row and column. */
    private static float parseNumber(String fname, int row, String column, String cell) {
        if (cell.isEmpty()) {
            throw new DataException(cellPrefix(fname, row, column) + "empty cell (missing values are not supported)");
        }
        String lower = cell.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        if (unsigned.equals("nan")) {
            throw new DataException(cellPrefix(fname, row, column) + "NaN is not allowed: \"" + cell + "\"");
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            throw new DataException(cellPrefix(fname, row, column) + "infinite value \"" + cell + "\"");
        }
        // Double.parseDouble also accepts Java-only forms (hex floats, "1f", "2d"); reject them so that
        // the accepted syntax matches what other CSV tools read as a number.
        char last = lower.charAt(lower.length() - 1);
        if (lower.indexOf('x') >= 0 || last == 'f' || last == 'd') {
            throw new DataException(cellPrefix(fname, row, column) + "not a number: \"" + cell + "\"");
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new DataException(cellPrefix(fname, row, column) + "not a number: \"" + cell + "\"");
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new DataException(cellPrefix(fname, row, column) + "value out of float range: \"" + cell + "\"");
        }
        return (float) v;
    }

    private static String cellPrefix(String fname, int row, String column) {
        return fname + " row " + row + ", column \"" + column + "\": ";
    }

    /** The labels as integers if every one is an integer literal, else null. */
    private static int[] integerLabels(List<String> raw) {
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(raw.get(i));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** A growable float array, to avoid boxing millions of cells. */
    private static final class FloatBuffer {
        private float[] data;
        private int size;

        FloatBuffer(int capacity) { data = new float[capacity]; }

        void add(float v) {
            if (size == data.length) {
                if (data.length >= Integer.MAX_VALUE - 16) {
                    throw new DataException("CSV table too large to load (over " + size + " cells)");
                }
                data = Arrays.copyOf(data, (int) Math.min((long) data.length * 2, Integer.MAX_VALUE - 16));
            }
            data[size++] = v;
        }

        float[] toArray() { return Arrays.copyOf(data, size); }
    }
}
