/**
 * Exact, dependency-free clustering metrics checked against scikit-learn 1.2.1 and SciPy: {@link
 * org.softcluster.metrics.Nmi}, {@link org.softcluster.metrics.Ari}, {@link
 * org.softcluster.metrics.HungarianAccuracy}, soft-assignment metrics in {@link
 * org.softcluster.metrics.SoftMetrics} and their summary {@link org.softcluster.metrics.MetricReport}.
 *
 * <p>Labels are arbitrary ints (gaps and negative values allowed); the numbers of predicted clusters and
 * true labels may differ. Null, empty or mismatched inputs raise {@link IllegalArgumentException}; a single
 * object (N = 1) is valid.
 */
package org.softcluster.metrics;
