package org.softcluster.neural.train;

/** What training does when a loss term or the gradient norm is NaN or infinite. */
public enum NanPolicy {
    /** Stop with a message naming the stage, the epoch, the batch and the term (default). */
    STOP,
    /** Skip the batch (no update) and count it in the training log. */
    SKIP_BATCH
}
