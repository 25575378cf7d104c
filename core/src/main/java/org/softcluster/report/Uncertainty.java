package org.softcluster.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks objects by the entropy of their soft assignment (boundary and mixed-membership objects), or by the lowest
 * reliability estimate of their cluster ({@code org.softcluster.metrics.Reliability}).
 */
public final class Uncertainty {
    private Uncertainty() { }

    /** One ranked object: row index, entropy in nats, top-2 clusters and their probabilities. */
    public record Entry(int index, double entropy, int top1, double p1, int top2, double p2) { }

    /** Entropy H(p) in nats of one distribution (0·ln 0 = 0). */
    public static double entropy(double[] p) {
        double h = 0;
        for (double v : p) if (v > 0) h -= v * Math.log(v);
        return Math.max(0, h);
    }

    /** The {@code top} objects with the highest entropy, highest first (ties by index). */
    public static List<Entry> mostUncertain(double[][] proba, int top) {
        List<Entry> all = entries(proba);
        all.sort(Comparator.comparingDouble(Entry::entropy).reversed().thenComparingInt(Entry::index));
        return all.subList(0, Math.min(top, all.size()));
    }

    /**
     * The {@code top} objects with the lowest reliability estimate, lowest first (ties by the higher entropy, then by
     * index).
     *
     * @param proba the soft assignments
     * @param reliability each object's reliability estimate, in the same order
     * @param top how many
     */
    public static List<Entry> leastReliable(double[][] proba, double[] reliability, int top) {
        if (reliability.length != proba.length) {
            throw new IllegalArgumentException(reliability.length + " reliability estimates for " + proba.length + " objects");
        }
        List<Entry> all = entries(proba);
        all.sort(Comparator.comparingDouble((Entry e) -> reliability[e.index()])
                .thenComparing(Comparator.comparingDouble(Entry::entropy).reversed()).thenComparingInt(Entry::index));
        return all.subList(0, Math.min(top, all.size()));
    }

    private static List<Entry> entries(double[][] proba) {
        List<Entry> all = new ArrayList<>(proba.length);
        for (int i = 0; i < proba.length; i++) {
            double[] p = proba[i];
            int a = 0;
            int b = p.length > 1 ? 1 : 0;
            if (p.length > 1 && p[b] > p[a]) { int t = a; a = b; b = t; }
            for (int k = 2; k < p.length; k++) {
                if (p[k] > p[a]) { b = a; a = k; } else if (p[k] > p[b]) { b = k; }
            }
            all.add(new Entry(i, entropy(p), a, p[a], b, p.length > 1 ? p[b] : 0));
        }
        return all;
    }
}
