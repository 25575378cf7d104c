package org.softcluster.metrics;

/** Package-private argument checks shared by the metrics, all failing with {@link IllegalArgumentException}. */
final class Checks {

    /** Tolerance on |Σ_k p_k − 1| accepted for a row of soft assignments (float32 softmax outputs pass). */
    static final double ROW_SUM_TOLERANCE = 1e-4;

    private Checks() {
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /** Checks that two label arrays are non-null, non-empty and of equal length. */
    static void labels(int[] truth, int[] pred) {
        require(truth != null, "truth labels must not be null");
        require(pred != null, "predicted labels must not be null");
        require(truth.length == pred.length, "truth and predicted labels must have the same length, got "
                + truth.length + " and " + pred.length);
        require(truth.length > 0, "labels must not be empty");
    }

    /** Checks that a probability matrix is non-empty, rectangular, finite, non-negative with rows summing to one. */
    static int proba(double[][] proba) {
        require(proba != null, "probabilities must not be null");
        require(proba.length > 0, "probabilities must not be empty");
        require(proba[0] != null, "probability row 0 is null");
        int k = proba[0].length;
        require(k > 0, "probability rows must have at least one column");
        for (int i = 0; i < proba.length; i++) {
            double[] row = proba[i];
            require(row != null, "probability row " + i + " is null");
            require(row.length == k, "probability row " + i + " has " + row.length + " columns but row 0 has " + k);
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
        require(truth != null, "truth labels must not be null");
        require(truth.length > 0, "labels must not be empty");
        require(proba != null, "probabilities must not be null");
        require(truth.length == proba.length, "truth labels and probabilities must have the same length, got "
                + truth.length + " and " + proba.length);
        return proba(proba);
    }
}
