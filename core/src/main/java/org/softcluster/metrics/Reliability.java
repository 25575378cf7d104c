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
 * latent space (among the training objects, itself left out) that the model puts in the same cluster — which sees the errors near
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
    /**
     * Largest distance, relative to the query code's length (at least 1), at which a reference is taken to be the query
     * itself: about 30 times the drift measured between a row's code scored alone and in a batch (3.5e-7, a
     * 500-500-2000 encoder, d = 10), and far below the distance between distinct rows' codes.
     */
    public static final double SAME_POINT = 1e-5;

    private Reliability() { }

    /**
     * For each query object, the share of its {@code k} nearest reference objects (squared Euclidean distance, ties by
     * index) whose label equals the query's own, leaving the query itself out: a reference at the query's own point
     * (within {@link #SAME_POINT}) is taken to be the query and skipped, once, when another reference remains.
     *
     * <p>Why by its code, and once: the references are a sample of training rows, so a training row
     * being scored is often among them, and its own code — at distance 0, in its own cluster — would count itself
     * (issue 30). The references keep no row ids (and a file given to {@code assign} has its own), so the row is known
     * only by its code. Skipping exactly one code at its point makes the estimate a function of the object alone:
     * a row duplicated in the data keeps its copies as neighbours (they are other rows), a training row scores as its
     * held-out copy would, and a held-out row with a copy among the references loses that one copy — one neighbour of
     * {@code k}, which can only lower a share that overstates anyway. Skipping every code at the point would instead
     * drop real neighbours of rows that repeat. "Its own point" is a tolerance, not equality: the encoder's float
     * kernels differ with the batch's size (a row scored alone comes out a few ulps from its code in a batch).
     *
     * @param ref reference codes, row-major (r × d)
     * @param refLabels their clusters
     * @param query query codes, row-major (q × d): held-out objects, or objects that may be among the references
     * @param queryLabels their clusters
     * @param d the code dimension
     * @param k the neighbours (at most the number of references); one fewer when {@code k} is all of them and one is
     *          skipped as the query itself
     */
    public static double[] neighbourAgreement(float[] ref, int[] refLabels, float[] query, int[] queryLabels, int d, int k) {
        int r = refLabels.length;
        int q = queryLabels.length;
        if (ref.length != (long) r * d || query.length != (long) q * d) throw new IllegalArgumentException("codes and labels disagree in size");
        if (k < 1 || k > r) throw new IllegalArgumentException("k must be in [1, " + r + "], got " + k);
        double[] out = new double[q];
        // streamed: each query keeps only its k + 1 best (one may be itself; O(k) memory, never a q × r matrix); blocks
        // of queries run in parallel
        int slots = Math.min(k + 1, r);
        int blocks = (q + QUERY_BLOCK - 1) / QUERY_BLOCK;
        IntStream blockStream = IntStream.range(0, blocks);
        (blocks > 1 ? blockStream.parallel() : blockStream).forEach(b -> {
            Nearest nearest = new Nearest(slots);
            for (int i = b * QUERY_BLOCK, end = Math.min(q, i + QUERY_BLOCK); i < end; i++) {
                out[i] = nearest.agreement(ref, refLabels, query, i, queryLabels[i], d, k);
            }
        });
        return out;
    }

    /** Queries per parallel task of {@link #neighbourAgreement}. */
    private static final int QUERY_BLOCK = 256;

    /** One task's working space for the nearest references of a query, reused across its queries. */
    private static final class Nearest {
        private final double[] dist;
        private final int[] label;
        private final int[] index;

        Nearest(int slots) {
            dist = new double[slots];
            label = new int[slots];
            index = new int[slots];
        }

        /** The agreement of query {@code i}: brute force over the references, keeping the nearest in the slots. */
        double agreement(float[] ref, int[] refLabels, float[] query, int i, int queryLabel, int d, int k) {
            int slots = dist.length;
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(index, Integer.MAX_VALUE);
            int worst = 0;                                  // the slot of the largest (distance, index) kept
            int qi = i * d;
            double norm = 0;
            for (int c = 0; c < d; c++) norm += (double) query[qi + c] * query[qi + c];
            for (int j = 0, rj = 0; j < refLabels.length; j++, rj += d) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    double diff = query[qi + c] - ref[rj + c];
                    s += diff * diff;
                }
                if (s < dist[worst]) {                      // an equal distance loses: its index is larger
                    dist[worst] = s;
                    label[worst] = refLabels[j];
                    index[worst] = j;
                    worst = largest(slots);
                }
            }
            int skip = -1;
            int nearest = smallest(slots);
            if (slots > 1 && dist[nearest] <= SAME_POINT * SAME_POINT * Math.max(1, norm)) skip = nearest;
            else if (slots > k) skip = worst;               // the (k + 1)-th, kept in case the nearest was the query
            int same = 0;
            for (int m = 0; m < slots; m++) if (m != skip && label[m] == queryLabel) same++;
            return same / (double) (skip < 0 ? slots : slots - 1);
        }

        private int largest(int slots) {
            int w = 0;
            for (int m = 1; m < slots; m++) if (dist[m] > dist[w] || (dist[m] == dist[w] && index[m] > index[w])) w = m;
            return w;
        }

        private int smallest(int slots) {
            int b = 0;
            for (int m = 1; m < slots; m++) if (dist[m] < dist[b] || (dist[m] == dist[b] && index[m] < index[b])) b = m;
            return b;
        }
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
