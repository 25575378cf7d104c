package org.softcluster.neural.train;

/** Health signals of soft assignments that every method logs per validation epoch. */
public final class SoftStats {
    private SoftStats() { }

    /** Mean H(p) in nats and mean max p over the rows. */
    public static double[] entropyConfidence(double[][] p) {
        double h = 0;
        double c = 0;
        for (double[] row : p) {
            double max = 0;
            for (double v : row) {
                if (v > 0) h -= v * Math.log(v);
                max = Math.max(max, v);
            }
            c += max;
        }
        return new double[] {h / Math.max(1, p.length), c / Math.max(1, p.length)};
    }

    /**
     * The mean L2 distance K centres (row-major K×d, before and after an epoch) moved: the drift of the
     * mixture means (VaDE) or the cluster centres (DEC) in the training log.
     */
    public static double meanDrift(float[] before, float[] after, int k, int d) {
        double total = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double diff = after[c * d + j] - before[c * d + j];
                s += diff * diff;
            }
            total += Math.sqrt(s) / k;
        }
        return total;
    }

    /** Number of distinct argmax columns (the first maximum on ties). */
    public static int clustersUsed(double[][] p) {
        if (p.length == 0) return 0;
        boolean[] seen = new boolean[p[0].length];
        int used = 0;
        for (double[] row : p) {
            int best = 0;
            for (int k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
            if (!seen[best]) {
                seen[best] = true;
                used++;
            }
        }
        return used;
    }
}
