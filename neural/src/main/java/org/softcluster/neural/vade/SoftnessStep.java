package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.metrics.Reliability;
import org.softcluster.neural.train.TrainingListener;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Softness#AUTO} after training: the label-free reliability estimate of the validation rows
 * ({@link Reliability#estimate}: the mixture's responsibility of each row's cluster, capped by the agreement of its
 * {@value Reliability#NEIGHBOURS} nearest training codes), and the calibration τ ≥ 1 on the branch's temperature that
 * brings γ's mean confidence there down to it. The clusters do not change.
 */
final class SoftnessStep {
    private SoftnessStep() { }

    /** What the step found: the calibration to use and what to record of it (provenance, metrics.json). */
    record Result(double calibration, Map<String, Object> record) { }

    /**
     * Runs the step for a trained network, or returns null when it does not apply (softness fixed, plain VaDE, no
     * validation rows); the neighbours are searched among the model's {@link References} (the training codes it keeps).
     */
    static Result run(VadeNetwork net, ReferenceCodes references, NDArray xVal, TrainingListener listener) {
        VadeConfig c = net.config();
        if (c.branch().softness() != Softness.AUTO || !net.hasBranch()) return null;
        if (xVal == null) {
            listener.onMessage("softness auto: no validation rows to estimate on; γ kept as trained");
            return null;
        }
        VadeNetwork.Inference val = net.infer(xVal, 2048, false, 0);
        int k = val.k();
        int m = val.n();
        int[] labels = val.clusters();
        double[] mixture = new double[m];
        double[][] gamma = val.gammaRows();
        for (int i = 0; i < m; i++) mixture[i] = val.gammaStar()[i * k + labels[i]];
        double[] agreement = references.agreement(val.mu(), labels);
        double estimate = Reliability.estimate(mixture, agreement);
        double before = Reliability.meanConfidence(gamma);
        double tau = Reliability.temperatureFor(gamma, estimate);
        double after = Reliability.meanConfidence(Reliability.temper(gamma, tau));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("mode", "auto");
        record.put("estimate", estimate);
        record.put("estimate_mixture", mean(mixture));
        record.put("estimate_neighbours", mean(agreement));
        record.put("validation_rows", m);
        record.put("confidence_trained", before);
        record.put("confidence", after);
        record.put("calibration", tau);
        listener.onMessage(String.format(Locale.ROOT,
                "softness auto: reliability estimate %.4f on %d validation rows (mixture %.4f, neighbours %.4f); γ's mean confidence %.4f -> %.4f"
                        + " (temperature x%.3f)", estimate, m, mean(mixture), mean(agreement), before, after, tau));
        return new Result(tau, record);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
