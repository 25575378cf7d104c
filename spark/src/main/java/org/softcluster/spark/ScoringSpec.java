package org.softcluster.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Which columns of a Spark row hold the features and what an unusable row does: what a
 * {@link SoftClusterModel} sends to its executors, where each task builds its {@link RowFeatures} from it.
 *
 * @param featuresCol the ML vector column of features (used when {@code inputCols} is empty)
 * @param inputCols the table columns to encode with the model's own encoding (numbers, and text for the model's
 *                  categorical columns), or empty
 * @param missing the missing-cell policy ({@code error}, {@code drop}, {@code mean}, {@code mode}), or empty for
 *                the model's own
 * @param skipInvalid whether a row that cannot be scored (a missing value the policy refuses, an infinite or
 *                    non-numeric value) is dropped instead of failing the job
 * @param idCol a column that names rows in error messages, or empty
 * @param reliability whether each scored row also gets its reliability estimate ({@code NeuralModel#reliability})
 */
record ScoringSpec(String featuresCol, List<String> inputCols, String missing, boolean skipInvalid, String idCol,
                   boolean reliability) implements Serializable {

    /** A spec without reliability estimates. */
    ScoringSpec(String featuresCol, List<String> inputCols, String missing, boolean skipInvalid, String idCol) {
        this(featuresCol, inputCols, missing, skipInvalid, idCol, false);
    }

    /** Copies the list (an immutable, serialisable one) and turns nulls into empty values. */
    ScoringSpec {
        inputCols = inputCols == null ? List.of() : List.copyOf(inputCols);
        missing = missing == null ? "" : missing;
        idCol = idCol == null ? "" : idCol;
    }

    /** Whether the features come from table columns rather than a vector column. */
    boolean fromColumns() {
        return !inputCols.isEmpty();
    }
}
