package org.softcluster.metrics;

/**
 * The latent codes of a sample of training objects and their clusters, kept with a model so that new objects can be
 * given {@link Reliability}'s per-object estimate without the training data: the agreement of each object's
 * {@value Reliability#NEIGHBOURS} nearest reference codes with its cluster.
 *
 * @param dim the code dimension d
 * @param codes the codes, row-major (size × d)
 * @param clusters each code's cluster (0 ≤ c &lt; K)
 */
public record ReferenceCodes(int dim, float[] codes, int[] clusters) {

    /** Checks that the codes and clusters agree in size and that there is at least one code. */
    public ReferenceCodes {
        if (dim < 1) throw new IllegalArgumentException("code dimension must be >= 1, got " + dim);
        if (clusters.length == 0) throw new IllegalArgumentException("no reference codes");
        if (codes.length != (long) clusters.length * dim) {
            throw new IllegalArgumentException(clusters.length + " clusters but " + codes.length + " values for codes of dimension " + dim);
        }
        for (int c : clusters) if (c < 0) throw new IllegalArgumentException("negative cluster " + c);
    }

    /** The number of reference codes. */
    public int size() {
        return clusters.length;
    }

    /**
     * The neighbours the agreement counts: {@value Reliability#NEIGHBOURS}, or all codes when there are fewer (then one
     * fewer for an object that is itself among them).
     */
    public int neighbours() {
        return Math.min(Reliability.NEIGHBOURS, size());
    }

    /**
     * For each query object, the share of its {@link #neighbours()} nearest reference codes in its cluster, a code at
     * the object's own point skipped once as the object itself ({@link Reliability#neighbourAgreement}: streamed,
     * O(queries × size × d) time, no queries × size matrix).
     *
     * @param query query codes, row-major (q × d)
     * @param queryClusters the cluster each query object is given
     */
    public double[] agreement(float[] query, int[] queryClusters) {
        return Reliability.neighbourAgreement(codes, clusters, query, queryClusters, dim, neighbours());
    }
}
