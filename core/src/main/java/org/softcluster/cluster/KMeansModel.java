package org.softcluster.cluster;

import java.util.Arrays;
import org.softcluster.data.Dataset;

/** A fitted k-means model: K centroids, hard assignment to the nearest one. */
public final class KMeansModel implements ClusterModel {
    private final KMeansConfig config;
    private final double[] centres; // row-major K×D
    private final double[] centreNorms;
    private final int k;
    private final int dim;
    private final double inertia;
    private final int iterations;
    private final boolean converged;

    /** Wraps a fit's result; centres are row-major K×D and are not copied. */
    KMeansModel(KMeansConfig config, double[] centres, int k, int dim, double inertia, int iterations, boolean converged) {
        this.config = config;
        this.centres = centres;
        this.centreNorms = RowBlocks.squaredNorms(centres, k, dim);
        this.k = k;
        this.dim = dim;
        this.inertia = inertia;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** The hyper-parameters this model was trained with (provenance). */
    public KMeansConfig config() { return config; }

    /** Number of centroids K. */
    @Override
    public int k() { return k; }

    /** Number of features the model expects. */
    @Override
    public int inputDim() { return dim; }

    /** A copy of the centroids, K rows of D values. */
    public double[][] centroids() {
        double[][] out = new double[k][];
        for (int c = 0; c < k; c++) {
            out[c] = Arrays.copyOfRange(centres, c * dim, (c + 1) * dim);
        }
        return out;
    }

    /** Sum of squared distances of the training objects to their nearest centroid. */
    public double inertia() { return inertia; }

    /** Lloyd iterations run by the kept restart (scikit-learn's {@code n_iter_}). */
    public int iterations() { return iterations; }

    /** Whether the kept restart met the tolerance (or stable labels) before {@code maxIter}. */
    public boolean converged() { return converged; }

    /** Index of the nearest centroid for every object. */
    @Override
    public int[] predict(Dataset data) {
        int n = checked(data);
        float[] x = data.features();
        double[] xNorm = RowBlocks.rowSquaredNorms(x, n, dim);
        int[] labels = new int[n];
        KMeans.assign(x, n, dim, xNorm, centres, k, labels, new double[n]);
        return labels;
    }

    /** One-hot rows: probability 1 for the nearest centroid. */
    @Override
    public double[][] predictProba(Dataset data) {
        int[] labels = predict(data);
        double[][] out = new double[labels.length][k];
        for (int i = 0; i < labels.length; i++) out[i][labels[i]] = 1;
        return out;
    }

    /** Euclidean (not squared) distances from every object to every centroid, N×K. */
    @Override
    public double[][] transform(Dataset data) {
        int n = checked(data);
        float[] x = data.features();
        double[] xNorm = RowBlocks.rowSquaredNorms(x, n, dim);
        double[][] out = new double[n][k];
        RowBlocks.forEachBlock(n, (b, from, to) -> {
            for (int i = from; i < to; i++) {
                RowBlocks.squaredDistances(x, i * dim, dim, xNorm[i], centres, centreNorms, k, out[i]);
                for (int c = 0; c < k; c++) out[i][c] = Math.sqrt(out[i][c]);
            }
        });
        return out;
    }

    private int checked(Dataset data) {
        checkDim(data);
        RowBlocks.checkFinite(data.features(), dim);
        return data.size();
    }

    /** A one-line summary for logs. */
    @Override
    public String toString() {
        return "KMeansModel(k=" + k + ", dim=" + dim + ", inertia=" + inertia + ", iterations=" + iterations
                + (converged ? "" : ", not converged") + ")";
    }
}
