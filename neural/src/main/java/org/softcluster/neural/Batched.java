package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a network over a whole set of rows without gradients, batch by batch: the rows are sliced into native
 * batches, each batch's work runs in its own tensor scope (so scoring a large set never holds more than a
 * batch of tensors) and its outputs are collected as floats — per-row outputs concatenated in row order,
 * per-batch outputs (a loss, column sums) kept batch by batch, to be summed in batch order.
 */
public final class Batched {
    private Batched() { }

    /** Rows [start, end) of the input: one batch. */
    public record Slice(int start, int end) {
        /** The number of rows. */
        public int rows() { return end - start; }

        /** The same rows of another tensor that is row-aligned with the input (a view). */
        public NDArray of(NDArray t) { return t.get(start + ":" + end); }
    }

    /** One batch's work: from its rows {@code xb} of the input, the tensors to collect. */
    @FunctionalInterface
    public interface Body {
        /** The batch's outputs: first the per-row ones (in the order of the widths given), then the per-batch ones. */
        NDArray[] apply(NDArray xb, Slice slice);
    }

    /**
     * What a run collected. Outputs are numbered as the body returns them: {@link #rows(int)} for the per-row
     * ones, {@link #batch(int, int)} and the sums for those after them.
     */
    public static final class Outputs {
        private final int[] widths;
        private final float[][] rows;
        private final List<float[][]> perBatch = new ArrayList<>();
        private final List<Integer> batchRows = new ArrayList<>();

        private Outputs(int n, int[] rowWidths) {
            widths = rowWidths.clone();
            rows = new float[widths.length][];
            for (int i = 0; i < widths.length; i++) rows[i] = new float[n * widths[i]];
        }

        private void add(NDArray[] out, Slice s) {
            float[][] batch = new float[out.length][];
            for (int i = 0; i < out.length; i++) {
                float[] v = out[i].toFloatArray();
                if (i < rows.length) {
                    if (v.length != s.rows() * widths[i]) {
                        throw new IllegalStateException("output " + i + " has " + v.length + " values for " + s.rows()
                                + " rows of width " + widths[i]);
                    }
                    System.arraycopy(v, 0, rows[i], s.start() * widths[i], v.length);
                } else {
                    batch[i] = v;
                }
            }
            perBatch.add(batch);
            batchRows.add(s.rows());
        }

        /** Per-row output {@code i}, row-major (N × its width). */
        public float[] rows(int i) { return rows[i]; }

        /** The number of batches. */
        public int batches() { return perBatch.size(); }

        /** Per-batch output {@code i} of batch {@code b}, flattened. */
        public float[] batch(int i, int b) { return perBatch.get(b)[i]; }

        /** Σ over the batches of the scalar output {@code i}, in batch order (e.g. a summed loss). */
        public double sum(int i) {
            double s = 0;
            for (float[][] b : perBatch) s += b[i][0];
            return s;
        }

        /** Σ over the batches of the scalar output {@code i} times the batch's rows (a per-row mean made a sum), in float per batch. */
        public double rowWeightedSum(int i) {
            double s = 0;
            for (int b = 0; b < perBatch.size(); b++) s += perBatch.get(b)[i][0] * batchRows.get(b);
            return s;
        }
    }

    /** Runs {@code body} over the rows of {@code x} (N × D, any manager) in batches of {@code batchSize}. */
    public static Outputs run(NDArray x, int batchSize, int[] rowWidths, Body body) {
        int n = (int) x.getShape().get(0);
        Outputs out = new Outputs(n, rowWidths);
        eachBatch(n, batchSize, s -> out.add(body.apply(s.of(x), s), s));
        return out;
    }

    /**
     * Runs {@code body} over {@code x}, row-major rows of {@code dim} Java floats, copying one batch at a
     * time into a tensor on {@code manager} (never all rows at once: on MNIST that is a fresh 31 MB per call).
     */
    public static Outputs run(NDManager manager, float[] x, int dim, int batchSize, int[] rowWidths, Body body) {
        int n = x.length / dim;
        Outputs out = new Outputs(n, rowWidths);
        eachBatch(n, batchSize, s -> out.add(body.apply(Tensors.of(manager, x, s.start() * dim, new Shape(s.rows(), dim)), s), s));
        return out;
    }

    /**
     * Runs {@code body} over the rows of {@code x} in batches and keeps its outputs as tensors: output
     * {@code i} of every batch, concatenated along the rows, on {@code into}.
     */
    public static NDArray[] concat(NDArray x, int batchSize, NDManager into, Body body) {
        List<NDList> parts = new ArrayList<>();
        eachBatch((int) x.getShape().get(0), batchSize, s -> {
            NDArray[] out = body.apply(s.of(x), s);
            for (int i = 0; i < out.length; i++) {
                if (parts.size() == i) parts.add(new NDList());
                out[i].attach(into);
                NDScope.unregister(out[i]);
                parts.get(i).add(out[i]);
            }
        });
        NDArray[] out = new NDArray[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = NDArrays.concat(parts.get(i));
            parts.get(i).close();
        }
        return out;
    }

    private static void eachBatch(int n, int batchSize, Consumer<Slice> work) {
        for (int start = 0; start < n; start += batchSize) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                work.accept(new Slice(start, Math.min(n, start + batchSize)));
            }
        }
    }

    /** Row-major floats as double rows of {@code width} values. */
    public static double[][] toRows(float[] flat, int width) {
        double[][] out = new double[flat.length / width][width];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < width; j++) out[i][j] = flat[i * width + j];
        }
        return out;
    }
}
