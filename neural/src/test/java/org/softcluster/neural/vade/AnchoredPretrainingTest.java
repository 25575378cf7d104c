package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VadeConfig.PretrainLoss#ANCHORED}: pre-training that keeps the codes a copy of the features. On a 3-feature
 * table with 3 latent dimensions the anchored codes sit on the features; plain squared error leaves them wherever
 * reconstruction put them. A latent size other than the feature count is refused before any training.
 */
class AnchoredPretrainingTest {

    private static Dataset blobs() {
        Random r = new Random(5);
        double[][] rows = new double[90][3];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 3; j++) rows[i][j] = (j == i % 3 ? 2.0 : 0.0) + 0.5 * r.nextGaussian();
        }
        return Dataset.of(rows);
    }

    private static VadeConfig config(VadeConfig.PretrainLoss loss, int latent) {
        return VadeConfig.builder().k(3).latentDim(latent).encoderDims(32, 32).pretrainEpochs(60).pretrainLoss(loss).epochs(1)
                .batchSize(16).likelihood(VadeConfig.Likelihood.GAUSSIAN).variance(VadeConfig.VarianceMode.SCALAR)
                .init(VadeConfig.MixtureInit.GMM).kmeansInit(2).patience(0).selection(VadeConfig.Selection.LAST).seed(3).build();
    }

    /** Mean squared distance of the model's codes μ to the features. */
    private static double codeToFeatureDistance(VadeConfig c, Dataset data) {
        try (VadeModel m = new VadeTrainer(c).fit(data)) {
            float[] mu = m.infer(data).mu();
            float[] x = data.features();
            double s = 0;
            for (int i = 0; i < x.length; i++) s += (mu[i] - x[i]) * (mu[i] - x[i]);
            return s / data.size();
        }
    }

    @Test
    void anchoredCodesStayOnTheFeatures() {
        Dataset data = blobs();
        double anchored = codeToFeatureDistance(config(VadeConfig.PretrainLoss.ANCHORED, 3), data);
        double plain = codeToFeatureDistance(config(VadeConfig.PretrainLoss.MSE, 3), data);
        assertTrue(anchored < 0.05, "anchored codes are " + anchored + " (squared) from the features");
        assertTrue(anchored < 0.1 * plain, "anchored " + anchored + " against plain squared error " + plain);
    }

    @Test
    void aLatentSizeOtherThanTheFeatureCountIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VadeTrainer(config(VadeConfig.PretrainLoss.ANCHORED, 2)).fit(blobs()).close());
        assertTrue(e.getMessage().contains("'anchored' needs as many latent dimensions as features"), e.getMessage());
    }
}
