package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.Reliability;
import org.softcluster.neural.train.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Softness#AUTO} on a small noisy table: the same training as {@link Softness#FIXED} (same seed), then γ softened —
 * never sharpened — with the calibration saved in the model's configuration, recorded in its info and kept by save/load;
 * the clusters do not change.
 */
class SoftnessStepTest {

    private static VadeConfig config(Softness softness) {
        // a sharp branch (T 0.05, no entropy term) on a noisy table: surer than its mixture and its neighbours
        return PretrainingEarlyStopTest.config(10, 0).toBuilder().branchGradient(VadeConfig.BranchGradient.HEAD).branchWarmup(0)
                .branchEpochs(3).epochs(3).temperature(0.05).eta(0).softness(softness).build();
    }

    @Test
    void autoSoftensWithoutMovingAClusterAndTheModelKeepsIt(@TempDir Path dir) throws Exception {
        Dataset data = PretrainingEarlyStopTest.noisyBlobs();
        double[][] fixed;
        try (VadeModel m = new VadeTrainer(config(Softness.FIXED), null).fit(data)) {
            assertFalse(m.info().containsKey("softness"), "nothing recorded under fixed softness");
            fixed = m.predictProba(data);
        }
        List<String> messages = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) { messages.add(message); }
        };
        double[][] auto;
        double tau;
        try (VadeModel m = new VadeTrainer(config(Softness.AUTO), listener).fit(data)) {
            Map<?, ?> soft = (Map<?, ?>) m.info().get("softness");
            tau = ((Number) soft.get("calibration")).doubleValue();
            double estimate = ((Number) soft.get("estimate")).doubleValue();
            assertTrue(tau >= 1, "never sharper than trained: " + soft);
            assertTrue(estimate > 0 && estimate <= 1, soft.toString());
            assertTrue(((Number) soft.get("confidence")).doubleValue() <= ((Number) soft.get("confidence_trained")).doubleValue() + 1e-6, soft.toString());
            assertEquals(Math.min(estimate, ((Number) soft.get("confidence_trained")).doubleValue()),
                    ((Number) soft.get("confidence")).doubleValue(), 1e-6, "the validation rows' mean confidence lands on the estimate");
            assertEquals(tau, m.config().branch().calibration(), 0, "the model scores with the chosen calibration");
            assertTrue(messages.stream().anyMatch(s -> s.startsWith("softness auto: reliability estimate")), messages.toString());
            auto = m.predictProba(data);
            m.save(dir.resolve("model"));
        }
        assertTrue(tau > 1, "this sharp branch is surer than its mixture and neighbours (tau " + tau + ")");
        for (int i = 0; i < data.size(); i++) {
            assertEquals(argmax(fixed[i]), argmax(auto[i]), "object " + i + " kept its cluster");
            assertArrayEquals(Reliability.temper(new double[][] {fixed[i]}, tau)[0], auto[i], 1e-4, "γ is the trained γ at τ·T");
        }
        assertTrue(Reliability.meanConfidence(auto) < Reliability.meanConfidence(fixed));
        try (VadeModel loaded = VadeModel.load(dir.resolve("model"))) {
            assertEquals(tau, loaded.config().branch().calibration(), 0);
            double[][] again = loaded.predictProba(data);
            for (int i = 0; i < data.size(); i++) assertArrayEquals(auto[i], again[i], 1e-6);
        }
    }

    private static int argmax(double[] row) {
        int b = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[b]) b = i;
        return b;
    }
}
