package org.softcluster.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A label-free estimate of how often soft assignments are right, and the temperature that makes their mean confidence
 * say so (issue 19, docs/method.md "Softness chosen without labels").
 *
 * <p>The estimate of an object is the smaller of two shares, each an upper bound on its chance of being right that the
 * model cannot make by itself: the responsibility its model's mixture gives its cluster (the model's own belief — the
 * Bayes posterior when the mixture is the true one), and the share of its {@value #NEIGHBOURS} nearest neighbours in the
 * latent space (among the training objects) that the model puts in the same cluster — which sees the errors near
 * boundaries the codes have squeezed, where γ is sure and its neighbours disagree. Neither sees a cluster that is
 * wrong as a whole, so the estimate only ever <i>softens</i> γ ({@link #temperatureFor}: τ ≥ 1, never sharper than
 * trained). Measured against labels (docs/benchmarks.md "Issue 19 — session 9"): on MNIST it moves γ's mean
 * confidence from 0.972 to the accuracy 0.946 (ECE 0.026 → 0.011).
 */
public final class Reliability {
    /** Neighbours of the latent-space agreement. */
    public static final int NEIGHBOURS = 10;
    /** Largest temperature the search may choose. */
    public static final double MAX_TEMPERATURE = 100;

    private Reliability() { }

    /**
     * For each query object, the share of its {@code k} nearest reference objects (squared Euclidean distance, ties by
     * index) whose label equals the query's own.
     *
     * @param ref reference codes, row-major (r × d)
     * @param refLabels their clusters
     * @param query query codes, row-major (q × d): objects that are not among the references (a held-out part)
     * @param queryLabels their clusters
     * @param d the code dimension
     * @param k the neighbours (at most the number of references)
     */
    public static double[] neighbourAgreement(float[] ref, int[] refLabels, float[] query, int[] queryLabels, int d, int k) {
        int r = refLabels.length;
        int q = queryLabels.length;
        if (ref.length != (long) r * d || query.length != (long) q * d) throw new IllegalArgumentException("codes and labels disagree in size");
        if (k < 1 || k > r) throw new IllegalArgumentException("k must be in [1, " + r + "], got " + k);
        double[] out = new double[q];
        // streamed: each query keeps only its k best (O(k) memory, never a q × r matrix); blocks of queries run in parallel
        int blocks = (q + QUERY_BLOCK - 1) / QUERY_BLOCK;
        IntStream blockStream = IntStream.range(0, blocks);
        (blocks > 1 ? blockStream.parallel() : blockStream).forEach(b -> {
            double[] best = new double[k];
            int[] bestLabel = new int[k];
            for (int i = b * QUERY_BLOCK, end = Math.min(q, i + QUERY_BLOCK); i < end; i++) {
                out[i] = agreementOf(ref, refLabels, query, i, queryLabels[i], d, best, bestLabel);
            }
        });
        return out;
    }

    /** Queries per parallel task of {@link #neighbourAgreement}. */
    private static final int QUERY_BLOCK = 256;

    /** The agreement of query {@code i}: brute force over the references, keeping the k nearest in {@code best}. */
    private static double agreementOf(float[] ref, int[] refLabels, float[] query, int i, int label, int d,
                                      double[] best, int[] bestLabel) {
        int k = best.length;
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int worst = 0;                                      // the slot of the largest distance kept
        int qi = i * d;
        for (int j = 0, rj = 0; j < refLabels.length; j++, rj += d) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double diff = query[qi + c] - ref[rj + c];
                s += diff * diff;
            }
            if (s < best[worst]) {
                best[worst] = s;
                bestLabel[worst] = refLabels[j];
                for (int m = 0; m < k; m++) if (best[m] > best[worst]) worst = m;
            }
        }
        int same = 0;
        for (int m = 0; m < k; m++) if (bestLabel[m] == label) same++;
        return same / (double) k;
    }

    /**
     * Each object's estimate: the smaller of its mixture responsibility of its cluster and its neighbours' agreement
     * (see the class comment) — the per-object values whose mean is {@link #estimate}.
     */
    public static double[] perObject(double[] mixtureConfidence, double[] agreement) {
        if (mixtureConfidence.length != agreement.length) throw new IllegalArgumentException("unequal estimates");
        double[] out = new double[agreement.length];
        for (int i = 0; i < out.length; i++) out[i] = Math.min(mixtureConfidence[i], agreement[i]);
        return out;
    }

    /** The mean over objects of the smaller of each object's two shares (see the class comment). */
    public static double estimate(double[] mixtureConfidence, double[] agreement) {
        if (agreement.length == 0) throw new IllegalArgumentException("empty estimates");
        double s = 0;
        for (double v : perObject(mixtureConfidence, agreement)) s += v;
        return s / agreement.length;
    }

    /** Rows p^(1/τ), renormalised: the soft assignments at τ times their temperature (argmax unchanged). */
    public static double[][] temper(double[][] p, double tau) {
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            double[] row = new double[p[i].length];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < row.length; c++) {
                row[c] = Math.log(Math.max(p[i][c], 1e-300)) / tau;
                max = Math.max(max, row[c]);
            }
            double sum = 0;
            for (int c = 0; c < row.length; c++) sum += row[c] = Math.exp(row[c] - max);
            for (int c = 0; c < row.length; c++) row[c] /= sum;
            out[i] = row;
        }
        return out;
    }

    /** The mean of each row's largest entry. */
    public static double meanConfidence(double[][] p) {
        double s = 0;
        for (double[] row : p) s += Arrays.stream(row).max().orElse(0);
        return s / p.length;
    }

    /**
     * The factor τ ≥ 1 on the assignments' temperature that brings their mean confidence down to {@code target}: 1 when
     * it is already at or below it, else found by bisection on ln τ (up to {@link #MAX_TEMPERATURE}; a target below what
     * that reaches gets the largest).
     */
    public static double temperatureFor(double[][] p, double target) {
        if (meanConfidence(p) <= target) return 1;
        double lo = 0;
        double hi = Math.log(MAX_TEMPERATURE);
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            if (meanConfidence(temper(p, Math.exp(mid))) > target) lo = mid;
            else hi = mid;
        }
        return Math.exp(hi);
    }
}
