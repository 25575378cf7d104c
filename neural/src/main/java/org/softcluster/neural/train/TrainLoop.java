package org.softcluster.neural.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Autograd;
import org.softcluster.neural.GradientClipping;

/**
 * The one mini-batch training loop of every stage of every method: epochs × batches, each batch's forward
 * pass under a gradient collector and in its own tensor scope, the backward pass, Adam's step with the
 * gradients clipped by their global norm (16), the non-finite policy and the listener's events. A stage
 * ({@link Stage}) says what one batch computes and what an epoch's end does (validation, log row, early
 * stopping, checkpoint); the loop does the rest.
 */
public final class TrainLoop {
    private final TrainingListener listener;
    private final NanPolicy nanPolicy;

    /** How clipping meets the optimiser step. */
    public enum Clipping {
        /** The clipping factor is folded into Adam's fused update (no extra pass; VaDE's stages). */
        FOLDED,
        /** The gradients are scaled in place, then Adam steps (DEC's order, kept so DEC trains as before). */
        IN_PLACE
    }

    /** The points a batch's step passes, in order, for profiling ({@link Stage#reached}). */
    public enum Phase {
        /** The forward and backward passes are done and the terms read. */
        FORWARD_BACKWARD,
        /** The global gradient norm is computed (and, under {@link Clipping#IN_PLACE}, the gradients scaled). */
        GRADIENT_NORM,
        /** Adam's update is done. */
        UPDATE
    }

    /** One training stage as the loop sees it. */
    public interface Stage {
        /** The stage's name in logs, messages and listener events ("pretrain", "train", ...). */
        String name();

        /** The last epoch (epochs run from the first epoch given to {@link #run} up to this one). */
        int epochs();

        /** Batches per epoch. */
        int batches();

        /** The optimiser over the stage's trainable tensors. */
        Adam optimizer();

        /** The global-norm bound (0: none). */
        double clipNorm();

        /** Before an epoch's batches (learning-rate schedule, shuffling, seeds). */
        default void startEpoch(int epoch) { }

        /** Whether batch {@code batch} runs; false ends the stage before it (e.g. DEC's tolerance). */
        default boolean beforeBatch(int epoch, int batch) { return true; }

        /**
         * The forward pass of one batch, called with a gradient collector open: scalar terms, of which
         * {@link #objective()} is differentiated. All terms are reported in the epoch's means.
         */
        NDArray[] forward(int epoch, int batch);

        /** The index of the term whose gradient trains the stage. */
        int objective();

        /** The index of the term reported to {@link TrainingListener#onBatch}. */
        default int reported() { return objective(); }

        /** What is non-finite among a batch's term values, for the message ("KL loss (NaN)"), or null when all are finite. */
        String lossFault(float[] terms);

        /** How a non-finite gradient norm is named (null: "gradient norm (value)"). */
        default String normFault(float[] terms) { return null; }

        /** A batch's step passed {@code phase} (a hook for timing the step; skipped batches stop before GRADIENT_NORM or UPDATE). */
        default void reached(Phase phase) { }

        /** After a batch's update (e.g. the dual ascent on η). */
        default void afterStep(float[] terms) { }

        /**
         * An epoch's end, given the means of the terms over its good batches: validation, the log row (null:
         * none for the listener) — and whatever the row is written to.
         */
        EpochLog endEpoch(int epoch, Sums sums, long startNanos);

        /** After the epoch's row went to the listener: early stopping, checkpoint; true stops the stage. */
        default boolean afterEpoch(int epoch, EpochLog row) { return false; }
    }

    /**
     * The fixed facts of a stage — name, epochs, batches, optimiser, clipping bound, trained term — so that a
     * stage class writes only what its batches and epochs do. The subclass sets {@link #adam} in its constructor.
     */
    public abstract static class BaseStage implements Stage {
        private final String name;
        private final int epochs;
        private final int batches;
        private final double clipNorm;
        private final int objective;
        /** The optimiser over the stage's trainable tensors (set by the subclass's constructor). */
        protected Adam adam;

        /** A stage over {@code rows} training rows in batches of {@code batchSize}. */
        protected BaseStage(String name, int epochs, long rows, int batchSize, double clipNorm, int objective) {
            this.name = name;
            this.epochs = epochs;
            this.batches = (int) ((rows + batchSize - 1) / batchSize);
            this.clipNorm = clipNorm;
            this.objective = objective;
        }

        @Override public final String name() { return name; }
        @Override public final int epochs() { return epochs; }
        @Override public final int batches() { return batches; }
        @Override public final Adam optimizer() { return adam; }
        @Override public final double clipNorm() { return clipNorm; }
        @Override public final int objective() { return objective; }
    }

    /**
     * The epoch's means of each term and of the gradient norm over the batches that updated, and the
     * counts of updating and skipped batches.
     */
    public record Sums(double[] means, double meanNorm, int good, int skipped) {
        /** The mean of term {@code i}. */
        public double mean(int i) { return means[i]; }
    }

    /** Creates the loop. */
    public TrainLoop(TrainingListener listener, NanPolicy nanPolicy) {
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.nanPolicy = nanPolicy == null ? NanPolicy.STOP : nanPolicy;
    }

    /** The listener. */
    public TrainingListener listener() { return listener; }

    /** The non-finite policy. */
    public NanPolicy nanPolicy() { return nanPolicy; }

    /**
     * Runs epochs {@code firstEpoch} … {@code stage.epochs()} (or until the stage stops) between the
     * listener's stage events; returns the last epoch that ran a batch (firstEpoch − 1 if none).
     */
    public int run(Stage stage, int firstEpoch, Clipping clipping) {
        int batches = stage.batches();
        listener.onStageStart(stage.name(), stage.epochs(), batches);
        int last = firstEpoch - 1;
        boolean stopped = false;
        for (int epoch = firstEpoch; epoch <= stage.epochs() && !stopped; epoch++) {
            long t0 = System.nanoTime();
            stage.startEpoch(epoch);
            double[] sums = null;
            double normSum = 0;
            int good = 0;
            int skipped = 0;
            for (int b = 0; b < batches; b++) {
                if (!stage.beforeBatch(epoch, b)) {
                    stopped = true;
                    break;
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    float[] terms;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray[] t = stage.forward(epoch, b);
                        Autograd.backward(gc, t[stage.objective()]);
                        terms = NDArrays.stack(new NDList(t)).toFloatArray();
                    }
                    stage.reached(Phase.FORWARD_BACKWARD);
                    double norm = step(stage, epoch, b, terms, clipping);
                    if (Double.isNaN(norm)) {
                        skipped++;
                        continue;
                    }
                    if (sums == null) sums = new double[terms.length];
                    for (int i = 0; i < terms.length; i++) sums[i] += terms[i];
                    normSum += norm;
                    good++;
                    stage.afterStep(terms);
                    listener.onBatch(stage.name(), epoch, b, terms[stage.reported()]);
                }
            }
            if (good + skipped == 0) break;
            if (good == 0) {
                throw new NonFiniteException("every batch of " + stage.name() + " epoch " + epoch
                        + " was non-finite; lower the learning rate or check the data");
            }
            last = epoch;
            double[] means = new double[sums.length];
            for (int i = 0; i < means.length; i++) means[i] = sums[i] / good;
            EpochLog row = stage.endEpoch(epoch, new Sums(means, normSum / good, good, skipped), t0);
            if (row != null) listener.onEpoch(row);
            if (stage.afterEpoch(epoch, row)) stopped = true;
        }
        listener.onStageEnd(stage.name());
        return last;
    }

    /**
     * The optimiser step after a batch's backward pass: Adam's update with the gradients clipped by their
     * global norm, returning that norm; a batch whose loss or gradient norm is non-finite is skipped
     * (gradients zeroed, NaN returned) or stops training, by the policy.
     */
    private double step(Stage stage, int epoch, int batch, float[] terms, Clipping clipping) {
        Adam adam = stage.optimizer();
        String lossFault = stage.lossFault(terms);
        double norm = Double.NaN;
        if (lossFault == null) {
            norm = clipping == Clipping.IN_PLACE ? GradientClipping.clip(adam.params(), stage.clipNorm())
                    : GradientClipping.globalNorm(adam.params());
            if (Double.isFinite(norm)) stage.reached(Phase.GRADIENT_NORM);
        }
        if (lossFault != null || !Double.isFinite(norm)) {
            String normFault = stage.normFault(terms);
            String what = lossFault != null ? lossFault : normFault != null ? normFault : "gradient norm (" + norm + ")";
            if (nanPolicy == NanPolicy.STOP) {
                throw new NonFiniteException("non-finite " + what + " in " + stage.name() + " epoch " + epoch + ", batch "
                        + (batch + 1) + " (the non-finite policy SKIP_BATCH skips such batches)");
            }
            adam.zeroGradients();
            listener.onMessage("skipped " + stage.name() + " epoch " + epoch + " batch " + (batch + 1) + ": non-finite " + what);
            return Double.NaN;
        }
        adam.update(clipping == Clipping.IN_PLACE ? 1f : GradientClipping.scale(norm, stage.clipNorm()));
        stage.reached(Phase.UPDATE);
        return norm;
    }
}
