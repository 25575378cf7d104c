package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pre-training's early stopping ({@link VadeConfig.Pretraining#patience()}): a 64-wide autoencoder on 48 training
 * rows of a noisy 10-feature table memorises them, its validation loss turns up, pre-training stops
 * {@code patience} epochs after its best validation epoch and keeps that epoch's weights; the learned decoder
 * variance then starts at the validation error. With patience 0 every epoch runs and nothing is validated.
 */
class PretrainingEarlyStopTest {

    /** Three blobs in 10-D with as much noise as signal: easy to memorise, hard to generalise. */
    static Dataset noisyBlobs() {
        Random r = new Random(11);
        int n = 60;
        double[][] rows = new double[n][10];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int j = 0; j < 10; j++) rows[i][j] = (j % 3 == c ? 2.0 : 0.0) + 1.5 * r.nextGaussian();
        }
        return Dataset.of(rows);
    }

    static VadeConfig config(int epochs, int patience) {
        return VadeConfig.builder().k(3).latentDim(3).encoderDims(64, 64).pretrainEpochs(epochs).pretrainLoss(VadeConfig.PretrainLoss.MSE)
                .pretrainPatience(patience).epochs(1).batchSize(16).validationFraction(0.2)
                .likelihood(VadeConfig.Likelihood.GAUSSIAN).variance(VadeConfig.VarianceMode.SCALAR)
                .init(VadeConfig.MixtureInit.KMEANS).kmeansInit(2).patience(0).selection(VadeConfig.Selection.LOSS).build();
    }

    private static List<EpochLog> train(VadeConfig c, List<String> messages) {
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onMessage(String message) { messages.add(message); }
        };
        try (VadeModel model = new VadeTrainer(c, listener).fit(noisyBlobs())) {
            return model.trainLog().stream().filter(r -> r.stage().equals("pretrain")).toList();
        }
    }

    @Test
    void stopsPatienceEpochsAfterTheBestValidationEpochAndKeepsIt() {
        int patience = 5;
        List<String> messages = new ArrayList<>();
        List<EpochLog> pre = train(config(400, patience), messages);
        int best = 0;
        for (int i = 0; i < pre.size(); i++) {
            assertTrue(Double.isFinite(pre.get(i).valLoss()), "epoch " + (i + 1) + " has no validation loss");
            if (pre.get(i).valLoss() < pre.get(best).valLoss()) best = i;
        }
        int bestEpoch = pre.get(best).epoch();
        assertTrue(pre.size() < 400, "the memorising autoencoder never stopped: " + pre.size() + " epochs");
        assertEquals(bestEpoch + patience, pre.get(pre.size() - 1).epoch(), "stopped " + patience + " epochs after the best one");
        assertTrue(pre.get(pre.size() - 1).recon() < pre.get(best).recon(), "training kept improving after the kept epoch");
        String kept = String.format(java.util.Locale.ROOT, "pre-training: kept epoch %d of %d", bestEpoch, pre.size());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(kept)), kept + " not in " + messages);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("decoder variance initialised at") && m.contains("on the validation rows")),
                messages.toString());
    }

    @Test
    void withoutPatienceEveryEpochRunsUnvalidated() {
        List<String> messages = new ArrayList<>();
        List<EpochLog> pre = train(config(30, 0), messages);
        assertEquals(30, pre.size());
        assertTrue(pre.stream().allMatch(r -> Double.isNaN(r.valLoss())));
        assertFalse(messages.stream().anyMatch(m -> m.startsWith("pre-training: kept epoch")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("decoder variance initialised at") && !m.contains("validation")),
                messages.toString());
    }
}
