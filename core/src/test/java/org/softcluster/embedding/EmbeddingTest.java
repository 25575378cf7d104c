package org.softcluster.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    /** Three well-separated Gaussian blobs in 6 dimensions. */
    private static double[][] blobs(int n) {
        Random rng = new Random(7);
        double[][] x = new double[n][6];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = (j == 2 * (i % 3) ? 10.0 : 0.0) + rng.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void tsneIsDeterministicForASeedAndKeepsClustersApart() {
        double[][] x = blobs(60);
        Embedding.Result a = Embedding.tsne(x, 3, 5, 500, 2000);
        Embedding.Result b = Embedding.tsne(x, 3, 5, 500, 2000);
        assertEquals(60, a.size());
        assertEquals(5.0, a.parameter(), 0.0);
        assertEquals(19.667, Embedding.tsne(x, 3, 30, 20, 2000).parameter(), 1e-3); // capped at (n - 1) / 3
        for (int i = 0; i < 60; i++) {
            assertArrayEquals(a.coordinates()[i], b.coordinates()[i], 0.0);
            assertEquals(i, a.index()[i]);
        }
        // Mean distance within a blob is well below the mean distance between blobs.
        double within = 0;
        double between = 0;
        int nw = 0;
        int nb = 0;
        for (int i = 0; i < 60; i++) {
            for (int j = i + 1; j < 60; j++) {
                double d = Math.hypot(a.coordinates()[i][0] - a.coordinates()[j][0],
                        a.coordinates()[i][1] - a.coordinates()[j][1]);
                if (i % 3 == j % 3) {
                    within += d;
                    nw++;
                } else {
                    between += d;
                    nb++;
                }
            }
        }
        assertTrue(within / nw < 0.5 * between / nb, "within " + within / nw + ", between " + between / nb);
    }

    @Test
    void umapMapsEverySampledRowBack() {
        double[][] x = blobs(45);
        Embedding.Result r = Embedding.umap(x, 1, 15, 30);
        assertEquals(30, r.size());
        assertEquals(45, r.inputRows());
        int[] allowed = Embedding.subsample(45, 30, 1);
        for (int i = 0; i < r.size(); i++) {
            assertTrue(Arrays.binarySearch(allowed, r.index()[i]) >= 0);
            assertTrue(Double.isFinite(r.coordinates()[i][0]) && Double.isFinite(r.coordinates()[i][1]));
        }
    }

    @Test
    void severalUmapMapsOfOneSampleEqualTheMapsAlone() {
        double[][] x = blobs(90);
        java.util.List<Embedding.Result> maps = Embedding.umaps(x, 4, new long[]{4, 5, 6}, 10, 60, 2);
        for (int m = 0; m < 3; m++) {
            Embedding.Result alone = Embedding.umap(x, 4, 4 + m, 10, 60);
            assertArrayEquals(alone.index(), maps.get(m).index());
            for (int i = 0; i < alone.size(); i++) assertArrayEquals(alone.coordinates()[i], maps.get(m).coordinates()[i], 0.0);
        }
    }

    @Test
    void subsampleIsSeededSortedAndDistinct() {
        int[] a = Embedding.subsample(100, 10, 5);
        assertArrayEquals(a, Embedding.subsample(100, 10, 5));
        assertEquals(10, a.length);
        for (int i = 1; i < a.length; i++) {
            assertTrue(a[i] > a[i - 1]);
        }
        assertEquals(7, Embedding.subsample(7, 10, 5).length);
        assertThrows(IllegalArgumentException.class, () -> Embedding.tsne(new double[3][2], 0));
    }
}
