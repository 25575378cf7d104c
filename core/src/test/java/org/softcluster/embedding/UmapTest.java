package org.softcluster.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UmapTest {

    /** K Gaussian blobs in d dimensions, centres 8 apart on the axes, row i in blob i % K. */
    static double[][] blobs(int n, int k, int d, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) x[i][j] = (j == (i % k) % d ? 8.0 * (1 + (i % k) / d) : 0.0) + rng.nextGaussian();
        }
        return x;
    }

    /** A hash of every coordinate's bits, row by row: equal maps have equal hashes, and any last-bit change shows. */
    static String hash(double[][] map) {
        long h = 1125899906842597L;
        for (double[] row : map) for (double v : row) h = 31 * h + Double.doubleToLongBits(v);
        return Long.toHexString(h);
    }

    @Test
    void threeCallsInOneJvmGiveTheSameMap() {
        double[][] x = blobs(300, 3, 5, 1);
        double[][] a = Umap.fit(x, UmapConfig.DEFAULT, 7);
        double[][] b = Umap.fit(x, UmapConfig.DEFAULT, 7);
        double[][] c = Umap.fit(x, UmapConfig.DEFAULT, 7);
        assertEquals(hash(a), hash(b));
        assertEquals(hash(a), hash(c));
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], c[i], 0.0);
        assertNotEquals(hash(a), hash(Umap.fit(x, UmapConfig.DEFAULT, 8)), "another seed, another layout");
    }

    @Test
    void parallelLayoutsEqualLayoutsAlone() {
        double[][] x = blobs(400, 4, 6, 2);
        Umap.Graph g = Umap.graph(x, UmapConfig.DEFAULT.withEpochs(100), 3);
        long[] seeds = {3, 4, 5, 6, 7};
        List<double[][]> together = g.layouts(seeds, 3);
        for (int m = 0; m < seeds.length; m++) assertEquals(hash(g.layout(seeds[m])), hash(together.get(m)));
    }

    @Test
    void blobsStaySeparateOnTheMap() {
        int k = 4;
        double[][] x = blobs(400, k, 6, 3);
        double[][] map = Umap.fit(x, UmapConfig.DEFAULT, 1);
        assertEquals(400, map.length);
        double[][] centre = new double[k][2];
        for (int i = 0; i < map.length; i++) {
            centre[i % k][0] += map[i][0] / 100;
            centre[i % k][1] += map[i][1] / 100;
        }
        // every point is nearer its own blob's centre than any other's
        for (int i = 0; i < map.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (d2(map[i], centre[c]) < d2(map[i], centre[best])) best = c;
            assertEquals(i % k, best, "row " + i);
        }
    }

    private static double d2(double[] p, double[] q) {
        return (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]);
    }

    @Test
    void aGraphOfSeveralComponentsMapsEveryRow() {
        // 3 blobs 1000 apart with 5 neighbours: the kNN graph falls apart into the blobs
        double[][] x = new double[90][3];
        Random rng = new Random(4);
        for (int i = 0; i < 90; i++) for (int j = 0; j < 3; j++) x[i][j] = (j == i % 3 ? 1000 : 0) + rng.nextGaussian();
        Umap.Graph g = Umap.graph(x, UmapConfig.DEFAULT.withNeighbors(5), 1);
        double[][] map = g.layout(1);
        assertEquals(90, map.length);
        for (double[] row : map) assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
    }

    @Test
    void repeatedRowsMapToFiniteCoordinates() {
        double[][] x = new double[40][3];
        for (int i = 0; i < 40; i++) x[i] = i < 30 ? new double[]{1, 2, 3} : new double[]{i, 0, 3}; // 30 copies of one row
        for (double[] row : Umap.fit(x, UmapConfig.DEFAULT, 2)) assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
        double[][] same = new double[10][2];
        for (double[] row : Umap.fit(same, UmapConfig.DEFAULT, 2)) assertTrue(Double.isFinite(row[0]) && Double.isFinite(row[1]));
    }

    @Test
    void curveMatchesUmapLearn() {
        // umap-learn's find_ab_params(1.0, 0.1) = (1.5769, 0.8951); (1.0, 0.001) = (1.9290, 0.7915)
        double[] ab = Umap.curve(1.0, 0.1);
        assertEquals(1.577, ab[0], 2e-3);
        assertEquals(0.8951, ab[1], 1e-3);
        double[] tight = Umap.curve(1.0, 0.001);
        assertEquals(1.929, tight[0], 3e-3);
        assertEquals(0.7915, tight[1], 1e-3);
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UmapConfig(1, 2, 0.1, 1, 0, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new UmapConfig(15, 2, 2, 1, 0, 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Umap.fit(new double[2][3], UmapConfig.DEFAULT, 1));
    }


    @Test
    void aSecondJvmWithoutTheJitGivesTheSameBits() throws IOException, InterruptedException {
        String here = hash(GoldenMap.map());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xint", "-cp", System.getProperty("java.class.path"),
                GoldenMap.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals(here, out, "the interpreter (no JIT, no intrinsics) and this JVM must agree bit for bit");
        assertEquals(GoldenMap.GOLDEN, here, "the recorded map changed: UMAP is no longer the same on every host");
    }
}
