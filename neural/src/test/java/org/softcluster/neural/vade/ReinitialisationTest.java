package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.ClusterUse;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-initialisation after a collapse ({@link VadeConfig.Mixture#attempts()}): a start made to collapse (every
 * component of the prior made identical, π all on the first) ends the main stage with one cluster; with three
 * attempts the trainer notices, starts again from the same pre-trained codes and ends with all K clusters; with
 * one attempt it keeps the collapse (so the test can fail).
 */
class ReinitialisationTest {

    /** Three well-separated blobs in 2-D. */
    static Dataset blobs() {
        Random r = new Random(3);
        int n = 150;
        double[][] rows = new double[n][2];
        double[][] centres = {{0, 0}, {8, 0}, {0, 8}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            rows[i][0] = centres[c][0] + r.nextGaussian();
            rows[i][1] = centres[c][1] + r.nextGaussian();
        }
        return Dataset.of(rows);
    }

    static VadeConfig config(int attempts) {
        return VadeConfig.builder().k(3).latentDim(2).encoderDims(16, 16).pretrainEpochs(10).epochs(3).batchSize(32)
                .init(VadeConfig.MixtureInit.KMEANS).kmeansInit(2).patience(0).selection(VadeConfig.Selection.LOSS)
                .attempts(attempts).build();
    }

    /** Makes the first start collapse: all components at the first one's mean and variance, π on the first. */
    static void collapseFirst(int attempt, VadeNetwork net) {
        if (attempt > 0) return;
        NDArray mu = net.params().get("prior.mu");
        NDArray logvar = net.params().get("prior.logvar");
        float[] m = mu.toFloatArray();
        float[] v = logvar.toFloatArray();
        int d = m.length / 3;
        for (int c = 1; c < 3; c++) {
            System.arraycopy(m, 0, m, c * d, d);
            System.arraycopy(v, 0, v, c * d, d);
        }
        Tensors.assign(mu, m);
        Tensors.assign(logvar, v);
        Tensors.assign(net.params().get("prior.logits"), new float[] {5f, 0f, 0f});
    }

    private static ClusterUse train(int attempts, List<String> messages) {
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) { messages.add(message); }
        };
        Dataset data = blobs();
        try (VadeModel model = new VadeTrainer(config(attempts), listener).withStartHook(ReinitialisationTest::collapseFirst).fit(data)) {
            return ClusterUse.of(model.responsibilities(data));
        }
    }

    @Test
    void aCollapsedStartIsReinitialisedAndRecovered() {
        List<String> messages = new ArrayList<>();
        ClusterUse use = train(3, messages);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("collapse: after the main stage from start 1 only 1 of 3")
                && m.endsWith("re-initialising (start 2 of 3)")), messages.toString());
        assertEquals(3, use.used(), "sizes " + java.util.Arrays.toString(use.sizes()));
    }

    @Test
    void withOneAttemptTheCollapseStays() {
        List<String> messages = new ArrayList<>();
        ClusterUse use = train(1, messages);
        assertTrue(use.collapsed(), "sizes " + java.util.Arrays.toString(use.sizes()));
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("collapse:")), messages.toString());
    }
}
