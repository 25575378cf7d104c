package org.softcluster.metrics;

import org.softcluster.io.Json;

import java.util.Map;

/**
 * The standard metrics of one clustering: N, K, NMI, ARI, Hungarian accuracy and, when soft assignments
 * are given, entropy (mean, in nats), confidence, ECE and Brier score (NaN for hard labels only).
 *
 * <p>See {@link Nmi}, {@link Ari}, {@link HungarianAccuracy} and {@link SoftMetrics} for the exact
 * definitions; with probabilities, the hard metrics are computed on the argmax labels.
 *
 * @param n number of objects
 * @param k number of predicted clusters: the number of probability columns, or of distinct predicted labels
 * @param nmi normalized mutual information (arithmetic normalisation)
 * @param ari adjusted Rand index
 * @param acc Hungarian-matched accuracy
 * @param entropy mean entropy of the soft assignments in nats, NaN for hard labels
 * @param confidence mean largest probability, NaN for hard labels
 * @param ece expected calibration error with 15 bins, NaN for hard labels
 * @param brier multi-class Brier score, NaN for hard labels
 */
public record MetricReport(int n, int k, double nmi, double ari, double acc,
                           double entropy, double confidence, double ece, double brier) {

    /** Computes the hard-label metrics of a predicted labeling; the soft fields are NaN. */
    public static MetricReport of(int[] truth, int[] pred) {
        Contingency table = Contingency.of(truth, pred);
        return new MetricReport(table.n(), table.cols(), Nmi.score(table), Ari.score(table),
                HungarianAccuracy.match(table).accuracy(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Computes all metrics of soft assignments (N × K, rows summing to one), with pred = argmax. */
    public static MetricReport of(int[] truth, double[][] proba) {
        SoftMetrics.Result soft = SoftMetrics.evaluate(truth, proba);
        Contingency table = soft.matching().contingency();
        return new MetricReport(table.n(), table.cols(), Nmi.score(table), Ari.score(table),
                soft.matching().accuracy(), soft.entropy(), soft.confidence(), soft.ece(), soft.brier());
    }

    /** Returns whether the report was computed from soft assignments (soft fields are not NaN). */
    public boolean hasProbabilities() {
        return !Double.isNaN(entropy);
    }

    /**
     * Returns the metrics under their JSON keys in a fixed order: n, k, nmi, ari, acc and, only with
     * probabilities, entropy, confidence, ece, brier.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = Json.ordered("n", n, "k", k, "nmi", nmi, "ari", ari, "acc", acc);
        if (hasProbabilities()) m.putAll(Json.ordered("entropy", entropy, "confidence", confidence, "ece", ece, "brier", brier));
        return m;
    }
}
