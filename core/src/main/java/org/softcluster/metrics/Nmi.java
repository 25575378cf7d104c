package org.softcluster.metrics;

/**
 * Normalized mutual information with arithmetic normalisation, NMI = MI(U, V) / ((H(U) + H(V)) / 2), in nats.
 *
 * <p>This reproduces scikit-learn 1.2's {@code normalized_mutual_info_score(truth, pred)} (default
 * {@code average_method="arithmetic"}) including its edge cases and its floating-point recipe:
 * <ul>
 *   <li>both labelings have a single cluster (this includes N = 1): 1.0;</li>
 *   <li>otherwise, if MI = 0 (in particular when exactly one side has a single cluster): 0.0;</li>
 *   <li>otherwise MI / mean(H(truth), H(pred)); the result is not clipped to 1 (as in scikit-learn,
 *       a perfect match may give 1 ± 1 ulp).</li>
 * </ul>
 * MI is the sum over non-zero cells n_ij of (n_ij/N)(ln n_ij − ln N) + (n_ij/N)(ln N + ln N − ln(a_i b_j)),
 * where terms smaller than machine epsilon in absolute value are zeroed and the sum is clipped at 0;
 * H(U) = −Σ_i (a_i/N)(ln a_i − ln N). Unlike scikit-learn, empty input is rejected.
 */
public final class Nmi {

    private static final double EPS = Math.ulp(1.0);

    private Nmi() {
    }

    /** Returns the NMI of a predicted labeling against the true one (labels are arbitrary ints). */
    public static double score(int[] truth, int[] pred) {
        return score(Contingency.of(truth, pred));
    }

    /** Returns the NMI of a contingency table (empty columns are ignored). */
    public static double score(Contingency table) {
        int classes = table.nonEmptyRows();
        int clusters = table.nonEmptyCols();
        if (classes == 1 && clusters == 1) {
            return 1.0;
        }
        double mi = mutualInformation(table);
        if (mi == 0.0) {
            return 0.0;
        }
        double hTrue = entropy(table, true);
        double hPred = entropy(table, false);
        return mi / ((hTrue + hPred) / 2.0);
    }

    /** Returns the mutual information in nats of a contingency table, as scikit-learn's {@code mutual_info_score}. */
    public static double mutualInformation(Contingency table) {
        if (table.nonEmptyRows() == 1 || table.nonEmptyCols() == 1) {
            return 0.0;
        }
        double n = table.n();
        double logN = Math.log(n);
        double sum = 0.0;
        for (int c = 0; c < table.nonZeroCells(); c++) {
            int nij = table.cellCount(c);
            long outer = (long) table.rowSum(table.cellRow(c)) * table.colSum(table.cellCol(c));
            double pij = nij / n;
            double logOuter = -Math.log((double) outer) + logN + logN;
            double term = pij * (Math.log(nij) - logN) + pij * logOuter;
            if (Math.abs(term) < EPS) {
                term = 0.0;
            }
            sum += term;
        }
        return Math.max(sum, 0.0);
    }

    /** Returns the entropy in nats of the true labels (rows) or predicted labels (columns) of a table. */
    static double entropy(Contingency table, boolean rows) {
        int m = rows ? table.rows() : table.cols();
        int nonEmpty = rows ? table.nonEmptyRows() : table.nonEmptyCols();
        if (nonEmpty <= 1) {
            return 0.0;
        }
        double n = table.n();
        double logN = Math.log(n);
        double h = 0.0;
        for (int i = 0; i < m; i++) {
            int a = rows ? table.rowSum(i) : table.colSum(i);
            if (a > 0) {
                h += (a / n) * (Math.log(a) - logN);
            }
        }
        return -h;
    }
}
