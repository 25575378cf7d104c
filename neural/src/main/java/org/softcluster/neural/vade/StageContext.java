package org.softcluster.neural.vade;

import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

/**
 * What every VaDE stage shares: the configuration, the training loop (listener and non-finite policy)
 * and the seeds of its random streams.
 */
record StageContext(VadeConfig config, TrainLoop loop) {

    /** The progress listener. */
    TrainingListener listener() { return loop.listener(); }

    /**
     * A seed per (stream, epoch), so that a resumed or shared run draws exactly what an uninterrupted run
     * draws. Streams: 1 pre-training shuffle, 2 main-stage noise, 3 main-stage shuffle, 4 warm-up shuffle,
     * 5 branch shuffle, 6 pre-training distortions, 7 main-stage distortions.
     */
    long epochSeed(int stream, int epoch) {
        long h = config.seed() * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** η at the start of a stage that trains the branch: fixed, or the start of the dual ascent in target-entropy mode (never 0 there). */
    double initialEta() {
        return config.loss().targetEntropy() > 0 ? Math.max(config.loss().eta(), 1e-3) : config.loss().eta();
    }

    /**
     * One step of the dual ascent on ln η (as automatic temperature tuning in soft actor-critic): raise η
     * while the batch's mean H(γ) = {@code h} is below the target, lower it above; ln η stays in [ln 1e-4, ln 1e3].
     */
    double nextLogEta(double logEta, double h) {
        return Math.max(Math.log(1e-4), Math.min(Math.log(1e3), logEta + config.loss().etaLr() * (config.loss().targetEntropy() - h)));
    }

    /** Whether the branch is fitted in a stage of its own after the main stage (branch gradient HEAD with branch epochs). */
    boolean headMode() {
        return config.method() == VadeConfig.Method.ERVADE && config.branch().gradient() == VadeConfig.BranchGradient.HEAD
                && config.branch().epochs() > 0;
    }
}
