package org.softcluster.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The column parameters that {@link SoftCluster} and {@link SoftClusterModel} share, named as Spark's
 * {@code GaussianMixture}'s (what Spark's own {@code HasFeaturesCol}, {@code HasPredictionCol}, ... traits give its
 * stages). Spark finds a stage's parameters through such public accessors.
 */
public interface SoftClusterColumns {
    /** The stage's own parameter instances (an implementation detail: each stage makes its own). */
    ColumnParams columnParams();

    /** The features vector column (default {@code features}); used when {@link #inputCols()} is empty. */
    default Param<String> featuresCol() { return columnParams().featuresCol; }

    /** Table columns encoded with the model's encoding (default empty: use {@link #featuresCol()}). */
    default StringArrayParam inputCols() { return columnParams().inputCols; }

    /** The cluster output column (default {@code prediction}). */
    default Param<String> predictionCol() { return columnParams().predictionCol; }

    /** The soft assignment output column (default {@code probability}). */
    default Param<String> probabilityCol() { return columnParams().probabilityCol; }

    /** The entropy output column (default {@code entropy}). */
    default Param<String> entropyCol() { return columnParams().entropyCol; }

    /** The confidence output column (default {@code confidence}). */
    default Param<String> confidenceCol() { return columnParams().confidenceCol; }

    /** What a row that cannot be used does: {@code error} (the default) or {@code skip}. */
    default Param<String> handleInvalid() { return columnParams().handleInvalid; }
}
