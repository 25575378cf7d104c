package org.softcluster.metrics;

/** Package-private argument checks shared by the metrics, all failing with {@link IllegalArgumentException}. */
final class Checks {

    /** Tolerance on |Σ_k p_k − 1| accepted for a row of soft assignments (float32 softmax outputs pass). */
    static final double ROW_SUM_TOLERANCE = 1e-4;

    private Checks() {
    }

    /** Checks that two label arrays are non-null, non-empty and of equal length. */
    static void labels(int[] truth, int[] pred) {
        if (truth == null) {
            throw new IllegalArgumentException("truth labels must not be null");
        }
        if (pred == null) {
            throw new IllegalArgumentException("predicted labels must not be null");
        }
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("truth and predicted labels must have the same length, got "
                    + truth.length + " and " + pred.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("labels must not be empty");
        }
    }

    /** Checks that a probability matrix is non-empty, rectangular, finite, non-negative with rows summing to one. */
    static int proba(double[][] proba) {
        if (proba == null) {
            throw new IllegalArgumentException("probabilities must not be null");
        }
        if (proba.length == 0) {
            throw new IllegalArgumentException("probabilities must not be empty");
        }
        if (proba[0] == null) {
            throw new IllegalArgumentException("probability row 0 is null");
        }
        int k = proba[0].length;
        if (k == 0) {
            throw new IllegalArgumentException("probability rows must have at least one column");
        }
        for (int i = 0; i < proba.length; i++) {
            double[] row = proba[i];
            if (row == null) {
                throw new IllegalArgumentException("probability row " + i + " is null");
            }
            if (row.length != k) {
                throw new IllegalArgumentException("probability row " + i + " has " + row.length
                        + " columns but row 0 has " + k);
            }
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                double v = row[j];
                if (!(v >= 0.0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("probability [" + i + "][" + j + "] = " + v
                            + " is not a finite non-negative number");
                }
                sum += v;
            }
            if (Math.abs(sum - 1.0) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probability row " + i + " sums to " + sum + ", not 1");
            }
        }
        return k;
    }

    /** Checks truth labels against a probability matrix and returns K. */
    static int labelsAndProba(int[] truth, double[][] proba) {
        if (truth == null) {
            throw new IllegalArgumentException("truth labels must not be null");
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        if (proba == null) {
            throw new IllegalArgumentException("probabilities must not be null");
        }
        if (truth.length != proba.length) {
            throw new IllegalArgumentException("truth labels and probabilities must have the same length, got "
                    + truth.length + " and " + proba.length);
        }
        return proba(proba);
    }
}
