package org.softcluster.neural.train;

/** Receives training progress (for progress bars and logs); every method has a no-op default. */
public interface TrainingListener {

    /** A stage ("pretrain", "init", "train") starts with this many epochs of this many batches. */
    default void onStageStart(String stage, int epochs, int batchesPerEpoch) { }

    /** One batch finished. */
    default void onBatch(String stage, int epoch, int batch, double loss) { }

    /** One epoch finished. */
    default void onEpoch(EpochLog log) { }

    /** A stage finished. */
    default void onStageEnd(String stage) { }

    /** A free-form message (e.g. "early stop at epoch 9"). */
    default void onMessage(String message) { }

    /** The listener that does nothing. */
    TrainingListener NONE = new TrainingListener() { };
}
