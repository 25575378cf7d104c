package org.softcluster.spark;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.DataException;

import java.util.Arrays;
import java.util.List;

/**
 * The column parameters that {@link SoftCluster} and {@link SoftClusterModel} share (named as Spark's
 * {@code GaussianMixture}'s): where the features are, the output columns, and what an unusable row does.
 * Each owner makes its own instances (a Spark parameter belongs to one owner) and shows them through the public
 * accessors of {@link SoftClusterColumns}, which is how Spark finds a stage's parameters. Public only because that
 * interface names it; its members are this package's.
 */
public final class ColumnParams {
    final Param<String> featuresCol;
    final StringArrayParam inputCols;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final Param<String> entropyCol;
    final Param<String> confidenceCol;
    final Param<String> handleInvalid;

    /** Makes the parameters of {@code owner} and sets their defaults through {@code defaults}. */
    ColumnParams(Params owner) {
        featuresCol = new Param<>(owner, "featuresCol", "features column (an ML vector); used when inputCols is empty");
        inputCols = new StringArrayParam(owner, "inputCols",
                "table columns (numbers, or text for categorical columns) encoded with the model's own encoding");
        predictionCol = new Param<>(owner, "predictionCol", "output column: the most likely cluster (int)");
        probabilityCol = new Param<>(owner, "probabilityCol", "output column: the soft assignment (an ML vector of K values)");
        entropyCol = new Param<>(owner, "entropyCol", "output column: the entropy of the soft assignment in nats");
        confidenceCol = new Param<>(owner, "confidenceCol", "output column: the largest probability");
        handleInvalid = new Param<>(owner, "handleInvalid",
                "what a row that cannot be scored (a missing value the policy refuses, a non-finite or non-numeric value)"
                        + " does: error (fail the job, naming the column and row) or skip (drop the row)",
                ParamValidators.inArray(List.of("error", "skip")));
    }

    /** Every parameter with its default value (for {@code Params#setDefault}). */
    List<Object[]> defaults() {
        return List.of(new Object[] {featuresCol, "features"}, new Object[] {inputCols, new String[0]},
                new Object[] {predictionCol, "prediction"}, new Object[] {probabilityCol, "probability"},
                new Object[] {entropyCol, "entropy"}, new Object[] {confidenceCol, "confidence"},
                new Object[] {handleInvalid, "error"});
    }

    /** The input schema with the four output columns appended, after checking the inputs exist and the outputs do not. */
    StructType outputSchema(Params owner, StructType schema) {
        List<String> names = Arrays.asList(schema.fieldNames());
        String[] in = owner.getOrDefault(inputCols);
        for (String c : in.length > 0 ? in : new String[] {owner.getOrDefault(featuresCol)}) {
            if (!names.contains(c)) {
                throw new DataException("no input column \"" + c + "\" in the data (its columns: " + String.join(", ", names) + ")");
            }
        }
        StructField[] out = {
            new StructField(owner.getOrDefault(predictionCol), DataTypes.IntegerType, false, Metadata.empty()),
            new StructField(owner.getOrDefault(probabilityCol), SQLDataTypes.VectorType(), false, Metadata.empty()),
            new StructField(owner.getOrDefault(entropyCol), DataTypes.DoubleType, false, Metadata.empty()),
            new StructField(owner.getOrDefault(confidenceCol), DataTypes.DoubleType, false, Metadata.empty())};
        StructType result = schema;
        for (StructField f : out) {
            if (names.contains(f.name())) throw new DataException("output column \"" + f.name() + "\" already exists in the data");
            result = result.add(f);
        }
        return result;
    }
}
