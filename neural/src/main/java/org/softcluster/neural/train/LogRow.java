package org.softcluster.neural.train;

import java.util.Map;

/** One row of a training log ({@code train_log.csv}): ordered column → value. */
public interface LogRow {

    /** The row as ordered column → value, the header of {@code train_log.csv}. */
    Map<String, Object> toMap();
}
