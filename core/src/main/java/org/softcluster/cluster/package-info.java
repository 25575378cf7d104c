/**
 * Clustering API ({@link org.softcluster.cluster.Clusterer}, {@link org.softcluster.cluster.ClusterModel})
 * and the classical baselines: k-means ({@link org.softcluster.cluster.KMeans}) and the
 * diagonal-covariance Gaussian mixture ({@link org.softcluster.cluster.GaussianMixture}).
 *
 * <p>The baselines follow scikit-learn 1.2 closely (greedy k-means++, relative tolerance,
 * k-means initialised EM with {@code reg_covar}) so that their numbers can be checked against
 * it. Row-parallel loops use fixed row blocks and reduce partial results in block order, so a
 * fit gives bit-identical results for a seed whatever the number of threads.
 */
package org.softcluster.cluster;
