package org.softcluster.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;

class GaussianMixtureTest {

    /*
     * Golden values from scikit-learn 1.2.1 on Blobs.golden(); the script is pasted in KMeansTest:
     * GaussianMixture(n_components=4, covariance_type='diag', random_state=0).fit(X) gives
     * score(X) = -5.256033329278921, lower_bound_ = -5.2560333292796715, converged_ = True,
     * n_iter_ = 3, and the labels below (ARI 1.0 against the generating blobs).
     */
    static final double SKLEARN_SCORE = -5.256033329278921;
    static final double SKLEARN_LOWER_BOUND = -5.2560333292796715;
    static final String SKLEARN_GMM_LABELS =
            "3333333333333333333333333333333333333333111111111111111111111111111111111111111111111111111111111111"
            + "2222222222222222222222222222222222222222222222222200000000000000000000000000000000000000000000000000";

    @Test
    void reachesScikitLearnLikelihoodAndLabels() {
        Dataset data = Blobs.golden();
        GmmModel m = new GaussianMixture(GmmConfig.of(4)).fit(data);
        assertEquals(SKLEARN_SCORE, m.meanLogLikelihood(data), 1e-4);
        assertEquals(SKLEARN_LOWER_BOUND, m.lowerBound(), 1e-4);
        // Same partition up to renaming, i.e. ARI = 1 against scikit-learn's labels.
        assertTrue(Blobs.samePartition(Blobs.digits(SKLEARN_GMM_LABELS), m.predict(data)));
        assertTrue(m.converged());
        assertEquals(3, m.iterations());
    }

    @Test
    void probabilitiesSumToOneAndMatchTheLogDensities() {
        Dataset data = Blobs.golden();
        GmmModel m = new GaussianMixture(GmmConfig.of(4)).fit(data);
        double[][] p = m.predictProba(data);
        double[][] logp = m.transform(data);
        int[] labels = m.predict(data);
        double total = 0;
        for (int i = 0; i < data.size(); i++) {
            double lse = RowBlocks.logSumExp(logp[i], 4);
            total += lse;
            double sum = 0;
            for (int t = 0; t < 4; t++) {
                sum += p[i][t];
                assertEquals(Math.exp(logp[i][t] - lse), p[i][t], 1e-12);
                assertTrue(p[i][t] <= p[i][labels[i]]);
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertEquals(total / data.size(), m.meanLogLikelihood(data), 1e-12);
        double w = 0;
        for (double v : m.weights()) w += v;
        assertEquals(1.0, w, 1e-12);
    }

    @Test
    void oneComponentIsTheMeanAndVariancePlusFloor() {
        Dataset data = Blobs.golden();
        GmmModel m = new GaussianMixture(GmmConfig.of(1)).fit(data);
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int i = 0; i < 200; i++) mean += data.get(i, j) / 200.0;
            double var = 0;
            for (int i = 0; i < 200; i++) var += Math.pow(data.get(i, j) - mean, 2) / 200.0;
            assertEquals(mean, m.means()[0][j], 1e-9);
            assertEquals(var + 1e-6, m.variances()[0][j], 1e-9);
        }
        assertEquals(1.0, m.weights()[0], 1e-12);
    }

    @Test
    void constantFeatureGetsTheVarianceFloor() {
        float[] x = new float[40];
        for (int i = 0; i < 20; i++) {
            x[2 * i] = i < 10 ? i * 0.1f : 10 + i * 0.1f;
            x[2 * i + 1] = 3f;
        }
        Dataset data = Dataset.of("const", x, 20, 2);
        GmmModel m = new GaussianMixture(new GmmConfig(2, GmmConfig.DEFAULT_MAX_ITER, GmmConfig.DEFAULT_TOL, 1e-3, 1, 0L)).fit(data);
        for (double[] v : m.variances()) assertEquals(1e-3, v[1], 1e-12);
        // Without a floor a component whose mass underflowed to zero would get variance 0 (and an
        // infinite density); that is refused with advice rather than turned into NaNs.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DiagonalGaussians(new double[] {1}, new double[] {0, 0}, new double[] {1, 0}, 1, 2));
        assertEquals("component 0 has variance 0.0 in feature 1: increase regCovar or decrease k", e.getMessage());
    }

    @Test
    void deterministicForASeedWhateverTheThreadCount() throws Exception {
        Dataset data = Blobs.many(3L, 5, 520, 130); // three row blocks, two column chunks
        GmmConfig cfg = new GmmConfig(5, 100, 1e-3, 1e-6, 2, 11L);
        GmmModel a = new GaussianMixture(cfg).fit(data);
        GmmModel b = new ForkJoinPool(1).submit(() -> new GaussianMixture(cfg).fit(data)).get();
        GmmModel c = new ForkJoinPool(2).submit(() -> new GaussianMixture(cfg).fit(data)).get();
        for (GmmModel other : new GmmModel[] {b, c}) {
            assertEquals(a.lowerBound(), other.lowerBound(), 0.0);
            assertArrayEquals(a.weights(), other.weights(), 0.0);
            for (int t = 0; t < 5; t++) {
                assertArrayEquals(a.means()[t], other.means()[t], 0.0);
                assertArrayEquals(a.variances()[t], other.variances()[t], 0.0);
            }
        }
        assertTrue(Blobs.samePartition(data.labels(), a.predict(data)));
    }

    @Test
    void badInputIsRejected() {
        Dataset tiny = Dataset.of("tiny", new float[24], 12, 2);
        assertEquals("k = 20 is larger than the number of objects (12)",
                assertThrows(IllegalArgumentException.class, () -> new GaussianMixture(GmmConfig.of(20)).fit(tiny)).getMessage());
        GmmModel m = new GaussianMixture(GmmConfig.of(2)).fit(Blobs.golden());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predictProba(tiny));
        assertTrue(e.getMessage().endsWith(": data has 2 features but the model expects 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.predict(tiny));
        assertThrows(IllegalArgumentException.class, () -> m.transform(tiny));
        assertThrows(IllegalArgumentException.class, () -> m.meanLogLikelihood(tiny));
    }

    @Test
    void configDefaultsAndValidation() {
        GmmConfig c = GmmConfig.of(3);
        assertEquals(new GmmConfig(3, 100, 1e-3, 1e-6, 1, 0L), c);
        assertEquals("k must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> GmmConfig.of(0)).getMessage());
        assertEquals("maxIter must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new GmmConfig(3, 0, 1e-3, 1e-6, 1, 0L)).getMessage());
        assertEquals("tol must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new GmmConfig(3, 100, -1, 1e-6, 1, 0L)).getMessage());
        assertEquals("regCovar must be a finite number >= 0, got -1.0E-6",
                assertThrows(IllegalArgumentException.class, () -> new GmmConfig(3, 100, 1e-3, -1e-6, 1, 0L)).getMessage());
        assertEquals("nInit must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new GmmConfig(3, 100, 1e-3, 1e-6, 0, 0L)).getMessage());
    }
}
