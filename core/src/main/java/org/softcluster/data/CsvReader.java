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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

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
 * column name. The file may be gzip-compressed (detected from its content).
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
        String fname = DataFiles.name(file);
        if (encoding != null && categoricalColumns != null
                && !new HashSet<>(categoricalColumns).equals(new HashSet<>(encoding.categoricalColumns()))) {
            throw new DataException(fname + ": categorical columns " + CsvHeader.listColumns(categoricalColumns) + " differ from the model's ("
                    + (encoding.categoricalColumns().isEmpty() ? "none" : CsvHeader.listColumns(encoding.categoricalColumns())) + ")");
        }
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

    /** One reading of the file: the feature cells, the labels and the ids. */
    private record Pass(Table.Builder cells, int[] labels, List<String> labelNames, String[] ids) {
        Table table() { return cells.build(labels, labelNames, ids); }
    }

    /** Reads the file once; {@code detected} marks the feature columns to read as detected text (null: none yet). */
    private Pass parse(Path file, boolean[] detected) {
        String fname = DataFiles.name(file);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (Reader reader = CsvHeader.skipBom(new BufferedReader(
                new InputStreamReader(DataFiles.open(file, DataFiles.isGzip(file)), StandardCharsets.UTF_8)));
             CSVParser parser = format.parse(reader)) {
            return parse(fname, parser.iterator(), detected);
        } catch (IOException | UncheckedIOException e) {
            // commons-csv reports malformed quoting as an IOException wrapped on iteration.
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new DataException(fname + ": malformed CSV or unreadable file: " + cause.getMessage(), e);
        }
    }

    private Pass parse(String fname, Iterator<CSVRecord> records, boolean[] detected) {
        if (!records.hasNext()) {
            throw new DataException(fname + ": empty file (a header row is required)");
        }
        String[] header = CsvHeader.sklearnBundledHeader(CsvHeader.names(fname, records.next()));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            Integer previous = index.putIfAbsent(header[c], c);
            if (previous != null) {
                throw new DataException(fname + ": duplicate column name \"" + header[c] + "\" (columns "
                        + (previous + 1) + " and " + (c + 1) + ")");
            }
        }
        int labelIdx = labelColumn == null ? -1 : CsvHeader.column(fname, index, labelColumn, "label column");
        int idIdx = idColumn == null ? -1 : CsvHeader.column(fname, index, idColumn, "id column");
        if (labelIdx >= 0 && labelIdx == idIdx) {
            throw new DataException(fname + ": column \"" + labelColumn + "\" cannot be both the label and the id column");
        }
        int[] featureIdx = featureIndices(fname, header, index, labelIdx, idIdx);
        int dim = featureIdx.length;
        String[] names = new String[dim];
        for (int j = 0; j < dim; j++) names[j] = header[featureIdx[j]];
        boolean[] declared = declaredText(fname, names, index);
        boolean[] text = declared.clone();
        boolean[] guarded = new boolean[dim];
        for (int j = 0; detected != null && j < dim; j++) {
            guarded[j] = detected[j] && !declared[j];
            text[j] |= guarded[j];
        }
        Table.Builder cells = new Table.Builder(fname, names, text, guarded, encoding == null);

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
            cells.nextRow();
            for (int j = 0; j < dim; j++) cells.add(j, record.get(featureIdx[j]));
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
        return new Pass(cells, labels, labelNames, ids == null ? null : ids.toArray(new String[0]));
    }

    /** Which feature columns are text by declaration: the categorical columns named, or the saved encoding's. */
    private boolean[] declaredText(String fname, String[] names, Map<String, Integer> index) {
        List<String> declared = encoding != null ? encoding.categoricalColumns()
                : categoricalColumns == null ? List.of() : categoricalColumns;
        List<String> features = List.of(names);
        boolean[] text = new boolean[names.length];
        for (String name : declared) {
            CsvHeader.column(fname, index, name, "categorical column");
            int j = features.indexOf(name);
            if (j < 0) {
                throw new DataException(fname + ": categorical column \"" + name + "\" is not a feature column"
                        + (name.equals(labelColumn) ? " (it is the label column)" : name.equals(idColumn) ? " (it is the id column)" : ""));
            }
            text[j] = true;
        }
        return text;
    }

    private int[] featureIndices(String fname, String[] header, Map<String, Integer> index, int labelIdx, int idIdx) {
        if (encoding != null) return modelFeatureIndices(fname, header, index, labelIdx, idIdx);
        return selectedFeatureIndices(fname, header, index, labelIdx, idIdx);
    }

    /**
     * The columns of the saved encoding, in its order: the file's feature columns (those selected, or all but the
     * label and id columns) must be exactly these, so that no column of the model is missing and none is left over.
     */
    private int[] modelFeatureIndices(String fname, String[] header, Map<String, Integer> index, int labelIdx, int idIdx) {
        List<String> model = encoding.columnNames();
        List<String> present = new ArrayList<>();
        for (int c : selectedFeatureIndices(fname, header, index, labelIdx, idIdx)) present.add(header[c]);
        for (String name : model) {
            if (!present.contains(name)) {
                throw new DataException(fname + ": feature column \"" + name + "\" of the model not found"
                        + (index.containsKey(name) ? " among the feature columns" : "") + "; available columns: "
                        + CsvHeader.listColumns(index.keySet()));
            }
        }
        for (String name : present) {
            if (!model.contains(name)) {
                throw new DataException(fname + ": column \"" + name + "\" is not a feature of the model (its features: "
                        + CsvHeader.listColumns(model) + "); leave it out of the feature columns");
            }
        }
        int[] idx = new int[model.size()];
        for (int j = 0; j < idx.length; j++) idx[j] = index.get(model.get(j));
        return idx;
    }

    private int[] selectedFeatureIndices(String fname, String[] header, Map<String, Integer> index, int labelIdx, int idIdx) {
        if (featureColumns != null) {
            int[] idx = new int[featureColumns.size()];
            for (int j = 0; j < idx.length; j++) {
                String name = featureColumns.get(j);
                idx[j] = CsvHeader.column(fname, index, name, "feature column");
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

    private static String nonEmpty(String fname, int row, String column, String cell) {
        if (cell.isEmpty()) {
            throw new DataException(Cells.where(fname, row, column) + "empty cell");
        }
        return cell;
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
