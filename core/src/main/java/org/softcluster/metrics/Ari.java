package org.softcluster.metrics;

import java.math.BigInteger;

/**
 * Adjusted Rand index, the Rand index corrected for chance (Hubert and Arabie, 1985).
 *
 * <p>This reproduces scikit-learn 1.2's {@code adjusted_rand_score(truth, pred)}: from the ordered-pair
 * confusion counts tn, fp, fn, tp (computed from the contingency table with row sums a_i and column sums
 * b_j: tp = Σ n_ij² − N, fp = Σ n_ij b_j − Σ n_ij², fn = Σ n_ij a_i − Σ n_ij², tn = N² − fp − fn − Σ n_ij²),
 * ARI = 2 (tp·tn − fn·fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)), evaluated in exact integer
 * arithmetic before the final division. The special case fn = fp = 0 (N = 1, identical partitions, both
 * labelings a single cluster, both all singletons) gives 1.0. The score lies in [−0.5, 1], ≈ 0 for random
 * labelings.
 */
public final class Ari {

    private Ari() {
    }

    /** Returns the ARI of a predicted labeling against the true one (labels are arbitrary ints). */
    public static double score(int[] truth, int[] pred) {
        return score(Contingency.of(truth, pred));
    }

    /** Returns the ARI of a contingency table (empty columns are ignored). */
    public static double score(Contingency table) {
        long n = table.n();
        long sumSquares = 0;
        long sumRow = 0;
        long sumCol = 0;
        for (int c = 0; c < table.nonZeroCells(); c++) {
            long nij = table.cellCount(c);
            sumSquares += nij * nij;
            sumRow += nij * table.rowSum(table.cellRow(c));
            sumCol += nij * table.colSum(table.cellCol(c));
        }
        long tp = sumSquares - n;
        long fp = sumCol - sumSquares;
        long fn = sumRow - sumSquares;
        long tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        BigInteger bTp = BigInteger.valueOf(tp);
        BigInteger bTn = BigInteger.valueOf(tn);
        BigInteger bFp = BigInteger.valueOf(fp);
        BigInteger bFn = BigInteger.valueOf(fn);
        BigInteger num = bTp.multiply(bTn).subtract(bFn.multiply(bFp));
        BigInteger den = bTp.add(bFn).multiply(bFn.add(bTn)).add(bTp.add(bFp).multiply(bFp.add(bTn)));
        return 2.0 * num.doubleValue() / den.doubleValue();
    }
}
