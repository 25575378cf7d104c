package org.softcluster.cluster;

import java.util.stream.IntStream;

/**
 * Deterministic data-parallel loops and numeric kernels shared by the baselines.
 *
 * <p>Rows are cut into blocks of a fixed size, so block boundaries (and hence the order in
 * which partial sums are added) depend only on the row count, never on the thread count.
 * Sums over rows for each feature are done column-parallel: every task owns a disjoint range
 * of features and runs through the rows in order, so those sums are sequential as well.
 */
final class RowBlocks {
    /** Rows per block: large enough to amortise task overhead, small enough to balance two cores. */
    static final int BLOCK_ROWS = 1024;
    /**
     * Features per column chunk: 512 contiguous bytes of each row, which streams well (on MNIST,
     * 32-feature chunks made the centre update about twice as slow).
     */
    static final int CHUNK_COLS = 128;

    private RowBlocks() { }

    /** Body of a loop over a range [from, to) that is the index-th block or chunk. */
    interface Range {
        void run(int index, int from, int to);
    }

    /** Body of a loop over a range that returns that range's partial sum. */
    interface RangeSum {
        double sum(int from, int to);
    }

    /** Number of row blocks for n rows. */
    static int blocks(int n) {
        return (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
    }

    /** Runs the body for every row block of [0, n), in parallel. */
    static void forEachBlock(int n, Range body) {
        forEachRange(n, BLOCK_ROWS, body);
    }

    /** Runs the body for every chunk of CHUNK_COLS features of [0, d), in parallel. */
    static void forEachColumnChunk(int d, Range body) {
        forEachRange(d, CHUNK_COLS, body);
    }

    private static void forEachRange(int n, int size, Range body) {
        int count = (n + size - 1) / size;
        if (count == 1) {
            body.run(0, 0, n); // no fork for small inputs: tests and latent codes stay single-threaded
            return;
        }
        IntStream.range(0, count).parallel().forEach(b -> body.run(b, b * size, Math.min(n, (b + 1) * size)));
    }

    /** Sums a per-row quantity: block partial sums computed in parallel, added in block order. */
    static double sum(int n, RangeSum f) {
        double[] part = new double[blocks(n)];
        forEachBlock(n, (b, from, to) -> part[b] = f.sum(from, to));
        double s = 0;
        for (double p : part) s += p;
        return s;
    }

    /** Squared Euclidean norm of every row, accumulated in double. */
    static double[] rowSquaredNorms(float[] x, int n, int d) {
        double[] out = new double[n];
        forEachBlock(n, (b, from, to) -> {
            for (int i = from; i < to; i++) {
                double s = 0;
                for (int j = i * d, e = j + d; j < e; j++) {
                    double v = x[j];
                    s += v * v;
                }
                out[i] = s;
            }
        });
        return out;
    }

    /**
     * Squared Euclidean distances from one row to m centres, via ||x||² − 2x·c + ||c||².
     *
     * <p>The expansion turns the work into dot products; four centres are done at once with the
     * features split into even and odd halves, which gives eight independent accumulators and
     * keeps the floating-point adders busy. Results are clamped at zero, since rounding can make
     * the expansion slightly negative for a point on top of a centre.
     *
     * @param x row-major features
     * @param off offset of the row in x
     * @param d number of features
     * @param xNorm the row's squared norm
     * @param c row-major m×d centres
     * @param cNorm the centres' squared norms
     * @param m number of centres
     * @param out receives m squared distances
     */
    static void squaredDistances(float[] x, int off, int d, double xNorm, double[] c, double[] cNorm, int m, double[] out) {
        int t = 0;
        int dEven = d & ~1;
        for (; t + 4 <= m; t += 4) {
            int o0 = t * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
            double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
            for (int j = 0; j < dEven; j += 2) {
                double u = x[off + j];
                double v = x[off + j + 1];
                a0 += u * c[o0 + j];
                b0 += v * c[o0 + j + 1];
                a1 += u * c[o1 + j];
                b1 += v * c[o1 + j + 1];
                a2 += u * c[o2 + j];
                b2 += v * c[o2 + j + 1];
                a3 += u * c[o3 + j];
                b3 += v * c[o3 + j + 1];
            }
            if (dEven < d) {
                double u = x[off + dEven];
                a0 += u * c[o0 + dEven];
                a1 += u * c[o1 + dEven];
                a2 += u * c[o2 + dEven];
                a3 += u * c[o3 + dEven];
            }
            out[t] = Math.max(0, xNorm - 2 * (a0 + b0) + cNorm[t]);
            out[t + 1] = Math.max(0, xNorm - 2 * (a1 + b1) + cNorm[t + 1]);
            out[t + 2] = Math.max(0, xNorm - 2 * (a2 + b2) + cNorm[t + 2]);
            out[t + 3] = Math.max(0, xNorm - 2 * (a3 + b3) + cNorm[t + 3]);
        }
        for (; t < m; t++) {
            int o = t * d;
            double a = 0, b = 0;
            for (int j = 0; j < dEven; j += 2) {
                a += x[off + j] * c[o + j];
                b += x[off + j + 1] * c[o + j + 1];
            }
            if (dEven < d) a += x[off + dEven] * c[o + dEven];
            out[t] = Math.max(0, xNorm - 2 * (a + b) + cNorm[t]);
        }
    }

    /** Squared norms of the m rows of a row-major m×d matrix. */
    static double[] squaredNorms(double[] c, int m, int d) {
        double[] out = new double[m];
        for (int t = 0; t < m; t++) {
            double s = 0;
            for (int j = t * d, e = j + d; j < e; j++) s += c[j] * c[j];
            out[t] = s;
        }
        return out;
    }

    /** Index of the first smallest value. */
    static int argMin(double[] v, int m) {
        int best = 0;
        for (int t = 1; t < m; t++) {
            if (v[t] < v[best]) best = t;
        }
        return best;
    }

    /** log Σ exp(v), shifted by the maximum so that no term overflows. */
    static double logSumExp(double[] v, int m) {
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < m; t++) max = Math.max(max, v[t]);
        if (max == Double.NEGATIVE_INFINITY) return max; // every term is exp(-inf) = 0
        double s = 0;
        for (int t = 0; t < m; t++) s += Math.exp(v[t] - max);
        return max + Math.log(s);
    }

    /** Throws if any feature is NaN or infinite: both would silently poison every centre. */
    static void checkFinite(float[] x, int d) {
        for (int p = 0; p < x.length; p++) {
            if (!Float.isFinite(x[p])) {
                throw new IllegalArgumentException("feature " + (p % d) + " of object " + (p / d) + " is not finite: " + x[p]);
            }
        }
    }

    /** Throws if there are fewer objects than clusters. */
    /** Checks a training set for a fit with {@code k} clusters (not null, k &le; n, every value finite); returns its features. */
    static float[] checkedTrainingFeatures(org.softcluster.data.Dataset train, int k) {
        java.util.Objects.requireNonNull(train, "train");
        checkK(k, train.size());
        checkFinite(train.features(), train.dim());
        return train.features();
    }

    static void checkK(int k, int n) {
        if (k > n) {
            throw new IllegalArgumentException("k = " + k + " is larger than the number of objects (" + n + ")");
        }
    }

    /** Flattens a rectangular double matrix to row-major floats (Dataset's storage type). */
    static float[] flatten(double[][] x) {
        if (x == null || x.length == 0) throw new IllegalArgumentException("no objects to cluster");
        int d = x[0].length;
        float[] out = new float[x.length * d];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has " + d);
            }
            for (int j = 0; j < d; j++) out[i * d + j] = (float) x[i][j];
        }
        return out;
    }
}
