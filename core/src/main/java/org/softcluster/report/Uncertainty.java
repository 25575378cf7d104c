package org.softcluster.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Ranks objects by the entropy of their soft assignment (boundary and mixed-membership objects). */
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
        all.sort(Comparator.comparingDouble(Entry::entropy).reversed().thenComparingInt(Entry::index));
        return all.subList(0, Math.min(top, all.size()));
    }
}
