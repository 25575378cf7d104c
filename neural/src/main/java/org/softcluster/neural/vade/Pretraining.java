package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Adam;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.TrainLoop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 1: the autoencoder (encoder trunk, μ head, decoder) trained on reconstruction alone — the model's
 * own likelihood or squared error ({@link VadeConfig.PretrainLoss}), on distorted images when
 * {@link VadeConfig.Augment#pretrain()}.
 */
final class Pretraining extends VadeStage {
    private final Checkpoints checkpoints;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final int n;
    private int[] perm;
    private SplittableRandom distort;

    private Pretraining(StageContext ctx, StageData data, Checkpoints checkpoints) {
        super("pretrain", ctx.config().pretraining().epochs(), ctx, data, 0);
        this.checkpoints = checkpoints;
        for (var e : data.net().params().all().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("enc.") || name.startsWith("head.mu.") || name.startsWith("dec.")) trainable.put(name, e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(trainable, config.pretraining().lr(), 1e-8);
        if (checkpoints.from() != null) adam.restore(checkpoints.from().adam());
        this.n = data.n();
    }

    /** Pre-trains {@code net} on the training data {@code x} (nothing when the config has no pre-training epochs). */
    static void run(StageContext ctx, StageData data, Checkpoints checkpoints) {
        if (ctx.config().pretraining().epochs() == 0) return;
        Pretraining stage = new Pretraining(ctx, data, checkpoints);
        ctx.loop().run(stage, checkpoints.firstEpoch(), TrainLoop.Clipping.FOLDED);
        stage.trainable.values().forEach(a -> a.setRequiresGradient(false));
    }


    @Override
    public void startEpoch(int epoch) {
        perm = Dataset.permutation(n, ctx.epochSeed(1, epoch));
        distort = new SplittableRandom(ctx.epochSeed(6, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray xb = data.aug().rows(config.training().augment().pretrain(), data.x(), perm, batch, config.training().batchSize(), distort);
        NDArray mu = data.net().encode(xb).mu();
        NDArray l = config.pretraining().loss() == VadeConfig.PretrainLoss.MSE
                ? xb.sub(data.net().reconstruct(mu)).square().sum(new int[] {1}).mean()
                : data.net().negLogLikelihood(xb, data.net().decode(mu)).mean();
        return new NDArray[] {l};
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[0]) ? null : "reconstruction loss (" + terms[0] + ")";
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        double mean = sums.mean(0);
        EpochLog row = new EpochLog("pretrain", epoch, mean, Double.NaN, Double.NaN, Double.NaN, mean, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
                Double.NaN, sums.skipped(), (System.nanoTime() - startNanos) / 1e9, Double.NaN);
        data.log().add(row);
        return row;
    }

    @Override
    public boolean afterEpoch(int epoch, EpochLog row) {
        checkpoints.save("pretrain", epoch, data.net(), adam, data.log(), null);
        return false;
    }
}
