package org.softcluster.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Clustering accuracy under the best one-to-one matching of predicted clusters to true labels.
 *
 * <p>ACC = max over one-to-one maps m from clusters to labels of (1/N) Σ_i [m(pred_i) = truth_i]. The
 * matching maximises the summed contingency counts with the {@link Hungarian} algorithm (the same optimum
 * as {@code scipy.optimize.linear_sum_assignment(-contingency)}). When the numbers of clusters and labels
 * differ, min(K_pred, K_true) pairs are matched and objects in unmatched clusters count as wrong, so
 * ACC ≤ 1 with equality only for identical partitions (up to renaming). Ties between optimal matchings
 * leave ACC unchanged but may change the {@link Matching} returned.
 */
public final class HungarianAccuracy {

    private HungarianAccuracy() {
    }

    /** Returns the Hungarian-matched accuracy of a predicted labeling against the true one. */
    public static double score(int[] truth, int[] pred) {
        return match(truth, pred).accuracy();
    }

    /** Returns the optimal matching between the distinct predicted labels and the distinct true labels. */
    public static Matching match(int[] truth, int[] pred) {
        return match(Contingency.of(truth, pred));
    }

    /** Returns the optimal matching between the columns (clusters) and rows (labels) of a contingency table. */
    public static Matching match(Contingency table) {
        int rows = table.rows();
        int cols = table.cols();
        int[][] counts = table.toArray();
        int[] rowToCol = new int[rows];
        int[] colToRow = new int[cols];
        Arrays.fill(rowToCol, -1);
        Arrays.fill(colToRow, -1);
        // the assignment solver wants no more rows than columns: match the smaller side to the larger
        boolean transpose = rows > cols;
        double[][] cost = new double[Math.min(rows, cols)][Math.max(rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (transpose) cost[j][i] = -counts[i][j];
                else cost[i][j] = -counts[i][j];
            }
        }
        int[] a = Hungarian.minimize(cost);
        for (int r = 0; r < a.length; r++) {
            int i = transpose ? a[r] : r;
            int j = transpose ? r : a[r];
            rowToCol[i] = j;
            colToRow[j] = i;
        }
        long correct = 0;
        for (int i = 0; i < rows; i++) {
            if (rowToCol[i] >= 0) {
                correct += counts[i][rowToCol[i]];
            }
        }
        return new Matching(table, rowToCol, colToRow, (int) correct);
    }

    /**
     * An optimal one-to-one matching of predicted clusters to true labels, with its accuracy.
     *
     * <p>Predicted clusters are the columns of the underlying {@link Contingency} (the distinct predicted
     * labels, or 0..K-1 for soft assignments); an object is "matched-correct" when its predicted cluster is
     * matched to its true label.
     */
    public static final class Matching {
        private final Contingency table;
        private final int[] rowToCol;
        private final int[] colToRow;
        private final int correct;

        private Matching(Contingency table, int[] rowToCol, int[] colToRow, int correct) {
            this.table = table;
            this.rowToCol = rowToCol;
            this.colToRow = colToRow;
            this.correct = correct;
        }

        /** Returns the contingency table the matching was computed from. */
        public Contingency contingency() { return table; }

        /** Returns the number of objects whose predicted cluster is matched to their true label. */
        public int correctCount() { return correct; }

        /** Returns the matched accuracy, {@link #correctCount()} / N. */
        public double accuracy() { return (double) correct / table.n(); }

        /** Returns the true label matched to a predicted cluster, empty if the cluster is unmatched or unknown. */
        public OptionalInt labelOf(int cluster) {
            int col = table.colOf(cluster);
            if (col < 0 || colToRow[col] < 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(table.trueLabel(colToRow[col]));
        }

        /** Returns the predicted cluster matched to a true label, empty if the label is unmatched or unknown. */
        public OptionalInt clusterOf(int label) {
            int row = table.rowOf(label);
            if (row < 0 || rowToCol[row] < 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(table.predLabel(rowToCol[row]));
        }

        /** Returns whether predicting {@code cluster} for an object of true label {@code label} is matched-correct. */
        public boolean isCorrect(int label, int cluster) {
            OptionalInt m = labelOf(cluster);
            return m.isPresent() && m.getAsInt() == label;
        }

        /** Returns the matched-correctness of every object of the underlying table, in input order. */
        public boolean[] correctness() {
            boolean[] ok = new boolean[table.n()];
            for (int i = 0; i < ok.length; i++) {
                ok[i] = colToRow[table.colOfObject(i)] == table.rowOfObject(i);
            }
            return ok;
        }

        /** Returns the matched pairs as an unmodifiable map cluster → label, in ascending cluster order. */
        public Map<Integer, Integer> clusterToLabel() {
            Map<Integer, Integer> m = new LinkedHashMap<>();
            for (int j = 0; j < colToRow.length; j++) {
                if (colToRow[j] >= 0) {
                    m.put(table.predLabel(j), table.trueLabel(colToRow[j]));
                }
            }
            return Collections.unmodifiableMap(m);
        }

        @Override
        public String toString() { return "Matching[accuracy=" + accuracy() + ", clusterToLabel=" + clusterToLabel() + "]"; }
    }
}
