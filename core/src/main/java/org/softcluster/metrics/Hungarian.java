package org.softcluster.metrics;

import java.util.Arrays;

/**
 * Solves the rectangular linear assignment problem with the Hungarian (Kuhn-Munkres) method using
 * shortest augmenting paths and dual potentials, in O(r² c) time for r ≤ c.
 *
 * <p>For an r × c cost matrix it assigns min(r, c) rows to distinct columns so that the summed cost is
 * minimal, like {@code scipy.optimize.linear_sum_assignment}. When several assignments are optimal the
 * one returned may differ from SciPy's, but the optimal total is the same. With integer-valued costs
 * (below 2^53 in magnitude) all arithmetic is exact.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * Returns a minimum-cost assignment as the column of every row, -1 for rows left unassigned (r > c).
     *
     * @param cost an r × c matrix of finite costs, r, c ≥ 1
     * @return an array of length r
     */
    public static int[] minimize(double[][] cost) {
        int r = checkMatrix(cost);
        int c = cost[0].length;
        if (r <= c) {
            return solve(cost, r, c);
        }
        double[][] t = new double[c][r];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j][i] = cost[i][j];
            }
        }
        int[] colToRow = solve(t, c, r);
        int[] rowToCol = new int[r];
        Arrays.fill(rowToCol, -1);
        for (int j = 0; j < c; j++) {
            rowToCol[colToRow[j]] = j;
        }
        return rowToCol;
    }

    /** Returns a maximum-weight assignment as the column of every row, -1 for rows left unassigned. */
    public static int[] maximize(double[][] weight) {
        int r = checkMatrix(weight);
        double[][] neg = new double[r][];
        for (int i = 0; i < r; i++) {
            neg[i] = new double[weight[i].length];
            for (int j = 0; j < neg[i].length; j++) {
                neg[i][j] = -weight[i][j];
            }
        }
        return minimize(neg);
    }

    /** Returns the summed cost of an assignment produced by {@link #minimize} or {@link #maximize}. */
    public static double total(double[][] cost, int[] rowToCol) {
        double s = 0.0;
        for (int i = 0; i < rowToCol.length; i++) {
            if (rowToCol[i] >= 0) {
                s += cost[i][rowToCol[i]];
            }
        }
        return s;
    }

    private static int checkMatrix(double[][] cost) {
        if (cost == null || cost.length == 0) {
            throw new IllegalArgumentException("cost matrix must not be null or empty");
        }
        if (cost[0] == null || cost[0].length == 0) {
            throw new IllegalArgumentException("cost matrix must have at least one column");
        }
        int c = cost[0].length;
        for (int i = 0; i < cost.length; i++) {
            if (cost[i] == null || cost[i].length != c) {
                throw new IllegalArgumentException("cost matrix row " + i + " is null or not of length " + c);
            }
            for (int j = 0; j < c; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost [" + i + "][" + j + "] = " + cost[i][j] + " is not finite");
                }
            }
        }
        return cost.length;
    }

    /**
     * Core solver for n ≤ m (rows ≤ columns): adds rows one at a time, each by a Dijkstra-like search for a
     * shortest augmenting path in reduced costs a[i][j] − u[i] − v[j], then updates the potentials.
     */
    private static int[] solve(double[][] a, int n, int m) {
        // 1-based potentials; column 0 is a virtual column holding the row being inserted.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];       // p[j] = row (1-based) assigned to column j, 0 if none
        int[] way = new int[m + 1];     // predecessor column on the alternating path
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                double[] row = a[i0 - 1];
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = row[j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        Arrays.fill(rowToCol, -1);
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                rowToCol[p[j] - 1] = j - 1;
            }
        }
        return rowToCol;
    }
}
