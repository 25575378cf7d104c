package org.softcluster.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the feature columns of a table become a model's features: fitted on the training table, saved with
 * the model and applied unchanged to every table read for it later, so that those have the same features
 * in the same order (scikit-learn's {@code OneHotEncoder(handle_unknown='ignore')} after a
 * {@code SimpleImputer}; Tribuo's models carry their feature map the same way).
 *
 * <ul>
 *   <li>A numeric column is one feature.</li>
 *   <li>A categorical (text) column is one feature per category seen in training, named
 *       {@code column=category}, in sorted order: 1 for the row's category, 0 for the others. A category not
 *       seen in training is all zeros.</li>
 *   <li>A missing cell is refused ({@link Missing#ERROR}), drops its row ({@link Missing#DROP}), or is filled
 *       with the training mean of a numeric column and the training mode of a categorical one
 *       ({@link Missing#MEAN}), or with the training mode of either ({@link Missing#MODE}).</li>
 * </ul>
 *
 * <p>A record that Jackson writes and reads as JSON (a model directory's {@code model.json}, key {@code encoding}).
 *
 * @param missing what a missing cell does
 * @param columns the table's feature columns, in the model's order
 */
public record Encoding(Missing missing, List<Column> columns) {

    /** What a missing feature cell (empty, {@code NA}, {@code NaN}, ...) does. */
    public enum Missing {
        /** Refused: reading stops at the first missing cell. */
        ERROR,
        /** The row is dropped. */
        DROP,
        /** Filled with the training mean (numeric columns) or mode (categorical columns). */
        MEAN,
        /** Filled with the training mode (the most frequent value; the smallest of equally frequent ones). */
        MODE;

        /** The lower-case name used on the command line and in saved state. */
        @JsonValue
        public String id() { return name().toLowerCase(Locale.ROOT); }

        /** Parses {@code error}, {@code drop}, {@code mean} or {@code mode} (case-insensitive). */
        @JsonCreator
        public static Missing parse(String s) {
            for (Missing m : values()) {
                if (s != null && m.id().equalsIgnoreCase(s.strip())) return m;
            }
            throw new DataException("unknown missing-cell policy \"" + s + "\": expected error, drop, mean or mode");
        }

        private boolean fills() { return this == MEAN || this == MODE; }
    }

    /**
     * One feature column of the table.
     *
     * @param name the column's name in the table
     * @param categories its categories in sorted order (a categorical column), or null (a numeric column)
     * @param fill the value that fills a missing cell of a numeric column (policies mean and mode), or null
     * @param fillCategory the category that fills a missing cell of a categorical column (mean and mode), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Column(String name, List<String> categories, Double fill,
                         @JsonProperty("fill_category") String fillCategory) {
        /** Checks the column: a name, distinct sorted categories, a fill of the column's kind. */
        public Column {
            if (name == null || name.isEmpty()) throw new IllegalArgumentException("an encoded column needs a name");
            if (categories != null) {
                categories = List.copyOf(categories);
                if (categories.isEmpty()) throw new IllegalArgumentException("column \"" + name + "\" has no categories");
                for (int c = 1; c < categories.size(); c++) {
                    if (categories.get(c - 1).compareTo(categories.get(c)) >= 0) {
                        throw new IllegalArgumentException("the categories of column \"" + name + "\" are not distinct and sorted");
                    }
                }
                if (fill != null || (fillCategory != null && !categories.contains(fillCategory))) {
                    throw new IllegalArgumentException("column \"" + name + "\" is filled with a category outside its categories");
                }
            } else if (fillCategory != null || (fill != null && !Double.isFinite(fill))) {
                throw new IllegalArgumentException("numeric column \"" + name + "\" needs a finite number as its fill value");
            }
        }

        /** Whether the column is categorical (one-hot encoded). */
        public boolean categorical() { return categories != null; }

        /** How many features the column becomes: 1, or its number of categories. */
        public int width() { return categories == null ? 1 : categories.size(); }

        private boolean filled() { return fill != null || fillCategory != null; }

        private Column withoutFill() { return new Column(name, categories, null, null); }
    }

    /** Checks the encoding: a policy, distinct column names, fill values exactly when the policy fills. */
    public Encoding {
        if (missing == null) throw new IllegalArgumentException("an encoding needs a missing-cell policy");
        if (columns == null || columns.isEmpty()) throw new IllegalArgumentException("an encoding needs at least one column");
        columns = List.copyOf(columns);
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) throw new IllegalArgumentException("column \"" + c.name() + "\" appears twice");
            if (c.filled() != missing.fills()) {
                throw new IllegalArgumentException("column \"" + c.name() + "\" " + (c.filled() ? "has" : "lacks")
                        + " a fill value under the missing-cell policy " + missing.id());
            }
        }
    }

    /** Numeric columns alone, missing cells refused: what a model trained on a table of numbers reads. */
    public static Encoding numeric(List<String> names) {
        List<Column> cols = new ArrayList<>();
        for (String n : names) cols.add(new Column(n, null, null, null));
        return new Encoding(Missing.ERROR, cols);
    }

    /** The number of features: one per numeric column, one per category of each categorical column. */
    public int dim() {
        int d = 0;
        for (Column c : columns) d += c.width();
        return d;
    }

    /** The feature names: a numeric column's name, {@code column=category} for each category. */
    public List<String> featureNames() {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            if (!c.categorical()) out.add(c.name());
            else for (String cat : c.categories()) out.add(c.name() + "=" + cat);
        }
        return out;
    }

    /** The table's feature columns, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The categorical columns, in order. */
    public List<String> categoricalColumns() {
        return columns.stream().filter(Column::categorical).map(Column::name).toList();
    }

    /**
     * This encoding under another missing-cell policy (null: this one): refusing or dropping always works,
     * filling only with the fill values fitted in training.
     *
     * @throws DataException when the policy fills and the training fitted no fill values for it
     */
    public Encoding withMissing(Missing policy) {
        if (policy == null || policy == missing) return this;
        if (policy.fills()) {
            throw new DataException("missing-cell policy " + policy.id() + " needs fill values fitted in training, but the"
                    + " model was trained with policy " + missing.id());
        }
        return new Encoding(policy, columns.stream().map(Column::withoutFill).toList());
    }

    /**
     * The table's values of one encoded row (e.g. a decoded prototype): a numeric column's value, and for a
     * categorical column the category of the largest entry of its one-hot block (the most likely category).
     */
    public Map<String, Object> decode(float[] features) {
        if (features.length != dim()) {
            throw new IllegalArgumentException("a row of " + features.length + " features, the encoding has " + dim());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int off = 0;
        for (Column c : columns) {
            if (!c.categorical()) {
                out.put(c.name(), (double) features[off]);
            } else {
                int best = 0;
                for (int k = 1; k < c.width(); k++) if (features[off + k] > features[off + best]) best = k;
                out.put(c.name(), c.categories().get(best));
            }
            off += c.width();
        }
        return out;
    }

    /** One line for a person: the one-hot encoded columns and the missing-cell policy. */
    public String describe() {
        List<String> cats = new ArrayList<>();
        for (Column c : columns) if (c.categorical()) cats.add("\"" + c.name() + "\": " + c.width());
        String oneHot = cats.isEmpty() ? "no categorical columns" : "one-hot encoded " + cats.size() + " categorical column"
                + (cats.size() == 1 ? "" : "s") + " (categories " + String.join(", ", cats) + ")";
        return oneHot + " into " + dim() + " features; missing cells: " + missing.id();
    }

    /** A table's encoded features and the warnings of encoding it (dropped rows, unseen categories). */
    record Encoded(Dataset data, List<String> warnings) { }

    /**
     * Fits the encoding on a training table: the categories of each text column (in the rows kept under the policy)
     * and, if the policy fills, the fill values.
     */
    static Encoding fit(Table t, Missing policy) {
        int[] rows = rows(t, policy);
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < t.columns.length; j++) {
            String name = t.columns[j];
            if (t.isText(j)) {
                int[] counts = new int[t.texts[j].length];
                for (int i : rows) if (t.codes[j][i] >= 0) counts[t.codes[j][i]]++;
                List<String> seen = new ArrayList<>();
                for (int c = 0; c < counts.length; c++) if (counts[c] > 0) seen.add(t.texts[j][c]);
                if (seen.isEmpty()) throw noValues(t, j);
                seen.sort(null);
                cols.add(new Column(name, seen, null, policy.fills() ? modeText(t.texts[j], counts) : null));
            } else {
                cols.add(new Column(name, null, policy.fills() ? numericFill(t, j, policy) : null, null));
            }
        }
        return new Encoding(policy, cols);
    }

    /** Encodes a table read for this encoding (its columns in this order, the categorical ones as text). */
    Encoded apply(Table t) {
        if (!List.of(t.columns).equals(columnNames())) {
            throw new IllegalArgumentException("the table's columns " + List.of(t.columns) + " are not the encoding's " + columnNames());
        }
        int n = t.rows;
        int d = t.columns.length;
        int[] rows = rows(t, missing);
        int kept = rows.length;
        int[][] slots = slots(t);
        int dim = dim();
        float[] x = new float[kept * dim];
        int[] unseen = new int[d];
        int unseenRows = 0;
        for (int r = 0; r < kept; r++) {
            int i = rows[r];
            int off = r * dim;
            boolean anyUnseen = false;
            for (int j = 0; j < d; j++) {
                Column c = columns.get(j);
                if (!c.categorical()) {
                    float v = t.numbers[i * d + j];
                    x[off] = Float.isNaN(v) ? (float) (double) c.fill() : v;
                } else {
                    int code = t.codes[j][i];
                    int slot = code >= 0 ? slots[j][code] : c.categories().indexOf(c.fillCategory());
                    if (slot >= 0) {
                        x[off + slot] = 1;
                    } else {
                        unseen[j]++;
                        anyUnseen = true;
                    }
                }
                off += c.width();
            }
            if (anyUnseen) unseenRows++;
        }
        Dataset data = new Dataset(t.name, x, kept, dim, pick(t.labels, rows), ids(t, rows), null,
                featureNames().toArray(new String[0])).withEncoding(this);
        List<String> warnings = new ArrayList<>();
        if (kept < n) warnings.add(t.name + ": dropped " + (n - kept) + " of " + n + " rows with a missing cell");
        if (unseenRows > 0) warnings.add(unseenWarning(t.name, unseenRows, unseen));
        return new Encoded(data, warnings);
    }

    /** The rows a policy keeps: all (refusing any missing cell under ERROR), or those without a missing cell (DROP). */
    private static int[] rows(Table t, Missing policy) {
        if (policy == Missing.ERROR) refuseMissing(t);
        int[] rows = new int[t.rows];
        int kept = 0;
        for (int i = 0; i < t.rows; i++) {
            boolean complete = true;
            for (int j = 0; j < t.columns.length && complete && policy == Missing.DROP; j++) complete = !t.isMissing(i, j);
            if (complete) rows[kept++] = i;
        }
        if (kept == 0) throw new DataException(t.name + ": every row has a missing cell; no row is left after dropping them");
        return Arrays.copyOf(rows, kept);
    }

    /** Per categorical column: for each of the table's text codes, its category's index, or -1 if unseen in training. */
    private int[][] slots(Table t) {
        int[][] slots = new int[t.columns.length][];
        for (int j = 0; j < slots.length; j++) {
            Column c = columns.get(j);
            if (c.categorical() != t.isText(j)) {
                throw new IllegalArgumentException("column \"" + c.name() + "\" was read as " + (t.isText(j) ? "text" : "numbers"));
            }
            if (!c.categorical()) continue;
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < c.width(); k++) index.put(c.categories().get(k), k);
            slots[j] = new int[t.texts[j].length];
            for (int code = 0; code < slots[j].length; code++) slots[j][code] = index.getOrDefault(t.texts[j][code], -1);
        }
        return slots;
    }

    private String unseenWarning(String name, int rows, int[] unseen) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < unseen.length; j++) {
            if (unseen[j] > 0) parts.add("\"" + columns.get(j).name() + "\": " + rows(unseen[j]));
        }
        return name + ": " + rows(rows) + " with a category not seen in training (" + String.join(", ", parts)
                + "), encoded as all zeros";
    }

    private static String rows(int n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static int[] pick(int[] values, int[] rows) {
        if (values == null) return null;
        int[] out = new int[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = values[rows[r]];
        return out;
    }

    /** The ids of the kept rows; when rows were dropped from a table without ids, their row indices in the table. */
    private static String[] ids(Table t, int[] rows) {
        if (t.ids == null && rows.length == t.rows) return null;
        String[] out = new String[rows.length];
        for (int r = 0; r < rows.length; r++) out[r] = t.ids == null ? Integer.toString(rows[r]) : t.ids[rows[r]];
        return out;
    }

    private static void refuseMissing(Table t) {
        if (t.firstMissing == null) return;
        String text = t.firstMissing.text();
        throw new MissingCellException(t.where(t.firstMissing) + "missing cell" + (text.isEmpty() ? " (empty)" : " (\"" + text + "\")"));
    }

    private static DataException noValues(Table t, int j) {
        return new DataException(t.name + ": column \"" + t.columns[j] + "\" has no values (every cell is missing)");
    }

    /** The most frequent text; the smallest of equally frequent ones. */
    private static String modeText(String[] texts, int[] counts) {
        int best = 0;
        for (int c = 1; c < texts.length; c++) {
            if (counts[c] > counts[best] || (counts[c] == counts[best] && texts[c].compareTo(texts[best]) < 0)) best = c;
        }
        return texts[best];
    }

    /** The training mean, or the most frequent value (the smallest of equally frequent ones), of a numeric column. */
    private static double numericFill(Table t, int j, Missing policy) {
        int d = t.columns.length;
        double sum = 0;
        int count = 0;
        Map<Float, Integer> counts = new HashMap<>();
        for (int i = 0; i < t.rows; i++) {
            float v = t.numbers[i * d + j];
            if (Float.isNaN(v)) continue;
            sum += v;
            count++;
            if (policy == Missing.MODE) counts.merge(v, 1, Integer::sum);
        }
        if (count == 0) throw noValues(t, j);
        if (policy == Missing.MEAN) return sum / count;
        float best = Float.NaN;
        int bestCount = 0;
        for (Map.Entry<Float, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
