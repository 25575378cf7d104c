package org.softcluster.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NearestNeighborsTest {

    private static double[] flat(double[][] x) {
        int d = x[0].length;
        double[] f = new double[x.length * d];
        for (int i = 0; i < x.length; i++) System.arraycopy(x[i], 0, f, i * d, d);
        return f;
    }

    @Test
    void exactNeighboursAreTheClosestRowsNearestFirst() {
        double[][] x = {{0}, {1}, {3}, {6}, {10}};
        NearestNeighbors nn = NearestNeighbors.exact(flat(x), 5, 1, 2);
        assertArrayEquals(new int[]{1, 2}, nn.index[0]);
        assertArrayEquals(new double[]{1, 3}, nn.distance[0], 0.0);
        assertArrayEquals(new int[]{0, 2}, nn.index[1]);
        assertArrayEquals(new int[]{2, 4}, nn.index[3]);
        // ties go to the lower row
        double[][] tie = {{0}, {1}, {-1}, {5}};
        assertArrayEquals(new int[]{1, 2}, NearestNeighbors.exact(flat(tie), 4, 1, 2).index[0]);
    }

    @Test
    void nnDescentFindsNearlyAllExactNeighboursAndIsSeeded() {
        double[][] x = UmapTest.blobs(2000, 5, 6, 9);
        Random rng = new Random(1);
        for (double[] row : x) for (int j = 0; j < row.length; j++) row[j] += 0.01 * rng.nextGaussian();
        double[] f = flat(x);
        NearestNeighbors exact = NearestNeighbors.exact(f, 2000, 6, 14);
        NearestNeighbors approx = NearestNeighbors.descent(f, 2000, 6, 14, 3);
        int hits = 0;
        for (int i = 0; i < 2000; i++) {
            for (int a : approx.index[i]) for (int b : exact.index[i]) if (a == b) hits++;
        }
        double recall = hits / (2000.0 * 14);
        assertTrue(recall > 0.95, "recall " + recall);
        NearestNeighbors again = NearestNeighbors.descent(f, 2000, 6, 14, 3);
        for (int i = 0; i < 2000; i++) assertArrayEquals(approx.index[i], again.index[i]);
    }

    @Test
    void jacobiAndLanczosFindEigenvectors() {
        double[][] a = {{4, 1, 0.5}, {1, 3, 0.2}, {0.5, 0.2, 1}};
        double[][] copy = {a[0].clone(), a[1].clone(), a[2].clone()};
        double[][] v = new double[3][3];
        double[] values = SymmetricEigen.jacobi(copy, v);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) av += a[i][j] * v[j][c];
                assertEquals(values[c] * v[i][c], av, 1e-12);
            }
        }
        // a diagonal operator: the leading eigenvector outside e_0 is e_1
        double[] diag = new double[50];
        for (int i = 0; i < 50; i++) diag[i] = 1.0 / (i + 1);
        SymmetricEigen.Operator op = (in, out) -> {
            for (int i = 0; i < 50; i++) out[i] = diag[i] * in[i];
        };
        double[] e0 = new double[50];
        e0[0] = 1;
        double[][] lead = SymmetricEigen.leading(op, 50, 2, new double[][]{e0}, 50, 1);
        assertEquals(1.0, Math.abs(lead[0][1]), 1e-9);
        assertEquals(1.0, Math.abs(lead[1][2]), 1e-9);
    }
}
