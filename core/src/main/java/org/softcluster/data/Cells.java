package org.softcluster.data;

import java.util.Locale;
import java.util.Set;

/**
 * What a table cell holds: a missing value, a finite number or text. Public so that readers outside this
 * package (the Spark module, which reads a table's cells as text) judge cells exactly as the CSV reader does.
 */
public final class Cells {
    /**
     * The spellings of a missing cell: pandas' default {@code na_values} of {@code read_csv} (the empty
     * cell among them), and NaN in any case and sign.
     */
    private static final Set<String> MISSING = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
            "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

    private Cells() { }

    /**
     * A cell trimmed as the CSV reader trims every cell ({@link CsvRecords}: commons-csv's trim, characters up to
     * U+0020 at either end): for text that reaches an engine by another way (a Spark string column).
     */
    public static String trim(String cell) {
        return cell.trim();
    }

    /** Whether a (trimmed) cell is a missing value. */
    public static boolean isMissing(String cell) {
        if (MISSING.contains(cell)) return true;
        int n = cell.length();
        boolean signed = n == 4 && (cell.charAt(0) == '-' || cell.charAt(0) == '+');
        return (n == 3 || signed) && cell.regionMatches(true, n - 3, "nan", 0, 3);
    }

    /**
     * The cell as a finite float, or NaN when it is not a number (text); a number that is infinite or
     * beyond float range is an error. Call only for cells that are not {@linkplain #isMissing missing}.
     */
    public static float number(String fname, int row, String column, String cell) {
        String lower = cell.toLowerCase(Locale.ROOT);
        String unsigned = unsigned(lower);
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            throw new DataException(where(fname, row, column) + "infinite value \"" + cell + "\"");
        }
        // Double.parseDouble also accepts Java-only forms (hex floats, "1f", "2d"); they are text here, so
        // that the accepted syntax matches what other CSV tools read as a number.
        char last = lower.charAt(lower.length() - 1);
        if (lower.indexOf('x') >= 0 || last == 'f' || last == 'd') return Float.NaN;
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
        if (Math.abs(v) > Float.MAX_VALUE) {
            throw new DataException(where(fname, row, column) + "value out of float range: \"" + cell + "\"");
        }
        return (float) v;
    }

    /** The one-line prefix that names a cell: file, 1-based data row, column. */
    static String where(String fname, int row, String column) {
        return fname + " row " + row + ", column \"" + column + "\": ";
    }

    private static String unsigned(String s) {
        return s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
    }
}
