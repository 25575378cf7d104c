package org.softcluster.metrics;

import java.util.Arrays;

/**
 * An immutable contingency table of true labels (rows) × predicted clusters (columns), stored sparsely.
 *
 * <p>Rows are the distinct true labels in ascending order and columns the distinct predicted labels in
 * ascending order (as {@code numpy.unique} and scikit-learn's {@code contingency_matrix} do), so labels may
 * be arbitrary, non-contiguous ints and the number of clusters may differ from the number of classes. The
 * factory {@link #of(int[], int[], int)} instead fixes the columns to the clusters {@code 0..K-1}, keeping
 * empty clusters (for example unused columns of a soft-assignment matrix).
 */
public final class Contingency {

    private final int n;
    private final int[] trueLabels;
    private final int[] predLabels;
    private final int[] rowSums;
    private final int[] colSums;
    /** Non-zero cells in row-major order: key = row * cols + col. */
    private final long[] cellKeys;
    private final int[] cellCounts;
    /** Row index of every object, in input order. */
    private final int[] rowOfObject;
    /** Column index of every object, in input order. */
    private final int[] colOfObject;

    private Contingency(int[] trueLabels, int[] predLabels, int[] rowOfObject, int[] colOfObject) {
        this.n = rowOfObject.length;
        this.trueLabels = trueLabels;
        this.predLabels = predLabels;
        this.rowOfObject = rowOfObject;
        this.colOfObject = colOfObject;
        int cols = predLabels.length;
        this.rowSums = new int[trueLabels.length];
        this.colSums = new int[cols];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            rowSums[rowOfObject[i]]++;
            colSums[colOfObject[i]]++;
            keys[i] = (long) rowOfObject[i] * cols + colOfObject[i];
        }
        Arrays.sort(keys);
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                distinct++;
            }
        }
        this.cellKeys = new long[distinct];
        this.cellCounts = new int[distinct];
        int c = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                c++;
                cellKeys[c] = keys[i];
            }
            cellCounts[c]++;
        }
    }

    /** Builds the table of two hard labelings, with rows and columns the sorted distinct labels of each. */
    public static Contingency of(int[] truth, int[] pred) {
        Checks.labels(truth, pred);
        int[] rowLabels = distinctSorted(truth);
        int[] colLabels = distinctSorted(pred);
        return new Contingency(rowLabels, colLabels, indexOf(rowLabels, truth), indexOf(colLabels, pred));
    }

    /**
     * Builds the table with columns fixed to the clusters {@code 0..numClusters-1} (empty ones included).
     *
     * @param truth true labels, arbitrary ints
     * @param pred predicted clusters, each in {@code [0, numClusters)}
     * @param numClusters the number K of columns
     * @return the contingency table
     */
    public static Contingency of(int[] truth, int[] pred, int numClusters) {
        Checks.labels(truth, pred);
        if (numClusters < 1) {
            throw new IllegalArgumentException("number of clusters must be at least 1, got " + numClusters);
        }
        int[] colLabels = new int[numClusters];
        for (int j = 0; j < numClusters; j++) {
            colLabels[j] = j;
        }
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] < 0 || pred[i] >= numClusters) {
                throw new IllegalArgumentException("predicted cluster " + pred[i] + " at index " + i
                        + " is outside [0, " + numClusters + ")");
            }
        }
        int[] rowLabels = distinctSorted(truth);
        return new Contingency(rowLabels, colLabels, indexOf(rowLabels, truth), pred.clone());
    }

    private static int[] distinctSorted(int[] labels) {
        int[] s = labels.clone();
        Arrays.sort(s);
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (i == 0 || s[i] != s[i - 1]) {
                s[m++] = s[i];
            }
        }
        return Arrays.copyOf(s, m);
    }

    private static int[] indexOf(int[] sortedLabels, int[] labels) {
        int[] idx = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            idx[i] = Arrays.binarySearch(sortedLabels, labels[i]);
        }
        return idx;
    }

    /** Returns the number of objects N. */
    public int n() {
        return n;
    }

    /** Returns the number of rows (distinct true labels). */
    public int rows() {
        return trueLabels.length;
    }

    /** Returns the number of columns (distinct predicted labels, or K for the fixed-column factory). */
    public int cols() {
        return predLabels.length;
    }

    /** Returns the true label of a row. */
    public int trueLabel(int row) {
        return trueLabels[row];
    }

    /** Returns the predicted label (cluster) of a column. */
    public int predLabel(int col) {
        return predLabels[col];
    }

    /** Returns a copy of the row labels (sorted distinct true labels). */
    public int[] trueLabels() {
        return trueLabels.clone();
    }

    /** Returns a copy of the column labels (sorted distinct predicted labels, or 0..K-1). */
    public int[] predLabels() {
        return predLabels.clone();
    }

    /** Returns the row of a true label, or -1 if the label does not occur. */
    public int rowOf(int trueLabel) {
        int r = Arrays.binarySearch(trueLabels, trueLabel);
        return r >= 0 ? r : -1;
    }

    /** Returns the column of a predicted label, or -1 if it is not a column. */
    public int colOf(int predLabel) {
        int c = Arrays.binarySearch(predLabels, predLabel);
        return c >= 0 ? c : -1;
    }

    /** Returns the row index of object {@code i} (in input order). */
    public int rowOfObject(int i) {
        return rowOfObject[i];
    }

    /** Returns the column index of object {@code i} (in input order). */
    public int colOfObject(int i) {
        return colOfObject[i];
    }

    /** Returns the number of objects in a row (objects with that true label). */
    public int rowSum(int row) {
        return rowSums[row];
    }

    /** Returns the number of objects in a column (objects in that predicted cluster; 0 for an empty one). */
    public int colSum(int col) {
        return colSums[col];
    }

    /** Returns the number of objects with the row's true label and the column's predicted label. */
    public int count(int row, int col) {
        if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + col + ") outside " + rows() + "x" + cols());
        }
        int c = Arrays.binarySearch(cellKeys, (long) row * cols() + col);
        return c >= 0 ? cellCounts[c] : 0;
    }

    /** Returns the number of non-zero cells. */
    public int nonZeroCells() {
        return cellKeys.length;
    }

    /** Returns the row of the {@code c}-th non-zero cell (cells in row-major order). */
    public int cellRow(int c) {
        return (int) (cellKeys[c] / cols());
    }

    /** Returns the column of the {@code c}-th non-zero cell (cells in row-major order). */
    public int cellCol(int c) {
        return (int) (cellKeys[c] % cols());
    }

    /** Returns the count of the {@code c}-th non-zero cell (cells in row-major order). */
    public int cellCount(int c) {
        return cellCounts[c];
    }

    /** Returns the number of rows with at least one object (all of them: rows come from the data). */
    public int nonEmptyRows() {
        return trueLabels.length;
    }

    /** Returns the number of columns with at least one object. */
    public int nonEmptyCols() {
        int m = 0;
        for (int s : colSums) {
            if (s > 0) {
                m++;
            }
        }
        return m;
    }

    /** Returns the table as a dense {@code rows × cols} array. */
    public int[][] toArray() {
        if ((long) rows() * cols() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("contingency table " + rows() + "x" + cols() + " is too large to densify");
        }
        int[][] a = new int[rows()][cols()];
        for (int c = 0; c < cellKeys.length; c++) {
            a[cellRow(c)][cellCol(c)] = cellCounts[c];
        }
        return a;
    }

    @Override
    public String toString() {
        return "Contingency[n=" + n + ", rows=" + rows() + ", cols=" + cols() + ", nonZero=" + nonZeroCells() + "]";
    }
}
