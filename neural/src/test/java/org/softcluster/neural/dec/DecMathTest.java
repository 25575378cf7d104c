package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks DEC's q, p and KL(P ‖ Q) against hand-computed values and between the two implementations. */
class DecMathTest {
    static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    // Two points z1 = (0,0), z2 = (2,0); two centres μ1 = (0,0), μ2 = (1,0); α = 1, so the kernel
    // is 1 / (1 + d²).
    static final double[][] Z = {{0, 0}, {2, 0}};
    static final double[][] MU = {{0, 0}, {1, 0}};

    @Test
    void handComputedSoftAssignmentsAndTargets() {
        // z1: d² = 0, 1   → kernels 1, 1/2    → sum 3/2  → q1 = (2/3, 1/3)
        // z2: d² = 4, 1   → kernels 1/5, 1/2  → sum 7/10 → q2 = (2/7, 5/7)
        double[][] q = DecMath.softAssignment(Z, MU, 1.0);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, q[0], 1e-15);
        assertArrayEquals(new double[] {2.0 / 7, 5.0 / 7}, q[1], 1e-15);

        // f = (2/3 + 2/7, 1/3 + 5/7) = (20/21, 22/21)
        // z1: q²/f = (4/9 · 21/20, 1/9 · 21/22) = (7/15, 7/66); sum 63/110 → p1 = (22/27, 5/27)
        // z2: q²/f = (4/49 · 21/20, 25/49 · 21/22) = (3/35, 75/154); sum 441/770 → p2 = (22/147, 125/147)
        double[][] p = DecMath.target(q);
        assertArrayEquals(new double[] {22.0 / 27, 5.0 / 27}, p[0], 1e-15);
        assertArrayEquals(new double[] {22.0 / 147, 125.0 / 147}, p[1], 1e-15);

        // KL row 1 = 22/27 ln((22/27)/(2/3)) + 5/27 ln((5/27)/(1/3)) = 22/27 ln(11/9) + 5/27 ln(5/9)
        // KL row 2 = 22/147 ln((22/147)/(2/7)) + 125/147 ln((125/147)/(5/7)) = 22/147 ln(11/21) + 125/147 ln(25/21)
        double row1 = 22.0 / 27 * Math.log(11.0 / 9) + 5.0 / 27 * Math.log(5.0 / 9);
        double row2 = 22.0 / 147 * Math.log(11.0 / 21) + 125.0 / 147 * Math.log(25.0 / 21);
        assertEquals((row1 + row2) / 2, DecMath.klDivergence(p, q), 1e-15);
        assertEquals(0.0, DecMath.klDivergence(q, q), 0.0);
    }

    @Test
    void handComputedSoftAssignmentForAlphaTwo() {
        // α = 2: kernel (1 + d²/2)^(−3/2). z = (0,0), μ1 = (0,0), μ2 = (2,0): d² = 0, 4 → kernels 1, 3^(−3/2) = 1/(3√3)
        // → q = (3√3, 1) / (3√3 + 1) ≈ (0.8386, 0.1614)
        double[][] q = DecMath.softAssignment(new double[][] {{0, 0}}, new double[][] {{0, 0}, {2, 0}}, 2.0);
        double s = 3 * Math.sqrt(3);
        assertArrayEquals(new double[] {s / (s + 1), 1 / (s + 1)}, q[0], 1e-15);
    }

    @Test
    void tensorVersionMatchesTheHandComputedCase() {
        NDArray z = manager.create(new float[] {0, 0, 2, 0}, new Shape(2, 2));
        NDArray mu = manager.create(new float[] {0, 0, 1, 0}, new Shape(2, 2));
        float[] q = DecMath.softAssignment(z, mu, 1.0).toFloatArray();
        assertArrayEquals(new float[] {2f / 3, 1f / 3, 2f / 7, 5f / 7}, q, 1e-6f);
        float[] p = DecMath.target(manager.create(q, new Shape(2, 2))).toFloatArray();
        assertArrayEquals(new float[] {22f / 27, 5f / 27, 22f / 147, 125f / 147}, p, 1e-6f);
    }

    @Test
    void rowsSumToOneAndBothVersionsAgree() {
        Random r = new Random(7);
        for (double alpha : new double[] {0.5, 1.0, 3.0}) {
            double[][] z = gaussian(r, 40, 5, 2.0);
            double[][] mu = gaussian(r, 6, 5, 2.0);
            double[][] q = DecMath.softAssignment(z, mu, alpha);
            double[][] p = DecMath.target(q);
            for (int i = 0; i < q.length; i++) {
                assertEquals(1.0, Arrays.stream(q[i]).sum(), 1e-12);
                assertEquals(1.0, Arrays.stream(p[i]).sum(), 1e-12);
            }
            NDArray zt = tensor(z);
            NDArray mt = tensor(mu);
            NDArray logQ = DecMath.logSoftAssignment(zt, mt, alpha);
            NDArray qt = logQ.exp();
            NDArray pt = DecMath.target(qt);
            assertClose(q, qt.toFloatArray(), 1e-5);
            assertClose(p, pt.toFloatArray(), 1e-5);
            float[] rowSums = qt.sum(new int[] {1}).toFloatArray();
            for (float v : rowSums) assertEquals(1f, v, 1e-5f);
            assertEquals(DecMath.klDivergence(p, q), DecMath.klDivergence(pt, logQ).getFloat(), 1e-5);
        }
    }

    @Test
    void targetSharpensEveryRowWhenClustersAreBalanced() {
        // With equal frequencies f_j, p_ij = q_ij² / Σ q², and max q² / Σ q² ≥ max q because Σ q² ≤ max q.
        // Balanced by construction: each random row appears with all K cyclic shifts, so every f_j is equal.
        Random r = new Random(3);
        int k = 4;
        double[][] q = new double[5 * k][k];
        for (int b = 0; b < 5; b++) {
            double[] row = new double[k];
            double s = 0;
            for (int j = 0; j < k; j++) s += row[j] = r.nextDouble() + 0.01;
            for (int shift = 0; shift < k; shift++) {
                for (int j = 0; j < k; j++) q[b * k + shift][(j + shift) % k] = row[j] / s;
            }
        }
        double[][] p = DecMath.target(q);
        for (int i = 0; i < q.length; i++) {
            assertTrue(max(p[i]) >= max(q[i]) - 1e-15, "row " + i);
            assertEquals(DecMath.argmax(q)[i], DecMath.argmax(p)[i]);
        }
        // The hand-computed case has unequal f and still sharpens both rows.
        double[][] q2 = DecMath.softAssignment(Z, MU, 1.0);
        double[][] p2 = DecMath.target(q2);
        for (int i = 0; i < 2; i++) assertTrue(max(p2[i]) >= max(q2[i]));
    }

    @Test
    void targetNeedNotSharpenARowOfALargeCluster() {
        // Division by f_j moves mass towards small clusters: 100 rows (0.98, 0.01, 0.01) make f ≈ (98.9, 1.05, 1.05),
        // and the row (0.9, 0.05, 0.05) then gets p ∝ (0.81/98.9, 0.0025/1.05, 0.0025/1.05) ≈ (0.63, 0.18, 0.18).
        double[][] q = new double[101][];
        for (int i = 0; i < 100; i++) q[i] = new double[] {0.98, 0.01, 0.01};
        q[100] = new double[] {0.9, 0.05, 0.05};
        double[][] p = DecMath.target(q);
        assertTrue(p[100][0] < 0.9 && p[100][0] > 0.6, Arrays.toString(p[100]));
        assertTrue(p[0][0] > 0.98, "the typical member of the large cluster still sharpens");
    }

    @Test
    void klIsFiniteForFarPointsAndZeroTargets() {
        NDArray z = manager.create(new float[] {1e6f, 0}, new Shape(1, 2));
        NDArray mu = manager.create(new float[] {0, 0, 1, 0}, new Shape(2, 2));
        NDArray logQ = DecMath.logSoftAssignment(z, mu, 1.0);
        assertTrue(Float.isFinite(logQ.sum().getFloat()));
        NDArray p = manager.create(new float[] {0f, 1f}, new Shape(1, 2));
        float kl = DecMath.klDivergence(p, logQ).getFloat();
        assertTrue(Float.isFinite(kl) && kl >= -1e-6f, "kl " + kl);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static double[][] gaussian(Random r, int n, int d, double scale) {
        double[][] out = new double[n][d];
        for (double[] row : out) for (int j = 0; j < d; j++) row[j] = r.nextGaussian() * scale;
        return out;
    }

    private static NDArray tensor(double[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < d; j++) flat[i * d + j] = (float) rows[i][j];
        return manager.create(flat, new Shape(rows.length, d));
    }

    private static void assertClose(double[][] expected, float[] actual, double tol) {
        int k = expected[0].length;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < k; j++) assertEquals(expected[i][j], actual[i * k + j], tol, "(" + i + "," + j + ")");
        }
    }
}
