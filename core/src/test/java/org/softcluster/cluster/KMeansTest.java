package org.softcluster.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;

class KMeansTest {

    /*
     * Golden values from scikit-learn 1.2.1 (numpy 1.24.2, Debian's /usr/bin/python3), script:
     *
     *   import numpy as np
     *   from sklearn.cluster import KMeans
     *   from sklearn.mixture import GaussianMixture
     *   state = (20240601 ^ 0x5DEECE66D) & ((1 << 48) - 1)   # Blobs.java's generator
     *   def u():
     *       global state
     *       state = (state * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
     *       return (state >> 17) / 2.0**31
     *   centres = [[0, 0, 0], [8, 0, 0], [0, 8, 0], [0, 0, 8]]
     *   sizes = [40, 60, 50, 50]
     *   sigmas = [0.5, 1.0, 1.5, 0.8]
     *   rows = []
     *   for c, (m, s) in enumerate(zip(sizes, sigmas)):
     *       for _ in range(m):
     *           rows.append([centres[c][j] + s * (sum(u() for _ in range(12)) - 6.0) for j in range(3)])
     *   X = np.array(rows, dtype=np.float32).astype(np.float64)
     *   km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(X)
     *   print(repr(km.inertia_), km.n_iter_, "".join(map(str, km.labels_)))
     *   gm = GaussianMixture(n_components=4, covariance_type='diag', random_state=0).fit(X)
     *   print(repr(gm.score(X)), gm.converged_, gm.n_iter_, repr(gm.lower_bound_))
     *   print("".join(map(str, gm.predict(X))))
     *
     * Output: X[0] = [-0.4838401675224304, 0.17176666855812073, -0.40623196959495544]; k-means
     * inertia 598.8041246742691 (the same for random_state 0..199 with n_init=1: one optimum).
     */
    static final double SKLEARN_INERTIA = 598.8041246742691;
    static final String SKLEARN_KMEANS_LABELS =
            "3333333333333333333333333333333333333333111111111111111111111111111111111111111111111111111111111111"
            + "2222222222222222222222222222222222222222322322222200000000000000000000000000000000000000000000000000";

    @Test
    void goldenDataMatchesThePythonGenerator() {
        Dataset data = Blobs.golden();
        assertEquals(200, data.size());
        assertEquals(-0.4838401675224304, data.get(0, 0), 0.0);
        assertEquals(0.17176666855812073, data.get(0, 1), 0.0);
        assertEquals(7.667222023010254, data.get(199, 2), 0.0);
    }

    @Test
    void reachesScikitLearnInertiaAndLabels() {
        Dataset data = Blobs.golden();
        KMeansModel m = new KMeans(KMeansConfig.of(4)).fit(data);
        assertEquals(SKLEARN_INERTIA, m.inertia(), 1e-6 * SKLEARN_INERTIA);
        assertTrue(Blobs.samePartition(Blobs.digits(SKLEARN_KMEANS_LABELS), m.predict(data)));
        assertTrue(m.converged());
        assertEquals(4, m.k());
        assertEquals(3, m.inputDim());
    }

    @Test
    void deterministicForASeedWhateverTheThreadCount() throws Exception {
        // 2598 rows and 130 features: three row blocks and two column chunks, so the loops do fork.
        Dataset data = Blobs.many(5L, 6, 433, 130);
        KMeansConfig cfg = new KMeansConfig(6, 3, 300, 1e-4, 42L);
        KMeansModel a = new KMeans(cfg).fit(data);
        KMeansModel b = new ForkJoinPool(1).submit(() -> new KMeans(cfg).fit(data)).get();
        KMeansModel c = new ForkJoinPool(2).submit(() -> new KMeans(cfg).fit(data)).get();
        for (KMeansModel other : new KMeansModel[] {b, c}) {
            assertEquals(a.inertia(), other.inertia(), 0.0);
            assertEquals(a.iterations(), other.iterations());
            for (int t = 0; t < 6; t++) assertArrayEquals(a.centroids()[t], other.centroids()[t], 0.0);
        }
        assertTrue(Blobs.samePartition(data.labels(), a.predict(data)));
    }

    @Test
    void kLargerThanNIsRejected() {
        Dataset data = Dataset.of("tiny", new float[24], 12, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KMeans(KMeansConfig.of(20)).fit(data));
        assertEquals("k = 20 is larger than the number of objects (12)", e.getMessage());
    }

    @Test
    void oneClusterIsTheMean() {
        Dataset data = Blobs.golden();
        KMeansModel m = new KMeans(KMeansConfig.of(1)).fit(data);
        double[] mean = new double[3];
        for (int i = 0; i < 200; i++) for (int j = 0; j < 3; j++) mean[j] += data.get(i, j) / 200.0;
        double ss = 0;
        for (int i = 0; i < 200; i++) for (int j = 0; j < 3; j++) ss += Math.pow(data.get(i, j) - mean[j], 2);
        assertArrayEquals(mean, m.centroids()[0], 1e-12);
        assertEquals(ss, m.inertia(), 1e-9 * ss);
    }

    @Test
    void emptyClusterIsReseededFromTheFarthestPoint() {
        // Two tight pairs and an outlier; the third start centre is so far away that it wins no point.
        float[] x = {0, 0, 0, 1, 10, 0, 10, 1, 5, 20};
        double[] xNorm = RowBlocks.rowSquaredNorms(x, 5, 2);
        double[] start = {0, 0, 10, 0, 100, 100};
        KMeans.Run run = KMeans.lloyd(x, 5, 2, xNorm, start, 3, 300, 0);
        assertArrayEquals(new int[] {0, 0, 1, 1, 2}, run.labels());
        assertArrayEquals(new double[] {0, 0.5, 10, 0.5, 5, 20}, run.centres(), 1e-12);
        assertEquals(1.0, run.inertia(), 1e-12);
    }

    @Test
    void fewerDistinctPointsThanClustersGivesFiniteCentres() {
        float[] x = {1, 1, 1, 1, 1, 1, 5, 5, 5, 5};
        KMeansModel m = KMeans.fit(x, 5, 2, 3, 0L);
        for (double[] c : m.centroids()) for (double v : c) assertTrue(Double.isFinite(v));
        assertEquals(0.0, m.inertia(), 0.0);
    }

    @Test
    void probabilitiesAreOneHotAndTransformGivesDistances() {
        Dataset data = Blobs.golden();
        KMeansModel m = new KMeans(KMeansConfig.of(4)).fit(data);
        double[][] p = m.predictProba(data);
        double[][] dist = m.transform(data);
        int[] labels = m.predict(data);
        double[][] c = m.centroids();
        for (int i = 0; i < data.size(); i++) {
            double sum = 0;
            for (double v : p[i]) sum += v;
            assertEquals(1.0, sum, 0.0);
            assertEquals(1.0, p[i][labels[i]], 0.0);
            assertEquals(labels[i], RowBlocks.argMin(dist[i], 4));
            for (int t = 0; t < 4; t++) {
                double s = 0;
                for (int j = 0; j < 3; j++) s += Math.pow(data.get(i, j) - c[t][j], 2);
                assertEquals(Math.sqrt(s), dist[i][t], 1e-9);
            }
        }
    }

    @Test
    void wrongFeatureCountIsRejected() {
        KMeansModel m = new KMeans(KMeansConfig.of(2)).fit(Blobs.golden());
        Dataset wrong = Dataset.of("wrong", new float[10], 5, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(wrong));
        assertTrue(e.getMessage().endsWith(": data has 2 features but the model expects 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.predictProba(wrong));
        assertThrows(IllegalArgumentException.class, () -> m.transform(wrong));
    }

    @Test
    void nonFiniteFeaturesAreRejected() {
        float[] x = {0, 0, 1, Float.NaN, 2, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KMeans.fit(x, 3, 2, 2, 0L));
        assertEquals("feature 1 of object 1 is not finite: NaN", e.getMessage());
    }

    @Test
    void arrayConveniencesMatchTheDatasetPath() {
        Dataset data = Blobs.golden();
        double[][] rows = new double[data.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[3];
            for (int j = 0; j < 3; j++) rows[i][j] = data.get(i, j);
        }
        KMeansModel viaDataset = new KMeans(new KMeansConfig(4, 7L)).fit(data);
        KMeansModel viaRows = KMeans.fit(rows, 4, 7L);
        KMeansModel viaFlat = KMeans.fit(data.features(), 200, 3, new KMeansConfig(4, 7L));
        assertEquals(viaDataset.inertia(), viaRows.inertia(), 0.0);
        assertEquals(viaDataset.inertia(), viaFlat.inertia(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new double[][] {{1, 2}, {3}}, 1, 0L));
    }

    @Test
    void configDefaultsValidationAndCopies() {
        KMeansConfig c = KMeansConfig.of(3);
        assertEquals(new KMeansConfig(3, 10, 300, 1e-4, 0L), c);
        assertEquals(new KMeansConfig(5, 2, 50, 0.0, 9L), c.withK(5).withNInit(2).withMaxIter(50).withTol(0).withSeed(9));
        assertEquals("k must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> KMeansConfig.of(0)).getMessage());
        assertEquals("nInit must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> c.withNInit(0)).getMessage());
        assertEquals("maxIter must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> c.withMaxIter(0)).getMessage());
        assertEquals("tol must be a finite number >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> c.withTol(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.withTol(Double.NaN));
    }
}
