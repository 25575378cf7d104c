package org.softcluster.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * Metrics of soft assignments p (N rows of K non-negative numbers summing to one): entropy, confidence,
 * expected calibration error and Brier score.
 *
 * <p>Definitions (natural logarithms; argmax ties go to the lowest column, as {@code numpy.argmax}):
 * <ul>
 *   <li><b>entropy</b>: H = (1/N) Σ_i −Σ_k p_ik ln p_ik in nats, with 0·ln 0 = 0;
 *       <b>normalised entropy</b>: H / ln K, defined as 0 when K = 1.</li>
 *   <li><b>confidence</b>: (1/N) Σ_i max_k p_ik.</li>
 *   <li><b>matching</b>: the Hungarian matching ({@link HungarianAccuracy#match(Contingency)}) of the
 *       contingency table truth × argmax with columns fixed to the clusters 0..K-1 (empty ones included).
 *       Object i is <i>correct</i> when its argmax cluster is matched to its true label; objects whose
 *       argmax cluster is unmatched are incorrect.</li>
 *   <li><b>ECE</b>: 15 equal-width bins on [0, 1] with edges e_b = b/15 (computed as the double
 *       {@code b / 15.0}); bin b holds the objects with e_b &lt; max_k p_ik ≤ e_{b+1}, a confidence of
 *       exactly 0 goes to bin 0. ECE = Σ_b (n_b/N) |acc_b − conf_b|, where n_b is the bin count, acc_b the
 *       fraction of correct objects and conf_b the mean confidence in the bin (empty bins contribute 0).
 *       scikit-learn has no ECE; this is the usual definition of Guo et al. (2017) with matched
 *       correctness in place of classification correctness.</li>
 *   <li><b>Brier</b>: (1/N) Σ_i Σ_k (p_ik − y_ik)², where y_i is the one-hot vector over the K clusters
 *       at the cluster matched to the true label of object i, or all zeros if that label is unmatched
 *       (possible when there are more labels than clusters).</li>
 * </ul>
 * When several matchings are optimal (ties in the contingency table), ACC is unaffected but ECE and Brier
 * may depend on which one the {@link Hungarian} solver returns, which need not be SciPy's choice.
 */
public final class SoftMetrics {

    /** Number of equal-width confidence bins used for the ECE. */
    public static final int ECE_BINS = 15;

    private SoftMetrics() {
    }

    /** Returns the mean entropy in nats of the rows of p (0·ln 0 = 0). */
    public static double entropy(double[][] proba) {
        Checks.proba(proba);
        return meanEntropy(proba);
    }

    /** Returns the mean entropy divided by ln K, in [0, 1]; 0 when K = 1. */
    public static double normalizedEntropy(double[][] proba) {
        int k = Checks.proba(proba);
        return normalize(meanEntropy(proba), k);
    }

    /** Returns the mean over rows of the largest probability. */
    public static double confidence(double[][] proba) {
        Checks.proba(proba);
        return meanConfidence(proba);
    }

    /** Returns the argmax column of every row, ties going to the lowest column. */
    public static int[] argmax(double[][] proba) {
        Checks.proba(proba);
        return argmaxUnchecked(proba);
    }

    /** Returns the Hungarian matching of argmax clusters 0..K-1 to true labels used by ECE and Brier. */
    public static HungarianAccuracy.Matching match(int[] truth, double[][] proba) {
        int k = Checks.labelsAndProba(truth, proba);
        return HungarianAccuracy.match(Contingency.of(truth, argmaxUnchecked(proba), k));
    }

    /** Returns the expected calibration error of max p against matched correctness (15 bins). */
    public static double ece(int[] truth, double[][] proba) {
        return calibration(truth, proba).ece();
    }

    /** Returns the ECE together with the per-bin data of a reliability diagram. */
    public static Calibration calibration(int[] truth, double[][] proba) {
        return calibration(truth, proba, match(truth, proba));
    }

    /** Returns the multi-class Brier score against the one-hot vector of the matched cluster of each true label. */
    public static double brier(int[] truth, double[][] proba) {
        return brier(truth, proba, match(truth, proba));
    }

    /** Computes all soft metrics at once, sharing one matching. */
    public static Result evaluate(int[] truth, double[][] proba) {
        int k = Checks.labelsAndProba(truth, proba);
        int[] pred = argmaxUnchecked(proba);
        HungarianAccuracy.Matching m = HungarianAccuracy.match(Contingency.of(truth, pred, k));
        double h = meanEntropy(proba);
        return new Result(h, normalize(h, k), meanConfidence(proba), calibration(truth, proba, m),
                brier(truth, proba, m), m);
    }

    /** Returns the ECE bin of a confidence value: b with b/15 &lt; c ≤ (b+1)/15, 0 for c ≤ 0, 14 for c &gt; 1. */
    public static int bin(double confidence) {
        if (!(confidence > 0.0)) {
            return 0;
        }
        int b = (int) Math.ceil(confidence * ECE_BINS) - 1;
        b = Math.max(0, Math.min(ECE_BINS - 1, b));
        while (b > 0 && confidence <= b / (double) ECE_BINS) {
            b--;
        }
        while (b < ECE_BINS - 1 && confidence > (b + 1) / (double) ECE_BINS) {
            b++;
        }
        return b;
    }

    static Calibration calibration(int[] truth, double[][] proba, HungarianAccuracy.Matching m) {
        int n = proba.length;
        int[] count = new int[ECE_BINS];
        int[] correct = new int[ECE_BINS];
        double[] confSum = new double[ECE_BINS];
        for (int i = 0; i < n; i++) {
            int a = argmaxRow(proba[i]);
            double c = proba[i][a];
            int b = bin(c);
            count[b]++;
            confSum[b] += c;
            if (m.isCorrect(truth[i], a)) {
                correct[b]++;
            }
        }
        List<Bin> bins = new ArrayList<>(ECE_BINS);
        double ece = 0.0;
        for (int b = 0; b < ECE_BINS; b++) {
            double lower = b / (double) ECE_BINS;
            double upper = (b + 1) / (double) ECE_BINS;
            if (count[b] == 0) {
                bins.add(new Bin(b, lower, upper, 0, Double.NaN, Double.NaN));
                continue;
            }
            double conf = confSum[b] / count[b];
            double acc = (double) correct[b] / count[b];
            bins.add(new Bin(b, lower, upper, count[b], conf, acc));
            ece += ((double) count[b] / n) * Math.abs(acc - conf);
        }
        return new Calibration(ece, Collections.unmodifiableList(bins));
    }

    static double brier(int[] truth, double[][] proba, HungarianAccuracy.Matching m) {
        int n = proba.length;
        int k = proba[0].length;
        double total = 0.0;
        for (int i = 0; i < n; i++) {
            OptionalInt target = m.clusterOf(truth[i]);
            int t = target.isPresent() ? target.getAsInt() : -1;
            if (t >= k) {
                throw new IllegalArgumentException("matched cluster " + t + " is not a column of the " + k
                        + "-column probabilities");
            }
            double s = 0.0;
            double[] row = proba[i];
            for (int j = 0; j < k; j++) {
                double d = j == t ? row[j] - 1.0 : row[j];
                s += d * d;
            }
            total += s;
        }
        return total / n;
    }

    private static double meanEntropy(double[][] proba) {
        double total = 0.0;
        for (double[] row : proba) {
            double h = 0.0;
            for (double v : row) {
                if (v > 0.0) {
                    h += v * Math.log(v);
                }
            }
            total += -h;
        }
        return total / proba.length;
    }

    private static double normalize(double entropy, int k) {
        return k == 1 ? 0.0 : entropy / Math.log(k);
    }

    private static double meanConfidence(double[][] proba) {
        double total = 0.0;
        for (double[] row : proba) {
            total += row[argmaxRow(row)];
        }
        return total / proba.length;
    }

    static int[] argmaxUnchecked(double[][] proba) {
        int[] out = new int[proba.length];
        for (int i = 0; i < proba.length; i++) {
            out[i] = argmaxRow(proba[i]);
        }
        return out;
    }

    private static int argmaxRow(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * One confidence bin of a reliability diagram.
     *
     * @param index the bin index b in 0..14
     * @param lower the exclusive lower edge b/15 (bin 0 also holds confidence 0)
     * @param upper the inclusive upper edge (b+1)/15
     * @param count the number of objects whose confidence falls in the bin
     * @param meanConfidence the mean confidence of those objects, NaN if the bin is empty
     * @param accuracy the fraction of those objects that are matched-correct, NaN if the bin is empty
     */
    public record Bin(int index, double lower, double upper, int count, double meanConfidence, double accuracy) {
    }

    /**
     * The expected calibration error with the 15 bins it was computed from.
     *
     * @param ece the expected calibration error Σ_b (n_b/N)|acc_b − conf_b|
     * @param bins the 15 bins in ascending order (unmodifiable)
     */
    public record Calibration(double ece, List<Bin> bins) {
    }

    /**
     * All soft metrics of one set of soft assignments.
     *
     * @param entropy mean entropy in nats
     * @param normalizedEntropy mean entropy divided by ln K (0 when K = 1)
     * @param confidence mean largest probability
     * @param calibration ECE and reliability bins
     * @param brier multi-class Brier score against matched one-hot targets
     * @param matching the Hungarian matching of argmax clusters to true labels
     */
    public record Result(double entropy, double normalizedEntropy, double confidence, Calibration calibration,
                         double brier, HungarianAccuracy.Matching matching) {

        /** Returns the expected calibration error. */
        public double ece() {
            return calibration.ece();
        }
    }
}
