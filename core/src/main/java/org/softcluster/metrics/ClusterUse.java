package org.softcluster.metrics;

/**
 * How many of the K clusters hold a real share of the data: a cluster counts when at least
 * {@value #MIN_FRACTION_OF_EVEN} of an even share (n / K objects) have it as their argmax — 1 % of the
 * objects for K = 10. A clustering where fewer do has collapsed (some clusters are empty or nearly so),
 * which no label-free run may pass over silently.
 *
 * @param k the number of clusters K
 * @param used the clusters holding a real share
 * @param sizes the argmax count of each cluster
 */
public record ClusterUse(int k, int used, int[] sizes) {
    /** The fraction of an even share that counts as a real share. */
    public static final double MIN_FRACTION_OF_EVEN = 0.1;

    /** Counts the clusters of soft (or one-hot) assignments, argmax per row (first maximum on ties). */
    public static ClusterUse of(double[][] proba) {
        int k = Checks.proba(proba);
        int[] sizes = new int[k];
        for (double[] row : proba) {
            int best = 0;
            for (int c = 1; c < k; c++) if (row[c] > row[best]) best = c;
            sizes[best]++;
        }
        return ofSizes(sizes);
    }

    /** Counts the clusters of a partition given by its cluster sizes (objects per cluster). */
    public static ClusterUse ofSizes(int[] sizes) {
        if (sizes.length == 0) throw new IllegalArgumentException("no clusters");
        long n = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("negative cluster size " + s);
            n += s;
        }
        double min = Math.max(1, MIN_FRACTION_OF_EVEN * n / sizes.length);
        int used = 0;
        for (int s : sizes) if (s >= min) used++;
        return new ClusterUse(sizes.length, used, sizes.clone());
    }

    /** Whether fewer than K clusters hold a real share. */
    public boolean collapsed() { return used < k; }

    /** A one-line warning (without a "warning:" prefix) for a collapsed clustering, or null when every cluster holds a real share. */
    public String warning() {
        if (!collapsed()) return null;
        return "only " + used + " of " + k + " clusters hold a real share of the objects (at least "
                + Math.round(MIN_FRACTION_OF_EVEN * 100) + "% of an even share): the clustering collapsed; try another"
                + " --seed, another --init or a smaller --k";
    }
}
