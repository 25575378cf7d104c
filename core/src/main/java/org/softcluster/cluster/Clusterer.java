package org.softcluster.cluster;

import org.softcluster.data.Dataset;

/**
 * A trainer that holds hyper-parameters and fits an immutable {@link ClusterModel}.
 *
 * @param <M> the model type
 */
public interface Clusterer<M extends ClusterModel> {

    /** Fits a model on the given training data. */
    M fit(Dataset train);
}
