package org.softcluster.cluster;

import org.softcluster.data.Dataset;

/**
 * A fitted, immutable clustering model: soft and hard assignments for any data with the
 * model's feature count (scikit-learn's {@code predict}, {@code predict_proba}, {@code transform}).
 */
public interface ClusterModel {

    /** Number of clusters K. */
    int k();

    /** Number of input features the model expects. */
    int inputDim();

    /** Soft assignments: N rows of K probabilities summing to one (one-hot for hard models). */
    double[][] predictProba(Dataset data);

    /** Hard assignments: the argmax of {@link #predictProba}. */
    default int[] predict(Dataset data) {
        double[][] p = predictProba(data);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                if (p[i][k] > p[i][best]) best = k;
            }
            out[i] = best;
        }
        return out;
    }

    /** A model-specific representation (distances to centroids, latent codes, ...). */
    double[][] transform(Dataset data);

    /** Checks that the data has this model's feature count, with a clear message otherwise. */
    default void checkDim(Dataset data) {
        if (data.dim() != inputDim()) {
            throw new IllegalArgumentException(data.name() + ": data has " + data.dim() + " features but the model expects " + inputDim());
        }
    }
}
