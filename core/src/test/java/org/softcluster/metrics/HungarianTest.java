package org.softcluster.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Checks the assignment solver against brute force and the matching API on hand-made tables. */
class HungarianTest {

    /** Returns the minimum total over all assignments of min(r, c) rows to distinct columns, by brute force. */
    private static double bruteForce(double[][] a) {
        int r = a.length;
        int c = a[0].length;
        if (r > c) {
            double[][] t = new double[c][r];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    t[j][i] = a[i][j];
                }
            }
            return bruteForce(t);
        }
        return best(a, 0, new boolean[c]);
    }

    private static double best(double[][] a, int row, boolean[] used) {
        if (row == a.length) {
            return 0.0;
        }
        double b = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                b = Math.min(b, a[row][j] + best(a, row + 1, used));
                used[j] = false;
            }
        }
        return b;
    }

    @Test
    void minimizeEqualsBruteForceOnSmallRectangularMatrices() {
        int cases = 0;
        for (int rows = 1; rows <= 6; rows++) {
            for (int cols = 1; cols <= 6; cols++) {
                for (int seed = 1; seed <= 12; seed++) {
                    // small ranges give many ties, large ones generic matrices
                    int range = seed % 3 == 0 ? 3 : 1000;
                    double[][] a = Gen.cost(1000 * rows + 100 * cols + seed, rows, cols, range, 1, range / 2);
                    int[] rowToCol = Hungarian.minimize(a);
                    assertEquals(bruteForce(a), Hungarian.total(a, rowToCol), 0.0, rows + "x" + cols + " seed " + seed);
                    cases++;
                }
            }
        }
        assertEquals(432, cases);
    }

    @Test
    void maximizeFindsTheLargestTotal() {
        double[][] w = {{1, 2, 3}, {2, 4, 6}, {3, 6, 9}};
        int[] a = Hungarian.maximize(w);
        assertEquals(14.0, Hungarian.total(w, a));
        double[][] tall = {{5}, {9}, {1}};
        assertArrayEquals(new int[] {-1, 0, -1}, Hungarian.maximize(tall));
    }

    @Test
    void rejectsBadMatrices() {
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(null));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{}}));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{1, Double.NaN}}));
    }

    @Test
    void matchingWithMoreClustersThanLabelsLeavesClustersUnmatched() {
        int[] truth = {0, 0, 0, 1, 1, 1};
        int[] pred = {10, 10, 20, 30, 30, 40};
        HungarianAccuracy.Matching m = HungarianAccuracy.match(truth, pred);
        assertEquals(4, m.correctCount());
        assertEquals(4.0 / 6.0, m.accuracy());
        assertEquals(OptionalInt.of(0), m.labelOf(10));
        assertEquals(OptionalInt.of(1), m.labelOf(30));
        assertEquals(OptionalInt.empty(), m.labelOf(20));
        assertEquals(OptionalInt.empty(), m.labelOf(40));
        assertEquals(OptionalInt.empty(), m.labelOf(99));
        assertEquals(OptionalInt.of(30), m.clusterOf(1));
        assertEquals(java.util.Map.of(10, 0, 30, 1), m.clusterToLabel());
        assertArrayEquals(new boolean[] {true, true, false, true, true, false}, m.correctness());
    }

    @Test
    void matchingWithMoreLabelsThanClustersLeavesLabelsUnmatched() {
        int[] truth = {5, 5, 6, 6, 6, 7};
        int[] pred = {0, 0, 1, 1, 0, 1};
        HungarianAccuracy.Matching m = HungarianAccuracy.match(truth, pred);
        assertEquals(4, m.correctCount());
        assertEquals(OptionalInt.of(5), m.labelOf(0));
        assertEquals(OptionalInt.of(6), m.labelOf(1));
        assertEquals(OptionalInt.empty(), m.clusterOf(7));
        assertEquals(true, m.isCorrect(6, 1));
        assertEquals(false, m.isCorrect(7, 1));
    }

    @Test
    void matchingIsInvariantToRenamingClusters() {
        int[] truth = Gen.labels(7, 300, 5);
        int[] pred = Gen.noisy(8, truth, 5, 30, 0);
        int[] renamed = Gen.relabel(pred, new int[] {40, -1, 17, 3, 1000});
        assertEquals(HungarianAccuracy.score(truth, pred), HungarianAccuracy.score(truth, renamed));
        assertEquals(Nmi.score(truth, pred), Nmi.score(truth, renamed), 1e-15); // summation order changes
        assertEquals(Ari.score(truth, pred), Ari.score(truth, renamed));
    }
}
