/**
 * softcluster on Apache Spark: {@link org.softcluster.spark.SoftClusterModel} (a Spark ML model that scores
 * partitions in batches with a model loaded once per executor JVM), {@link org.softcluster.spark.SoftCluster}
 * (an estimator that trains on a sample on the driver) and {@code spark-assign}
 * ({@link org.softcluster.spark.SparkMain}). See docs/spark.md.
 */
package org.softcluster.spark;
