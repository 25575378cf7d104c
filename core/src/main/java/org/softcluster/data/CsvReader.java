package org.softcluster.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV table with a header row into a {@link Dataset} of numeric features, an optional
 * label column (integers, or category names mapped to 0..C-1) and an optional id column.
 *
 * <p>A feature column is numeric when every cell that is not missing is a finite number, and text
 * (categorical) when it is declared so or its cells are not all numbers; missing cells are the empty
 * cell and pandas' NA spellings ({@code NA}, {@code NaN}, {@code null}, ...). Text columns and missing
 * cells go through an {@link Encoding}: fitted here on the file ({@link Builder#missing}), or a saved one
 * applied unchanged ({@link Builder#encoding}). A table of numbers alone is read as it is. The first bad
 * cell is reported with the file name, its 1-based data row (the row after the header is row 1) and its
 * column name. The records are read by {@link CsvRecords} (quoting, trimming, the header's quirks) and the columns
 * chosen by {@link CsvColumns}, the two parts an engine that reads the records itself shares with this reader.
 */
public final class CsvReader {

    private final String labelColumn;
    private final String idColumn;
    private final List<String> featureColumns;
    private final List<String> categoricalColumns;
    private final Encoding.Missing missing;
    private final Encoding encoding;
    private final char delimiter;

    private CsvReader(Builder b) {
        this.labelColumn = b.labelColumn;
        this.idColumn = b.idColumn;
        this.featureColumns = b.featureColumns;
        this.categoricalColumns = b.categoricalColumns;
        this.missing = b.missing;
        this.encoding = b.encoding;
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
        private List<String> categoricalColumns;
        private Encoding.Missing missing;
        private Encoding encoding;
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

        /** Declares feature columns categorical (read as text and one-hot encoded) besides those detected (null: none). */
        public Builder categoricalColumns(List<String> names) {
            this.categoricalColumns = names == null || names.isEmpty() ? null : List.copyOf(names);
            return this;
        }

        /**
         * Sets what a missing feature cell does (null: {@link Encoding.Missing#ERROR}); with a saved {@link #encoding},
         * null keeps the encoding's own policy.
         */
        public Builder missing(Encoding.Missing policy) { this.missing = policy; return this; }

        /**
         * Reads the table for a model: the encoding's columns in its order (the file's feature columns must be exactly
         * these), its categorical columns as text, its categories and fill values; nothing is fitted (null: fit on the file).
         */
        public Builder encoding(Encoding saved) { this.encoding = saved; return this; }

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
     * @param warnings one line each: rows dropped for missing cells, rows with categories the encoding has not seen
     */
    public record Result(Dataset dataset, List<String> labelNames, List<String> warnings) {
        /** A result without warnings. */
        public Result(Dataset dataset, List<String> labelNames) {
            this(dataset, labelNames, List.of());
        }
    }

    /** Reads the file, throwing a {@link DataException} for the first problem found. */
    public Result read(Path file) {
        DataFiles.requireFile(file);
        checkCategorical(DataFiles.name(file));
        Pass pass = parse(file, null);
        // a column with text after numbers is read once more, as text, to keep its numbers' spellings as categories
        if (pass.cells().anyLate()) pass = parse(file, pass.cells().detectedText());
        Table table = pass.table();
        Encoding.Missing policy = missing == null ? Encoding.Missing.ERROR : missing;
        if (encoding == null && policy == Encoding.Missing.ERROR && table.plain()) {
            return new Result(table.dataset(), table.labelNames);
        }
        Encoding enc = encoding == null ? Encoding.fit(table, policy) : encoding.withMissing(missing);
        Encoding.Encoded encoded = enc.apply(table);
        return new Result(encoded.data(), table.labelNames, encoded.warnings());
    }

    /**
     * The columns this reader takes from a file with {@code header} (features, label, id), with the errors {@link #read}
     * gives: for an engine that reads the records itself ({@link CsvRecords}) by the same decisions.
     *
     * @param fname the name messages give the file
     */
    public CsvColumns columns(String fname, String[] header) {
        checkCategorical(fname);
        return columnsOf(fname, header);
    }

    /** The cell delimiter: ',' or '\t'. */
    public char delimiter() {
        return delimiter;
    }

    private CsvColumns columnsOf(String fname, String[] header) {
        List<String> declared = encoding != null ? encoding.categoricalColumns()
                : categoricalColumns == null ? List.of() : categoricalColumns;
        return CsvColumns.of(fname, header, labelColumn, idColumn, featureColumns, declared,
                encoding == null ? null : encoding.columnNames());
    }

    /** The categorical columns named must be the saved encoding's. */
    private void checkCategorical(String fname) {
        if (encoding != null && categoricalColumns != null
                && !new HashSet<>(categoricalColumns).equals(new HashSet<>(encoding.categoricalColumns()))) {
            throw new DataException(fname + ": categorical columns " + CsvHeader.listColumns(categoricalColumns) + " differ from the model's ("
                    + (encoding.categoricalColumns().isEmpty() ? "none" : CsvHeader.listColumns(encoding.categoricalColumns())) + ")");
        }
    }

    /** One reading of the file: the feature cells, the labels and the ids. */
    private record Pass(Table.Builder cells, int[] labels, List<String> labelNames, String[] ids) {
        Table table() { return cells.build(labels, labelNames, ids); }
    }

    /** Reads the file once; {@code detected} marks the feature columns to read as detected text (null: none yet). */
    private Pass parse(Path file, boolean[] detected) {
        try (CsvRecords records = CsvRecords.open(file, delimiter)) {
            return parse(records, detected);
        } catch (IOException e) {
            throw new DataException(DataFiles.name(file) + ": cannot close: " + e.getMessage(), e);
        }
    }

    private Pass parse(CsvRecords records, boolean[] detected) {
        String fname = records.name();
        CsvColumns columns = columnsOf(fname, records.header());
        String[] names = columns.featureNames();
        int dim = names.length;
        boolean[] declared = columns.declaredText();
        boolean[] text = declared.clone();
        boolean[] guarded = new boolean[dim];
        for (int j = 0; detected != null && j < dim; j++) {
            guarded[j] = detected[j] && !declared[j];
            text[j] |= guarded[j];
        }
        Table.Builder cells = new Table.Builder(fname, names, text, guarded, encoding == null);

        List<String> rawLabels = labelColumn != null ? new ArrayList<>() : null;
        List<String> ids = idColumn != null ? new ArrayList<>() : null;
        Map<String, Integer> idRows = idColumn != null ? new HashMap<>() : null;
        while (records.hasNext()) {
            String[] record = records.next();
            int row = records.row();
            cells.nextRow();
            String[] features = columns.featureCells(record);
            for (int j = 0; j < dim; j++) cells.add(j, features[j]);
            if (rawLabels != null) rawLabels.add(columns.label(fname, row, record));
            if (ids != null) {
                String id = columns.id(fname, row, record);
                Integer first = idRows.putIfAbsent(id, row);
                if (first != null) {
                    throw new DataException(fname + " row " + row + ", column \"" + columns.idColumn() + "\": duplicate id \""
                            + id + "\" (first used in row " + first + ")");
                }
                ids.add(id);
            }
        }
        if (records.row() == 0) {
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
        return new Pass(cells, labels, labelNames, ids == null ? null : ids.toArray(new String[0]));
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
}
