package org.softcluster.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature columns of a table as read, before they are numbers a model can take: numeric columns as
 * floats (NaN where a cell is missing) and text columns as codes into their distinct values (-1 where a
 * cell is missing), with the labels, the ids and the first missing cell. {@link Encoding} turns it into a
 * {@link Dataset}; a table with neither text nor missing cells is a dataset as it is.
 */
final class Table {
    /** A cell: its 1-based data row, its column (index into the feature columns) and its text. */
    record Cell(int row, int column, String text) { }

    final String name;
    final String[] columns;
    final int rows;
    /** Row-major rows × columns; NaN for a missing cell and for every cell of a text column. */
    final float[] numbers;
    /** Per column: null for a numeric column, else one code per row into {@link #texts} (-1: missing). */
    final int[][] codes;
    /** Per column: null for a numeric column, else its distinct texts in order of first appearance. */
    final String[][] texts;
    final int[] labels;
    final List<String> labelNames;
    final String[] ids;
    /** The first missing cell in reading order, or null. */
    final Cell firstMissing;

    private Table(String name, String[] columns, int rows, float[] numbers, int[][] codes, String[][] texts, int[] labels,
                  List<String> labelNames, String[] ids, Cell firstMissing) {
        this.name = name;
        this.columns = columns;
        this.rows = rows;
        this.numbers = numbers;
        this.codes = codes;
        this.texts = texts;
        this.labels = labels;
        this.labelNames = labelNames;
        this.ids = ids;
        this.firstMissing = firstMissing;
    }

    /** Whether column j holds text. */
    boolean isText(int j) { return codes[j] != null; }

    /** Whether the cell of row i (0-based) in column j is missing. */
    boolean isMissing(int i, int j) {
        return isText(j) ? codes[j][i] < 0 : Float.isNaN(numbers[i * columns.length + j]);
    }

    /** Whether every column is numeric and no cell is missing: the numbers are the dataset. */
    boolean plain() {
        if (firstMissing != null) return false;
        for (int[] c : codes) if (c != null) return false;
        return true;
    }

    /** The dataset of a {@linkplain #plain plain} table. */
    Dataset dataset() {
        return new Dataset(name, numbers, rows, columns.length, labels, ids, null, columns);
    }

    /** The one-line prefix naming a cell. */
    String where(Cell c) {
        return Cells.where(name, c.row(), columns[c.column()]);
    }

    /**
     * Collects the cells of the feature columns row by row. A column starts as text when it is declared
     * text; otherwise it starts numeric, and with detection on, a numeric column whose first non-missing cell
     * is text becomes a text column. Text after numbers in a column cannot be read in one pass (the numbers'
     * spellings are gone), so such a column is reported {@link #late} for the caller to read again as text.
     */
    static final class Builder {
        private final String fname;
        private final String[] columns;
        private final boolean detect;
        private final boolean[] guarded;
        private final FloatBuffer numbers = new FloatBuffer(1024);
        private final IntBuffer[] codes;
        private final List<Map<String, Integer>> dictionaries = new ArrayList<>();
        private final int[] numericCells;
        private final int[] textCells;
        private final Cell[] firstText;
        private final boolean[] late;
        private Cell firstMissing;
        private int rows;

        /**
         * @param text the columns read as text from the first row
         * @param guarded the text columns that detection found (not declared): refused when half their cells are numbers
         * @param detect whether a text cell in a numeric column makes it a text column (else it is an error)
         */
        Builder(String fname, String[] columns, boolean[] text, boolean[] guarded, boolean detect) {
            this.fname = fname;
            this.columns = columns;
            this.detect = detect;
            this.guarded = guarded.clone();
            int d = columns.length;
            codes = new IntBuffer[d];
            for (int j = 0; j < d; j++) {
                if (text[j]) codes[j] = new IntBuffer();
                dictionaries.add(new LinkedHashMap<>());
            }
            numericCells = new int[d];
            textCells = new int[d];
            firstText = new Cell[d];
            late = new boolean[d];
        }

        /** Starts the next data row. */
        void nextRow() { rows++; }

        /** Adds the cell of column j in the current row. */
        void add(int j, String cell) {
            if (Cells.isMissing(cell)) {
                if (firstMissing == null) firstMissing = new Cell(rows, j, cell);
                numbers.add(Float.NaN);
                if (codes[j] != null) codes[j].add(-1);
                return;
            }
            if (codes[j] != null) {
                numbers.add(Float.NaN);
                codes[j].add(dictionaries.get(j).computeIfAbsent(cell, k -> dictionaries.get(j).size()));
                if (guarded[j]) countText(j, cell, looksNumeric(cell));
                return;
            }
            float v = Cells.number(fname, rows, columns[j], cell);
            numbers.add(v);
            if (!Float.isNaN(v)) {
                numericCells[j]++;
                return;
            }
            if (!detect) throw new DataException(Cells.where(fname, rows, columns[j]) + "not a number: \"" + cell + "\"");
            countText(j, cell, false);
            if (numericCells[j] > 0) {
                late[j] = true;
                return;
            }
            // every earlier cell was missing: the column is text from here on, with nothing lost
            codes[j] = new IntBuffer();
            for (int i = 1; i < rows; i++) codes[j].add(-1);
            codes[j].add(dictionaries.get(j).computeIfAbsent(cell, k -> 0));
            guarded[j] = true;
        }

        private void countText(int j, String cell, boolean numeric) {
            if (numeric) {
                numericCells[j]++;
                return;
            }
            textCells[j]++;
            if (firstText[j] == null) firstText[j] = new Cell(rows, j, cell);
        }

        private static boolean looksNumeric(String cell) {
            try {
                return !Float.isNaN(Cells.number("", 0, "", cell));
            } catch (DataException e) {
                return true;   // infinite or out of range: a number, if not a usable one
            }
        }

        /**
         * The columns found to hold text after numbers, to be read again as text.
         *
         * @throws DataException for a detected text column with at least as many numbers as texts (a stray word
         *     in a numeric column is more likely a typo than a category)
         */
        boolean[] late() {
            for (int j = 0; j < columns.length; j++) {
                if ((guarded[j] || late[j]) && numericCells[j] >= textCells[j]) {
                    Cell c = firstText[j];
                    throw new DataException(Cells.where(fname, c.row(), columns[j]) + "not a number: \"" + c.text()
                            + "\" (at least half of the column's cells are numbers; declare the column categorical to read it"
                            + " as text)");
                }
            }
            return late.clone();
        }

        /** Whether any column holds text after numbers (see {@link #late}). */
        boolean anyLate() {
            for (boolean b : late()) if (b) return true;
            return false;
        }

        /** The columns that detection found to hold text (including late ones). */
        boolean[] detectedText() {
            boolean[] out = late();
            for (int j = 0; j < out.length; j++) out[j] |= guarded[j];
            return out;
        }

        /** The number of data rows read. */
        int rows() { return rows; }

        /** The table, once every row is read and no column is {@link #late}. */
        Table build(int[] labels, List<String> labelNames, String[] ids) {
            int d = columns.length;
            int[][] c = new int[d][];
            String[][] t = new String[d][];
            for (int j = 0; j < d; j++) {
                if (codes[j] == null) continue;
                c[j] = codes[j].toArray();
                t[j] = dictionaries.get(j).keySet().toArray(new String[0]);
            }
            return new Table(fname, columns.clone(), rows, numbers.toArray(), c, t, labels, labelNames, ids, firstMissing);
        }
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

    /** A growable int array for the codes of a text column. */
    private static final class IntBuffer {
        private int[] data = new int[256];
        private int size;

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, data.length * 2);
            data[size++] = v;
        }

        int[] toArray() { return Arrays.copyOf(data, size); }
    }
}
