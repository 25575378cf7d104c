package org.softcluster.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns of a CSV header are the features (in the order read), the label and the id, and which features are
 * text by declaration: what {@link CsvReader} decides from a file's header and its options, with its one-line errors.
 * Public and serialisable so that an engine that reads the records itself (the Spark module, on its executors) takes
 * the same decisions and applies the same per-row checks ({@link #label}, {@link #id}).
 */
public final class CsvColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] header;
    private final int[] features;
    private final int label;
    private final int id;
    private final boolean[] declaredText;

    private CsvColumns(String[] header, int[] features, int label, int id, boolean[] declaredText) {
        this.header = header;
        this.features = features;
        this.label = label;
        this.id = id;
        this.declaredText = declaredText;
    }

    /**
     * The columns of {@code header} under a reader's options.
     *
     * @param labelColumn the label column, or null
     * @param idColumn the id column, or null
     * @param featureColumns the feature columns in order, or null for every other column
     * @param categorical the feature columns declared text (a saved encoding's categorical columns, or the options'), or empty
     * @param model a saved encoding's columns, which the file's feature columns must be exactly, or null
     */
    static CsvColumns of(String fname, String[] header, String labelColumn, String idColumn, List<String> featureColumns,
                         List<String> categorical, List<String> model) {
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
        int[] selected = selected(fname, header, index, featureColumns, labelIdx, idIdx);
        int[] features = model == null ? selected : modelOrder(fname, header, index, selected, model);
        String[] names = new String[features.length];
        for (int j = 0; j < names.length; j++) names[j] = header[features[j]];
        boolean[] text = new boolean[names.length];
        List<String> featureNames = List.of(names);
        for (String name : categorical) {
            CsvHeader.column(fname, index, name, "categorical column");
            int j = featureNames.indexOf(name);
            if (j < 0) {
                throw new DataException(fname + ": categorical column \"" + name + "\" is not a feature column"
                        + (name.equals(labelColumn) ? " (it is the label column)" : name.equals(idColumn) ? " (it is the id column)" : ""));
            }
            text[j] = true;
        }
        return new CsvColumns(header.clone(), features, labelIdx, idIdx, text);
    }

    /** The header's column names. */
    public String[] header() {
        return header.clone();
    }

    /** The feature columns' names, in the order read (a saved encoding's order). */
    public String[] featureNames() {
        String[] names = new String[features.length];
        for (int j = 0; j < names.length; j++) names[j] = header[features[j]];
        return names;
    }

    /** The id column's name, or null when there is none. */
    public String idColumn() {
        return id < 0 ? null : header[id];
    }

    /** The feature cells of a record, in the order of {@link #featureNames}. */
    public String[] featureCells(String[] record) {
        String[] out = new String[features.length];
        for (int j = 0; j < out.length; j++) out[j] = record[features[j]];
        return out;
    }

    /** The record's label, or null when there is no label column; an empty label is an error. */
    public String label(String fname, int row, String[] record) {
        return label < 0 ? null : nonEmpty(fname, row, header[label], record[label]);
    }

    /** The record's id, or null when there is no id column; an empty id is an error. */
    public String id(String fname, int row, String[] record) {
        return id < 0 ? null : nonEmpty(fname, row, header[id], record[id]);
    }

    /** The feature columns declared text (by the options, or a saved encoding's categorical columns). */
    boolean[] declaredText() {
        return declaredText.clone();
    }

    private static String nonEmpty(String fname, int row, String column, String cell) {
        if (cell.isEmpty()) throw new DataException(Cells.where(fname, row, column) + "empty cell");
        return cell;
    }

    /** The feature columns selected by name, or all but the label and id columns. */
    private static int[] selected(String fname, String[] header, Map<String, Integer> index, List<String> featureColumns,
                                  int labelIdx, int idIdx) {
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
                    if (idx[k] == idx[j]) throw new DataException(fname + ": feature column \"" + name + "\" is selected twice");
                }
            }
            return idx;
        }
        int[] idx = new int[header.length];
        int d = 0;
        for (int c = 0; c < header.length; c++) {
            if (c != labelIdx && c != idIdx) idx[d++] = c;
        }
        if (d == 0) throw new DataException(fname + ": no feature columns (all columns are used as label or id)");
        return Arrays.copyOf(idx, d);
    }

    /**
     * The columns of a saved encoding, in its order: the file's feature columns (those selected, or all but the label
     * and id columns) must be exactly these, so that no column of the model is missing and none is left over.
     */
    private static int[] modelOrder(String fname, String[] header, Map<String, Integer> index, int[] selected, List<String> model) {
        List<String> present = new ArrayList<>();
        for (int c : selected) present.add(header[c]);
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
}
