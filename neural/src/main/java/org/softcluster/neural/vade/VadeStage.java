package org.softcluster.neural.vade;

import org.softcluster.neural.train.TrainLoop;

/**
 * A VaDE stage with gradient steps: what every such stage holds (the run's context, its configuration and
 * the data it trains on) and its shape for the loop (epochs over the training rows in the configured batch
 * size, clipped at the configured norm).
 */
abstract class VadeStage extends TrainLoop.BaseStage {
    /** The run's context: configuration, loop, seeds. */
    protected final StageContext ctx;
    /** The configuration ({@code ctx.config()}). */
    protected final VadeConfig config;
    /** The network and the rows the stage trains on. */
    protected final StageData data;

    /**
     * @param name the stage's name in logs and checkpoints
     * @param epochs its epochs
     * @param objective the index of the loss term that trains (see {@link TrainLoop.Stage#objective()})
     */
    protected VadeStage(String name, int epochs, StageContext ctx, StageData data, int objective) {
        super(name, epochs, data.n(), ctx.config().training().batchSize(), ctx.config().training().clipNorm(), objective);
        this.ctx = ctx;
        this.config = ctx.config();
        this.data = data;
    }
}
