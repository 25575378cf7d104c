package org.softcluster.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.softcluster.cli.ModelInput;
import org.softcluster.data.Cells;
import org.softcluster.data.DataException;
import org.softcluster.data.Encoding;
import org.softcluster.neural.NeuralModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * How one Spark row becomes the model's features, with the rules {@code assign} reads a table by: a vector
 * column taken as it is, or table columns encoded with the model's own {@link Encoding} (numbers as they are,
 * categorical text one-hot, an unseen category all zeros, a missing cell — null, NaN, or text such as
 * {@code NA} — filled, dropped or refused by the missing-cell policy). A row that cannot be scored (a missing cell
 * the policy refuses, an infinite number, text in a numeric column, a non-finite vector entry) fails the job with
 * a one-line message naming the column and the row, or is dropped when the spec says to skip invalid rows.
 *
 * <p>Built on the driver to check a schema before a job starts, and in every task (cheap; the model comes from
 * the {@link ModelCache}).
 */
final class RowFeatures {
    private final int dim;
    private final ScoringSpec spec;
    private final int vectorIndex;
    private final Encoding encoding;
    private final int[] columnIndex;
    private final List<Map<String, Integer>> slots = new ArrayList<>();
    private final int idIndex;
    private final int partition;
    /** Rows encoded with at least one category not seen in training (all zeros in that column's one-hot block). */
    private long unseenRows;

    private RowFeatures(int dim, Encoding tableEncoding, StructType schema, ScoringSpec spec, int partition) {
        this.dim = dim;
        this.spec = spec;
        this.partition = partition;
        this.idIndex = spec.idCol().isEmpty() ? -1 : fieldIndex(schema, spec.idCol(), "id column");
        if (!spec.fromColumns()) {
            vectorIndex = fieldIndex(schema, spec.featuresCol(), "features column");
            DataType type = schema.fields()[vectorIndex].dataType();
            if (!type.equals(SQLDataTypes.VectorType())) {
                throw new DataException("column \"" + spec.featuresCol() + "\" is " + type.simpleString()
                        + ", the features column must be an ML vector (or give input columns instead)");
            }
            encoding = null;
            columnIndex = null;
            return;
        }
        vectorIndex = -1;
        encoding = tableEncoding;
        columnIndex = new int[encoding.columns().size()];
        for (int c = 0; c < columnIndex.length; c++) {
            Encoding.Column col = encoding.columns().get(c);
            columnIndex[c] = fieldIndex(schema, col.name(), "input column");
            DataType type = schema.fields()[columnIndex[c]].dataType();
            boolean usable = type.equals(DataTypes.StringType) || (col.categorical() ? integral(type) : type instanceof NumericType);
            if (!usable) {
                throw new DataException("column \"" + col.name() + "\" is " + type.simpleString() + ", the model reads it as "
                        + (col.categorical() ? "categories (text or integers)" : "numbers (a numeric or string column)"));
            }
            Map<String, Integer> index = new HashMap<>();
            if (col.categorical()) for (int k = 0; k < col.width(); k++) index.put(col.categories().get(k), k);
            slots.add(index);
        }
    }

    /**
     * The features of rows of {@code schema} for {@code model}.
     *
     * @param partition the Spark partition the rows come from (named in messages), or -1 on the driver
     * @throws DataException when a column is missing or of an unusable type, or the input columns are not the model's
     */
    static RowFeatures of(NeuralModel model, StructType schema, ScoringSpec spec, int partition) {
        return new RowFeatures(model.inputDim(), spec.fromColumns() ? encoding(model, spec) : null, schema, spec, partition);
    }

    /**
     * The features of training rows, before there is a model: a vector column of {@code dim} values, or the input
     * columns read as numbers (numeric columns, or string columns of numbers), missing cells refused.
     */
    static RowFeatures forTraining(int dim, StructType schema, ScoringSpec spec) {
        return new RowFeatures(dim, spec.fromColumns() ? Encoding.numeric(spec.inputCols()) : null, schema, spec, -1);
    }

    /** The number of features a row becomes. */
    int dim() {
        return dim;
    }

    /**
     * Writes the features of {@code row} into {@code out} from {@code offset}.
     *
     * @param rowInPartition the row's position in its partition (named in messages when there is no id column)
     * @return false when the row is dropped (missing-cell policy drop, or an invalid row skipped)
     * @throws DataException for a row that cannot be scored (unless skipped) or a vector of another size
     */
    boolean encode(Row row, long rowInPartition, float[] out, int offset) {
        Arrays.fill(out, offset, offset + dim, 0f);
        return vectorIndex >= 0 ? vector(row, rowInPartition, out, offset) : columns(row, rowInPartition, out, offset);
    }

    private boolean vector(Row row, long at, float[] out, int offset) {
        if (row.isNullAt(vectorIndex)) return invalid(row, at, spec.featuresCol(), "null vector");
        Vector v = (Vector) row.get(vectorIndex);
        if (v.size() != dim) {
            throw new DataException("column \"" + spec.featuresCol() + "\": " + where(row, at) + " has a vector of " + v.size()
                    + " values, the model takes " + dim + " features");
        }
        for (int j = 0; j < dim; j++) {
            double x = v.apply(j);
            if (!Double.isFinite(x)) return invalid(row, at, spec.featuresCol(), "non-finite value " + x + " at index " + j);
            out[offset + j] = (float) x;
        }
        return true;
    }

    /** How many rows so far had a category not seen in training (encoded as all zeros, as assign does). */
    long unseenRows() { return unseenRows; }

    private boolean columns(Row row, long at, float[] out, int offset) {
        int off = offset;
        boolean unseen = false;
        for (int c = 0; c < columnIndex.length; c++) {
            Encoding.Column col = encoding.columns().get(c);
            Object cell = row.get(columnIndex[c]);
            // a CSV cell comes trimmed by core's reader; other text is trimmed as that reader trims
            String text = cell instanceof String s ? Cells.trim(s) : null;
            boolean missing = cell == null || (text != null && Cells.isMissing(text))
                    || (cell instanceof Number n && Double.isNaN(n.doubleValue()));
            if (missing) {
                switch (encoding.missing()) {
                    case DROP -> { return false; }
                    case ERROR -> { return invalid(row, at, col.name(), "missing value " + (cell == null ? "(null)"
                            : text == null ? "(NaN)" : text.isEmpty() ? "(empty)" : "(\"" + text + "\")")); }
                    default -> {
                        if (col.categorical()) out[off + slots.get(c).get(col.fillCategory())] = 1;
                        else out[off] = (float) (double) col.fill();
                    }
                }
            } else if (col.categorical()) {
                Integer slot = slots.get(c).get(text != null ? text : cell.toString());
                if (slot != null) out[off + slot] = 1;   // a category not seen in training stays all zeros, as in assign
                else unseen = true;
            } else {
                double x;
                try {
                    x = text != null ? Cells.number("", 0, col.name(), text) : ((Number) cell).doubleValue();
                } catch (DataException e) {
                    x = Double.POSITIVE_INFINITY;   // infinite, or beyond float range
                }
                if (Double.isNaN(x)) return invalid(row, at, col.name(), "not a number: \"" + text + "\"");
                if (Double.isInfinite(x) || Math.abs(x) > Float.MAX_VALUE) {
                    return invalid(row, at, col.name(), "infinite or out-of-range value " + cell);
                }
                out[off] = (float) x;
            }
            off += col.width();
        }
        if (unseen) unseenRows++;
        return true;
    }

    /** A row that cannot be scored: dropped when skipping, else a one-line error naming the column, row and policy. */
    private boolean invalid(Row row, long at, String column, String what) {
        if (spec.skipInvalid()) return false;
        String policy = "; such rows fail the job (handleInvalid=error): handleInvalid=skip drops them"
                + (what.startsWith("missing") ? ", missing=drop|mean|mode handles missing cells" : "");
        throw new DataException("column \"" + column + "\": " + what + " in " + where(row, at) + policy);
    }

    private String where(Row row, long at) {
        if (idIndex >= 0 && !row.isNullAt(idIndex)) return "the row with id \"" + row.get(idIndex) + "\"";
        return "row " + at + " of partition " + partition;
    }

    /**
     * The model's encoding with the spec's missing-cell policy, checked against the spec's input columns: they must be
     * exactly the model's columns (in any order), or, for a model trained without column names, as many numeric
     * columns as it has features.
     */
    private static Encoding encoding(NeuralModel model, ScoringSpec spec) {
        Encoding own = ModelInput.tableEncoding(model);
        Encoding.Missing policy = spec.missing().isEmpty() ? null : Encoding.Missing.parse(spec.missing());
        if (own == null) {
            if (spec.inputCols().size() != model.inputDim()) {
                throw new DataException(spec.inputCols().size() + " input columns, the model takes " + model.inputDim()
                        + " features (it was trained without column names: give its features in order)");
            }
            return Encoding.numeric(spec.inputCols()).withMissing(policy);
        }
        if (!new HashSet<>(spec.inputCols()).equals(new HashSet<>(own.columnNames())) || spec.inputCols().size() != own.columnNames().size()) {
            throw new DataException("input columns " + spec.inputCols() + " are not the model's columns " + own.columnNames());
        }
        return own.withMissing(policy);
    }

    private static int fieldIndex(StructType schema, String name, String role) {
        for (int i = 0; i < schema.fields().length; i++) if (schema.fields()[i].name().equals(name)) return i;
        List<String> names = new ArrayList<>();
        for (StructField f : schema.fields()) names.add(f.name());
        throw new DataException("no " + role + " \"" + name + "\" in the data (its columns: " + String.join(", ", names) + ")");
    }

    private static boolean integral(DataType type) {
        return type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType) || type.equals(DataTypes.ShortType)
                || type.equals(DataTypes.ByteType);
    }
}
