package org.softcluster.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.Dataset;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.neural.NeuralModel;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Scores one partition in batches: up to {@code batchSize} rows are encoded into one feature block and scored by
 * one {@link NeuralModel#predictProba} call (never a model call per row), and each input row comes out with the
 * cluster, the probability vector, the entropy and the confidence (and, if the spec asks, the reliability estimate)
 * appended. The model comes from the
 * executor's {@link ModelCache}, so it is loaded once per JVM, not once per task. Rows are pulled lazily, one
 * batch at a time, so a partition never has to fit in memory.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String modelDir;
    private final ScoringSpec spec;
    private final StructType inputSchema;
    private final int batchSize;
    private final RowMaker maker;

    /**
     * What comes out for one scored row: the input row, its soft assignment {@code p} and its reliability estimate
     * (NaN when the spec asks for none) make the output row.
     */
    @FunctionalInterface
    interface RowMaker extends java.io.Serializable {
        Row make(Row input, double[] p, double reliability);

        /** A row that comes first in each partition that has scored rows (e.g. a CSV header line), or null for none. */
        default Row header() { return null; }

        /** After each batch: rows read but not scored (dropped or skipped), rows scored with an unseen category. */
        default void tally(long dropped, long unseenCategory) { }
    }

    /** Scores rows into the input row with prediction, probability, entropy, confidence (and reliability) appended. */
    PartitionScorer(String modelDir, ScoringSpec spec, StructType inputSchema, int batchSize) {
        this(modelDir, spec, inputSchema, batchSize, spec.reliability() ? PartitionScorer::scoredWithReliability : PartitionScorer::scored);
    }

    /** Scores rows into whatever {@code maker} makes of each (e.g. spark-assign's output rows, in one pass). */
    PartitionScorer(String modelDir, ScoringSpec spec, StructType inputSchema, int batchSize, RowMaker maker) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        this.modelDir = modelDir;
        this.spec = spec;
        this.inputSchema = inputSchema;
        this.batchSize = batchSize;
        this.maker = maker;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        NeuralModel model = ModelCache.get(modelDir);
        TaskContext task = TaskContext.get();
        RowFeatures features = RowFeatures.of(model, inputSchema, spec, task == null ? -1 : task.partitionId());
        return new Iterator<>() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();
            private long seen;
            private boolean headed;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && rows.hasNext()) scoreBatch();
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return ready.poll();
            }

            private void scoreBatch() {
                int dim = features.dim();
                float[] x = new float[batchSize * dim];
                Row[] kept = new Row[batchSize];
                int n = 0;
                int read = 0;
                long unseenBefore = features.unseenRows();
                while (n < batchSize && rows.hasNext()) {
                    Row row = rows.next();
                    read++;
                    if (features.encode(row, seen++, x, n * dim)) kept[n++] = row;
                }
                maker.tally(read - n, features.unseenRows() - unseenBefore);
                if (n == 0) return;
                float[] block = n == batchSize ? x : java.util.Arrays.copyOf(x, n * dim);
                Dataset data = Dataset.of("partition", block, n, dim);
                double[][] p = model.predictProba(data);
                double[] reliability = spec.reliability() ? model.reliability(data, AssignmentsCsv.clusters(p)) : null;
                if (!headed) {
                    headed = true;
                    Row header = maker.header();
                    if (header != null) ready.add(header);
                }
                for (int i = 0; i < n; i++) ready.add(maker.make(kept[i], p[i], reliability == null ? Double.NaN : reliability[i]));
            }
        };
    }

    /** The input row with prediction, probability, entropy and confidence appended. */
    private static Row scored(Row row, double[] p, double reliability) {
        return new GenericRow(appended(row, p, 4));
    }

    /** The input row with prediction, probability, entropy, confidence and reliability appended. */
    private static Row scoredWithReliability(Row row, double[] p, double reliability) {
        Object[] values = appended(row, p, 5);
        values[values.length - 1] = reliability;
        return new GenericRow(values);
    }

    private static Object[] appended(Row row, double[] p, int extra) {
        int width = row.length();
        Object[] values = new Object[width + extra];
        for (int c = 0; c < width; c++) values[c] = row.get(c);
        int best = AssignmentsCsv.cluster(p);
        values[width] = best;
        values[width + 1] = Vectors.dense(p);
        values[width + 2] = AssignmentsCsv.entropy(p);
        values[width + 3] = p[best];
        return values;
    }
}
