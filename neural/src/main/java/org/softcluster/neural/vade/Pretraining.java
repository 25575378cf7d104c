package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batched;
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
    /** Early stopping on the validation rows (patience &gt; 0 and a validation part): the best epoch and its weights. */
    private final boolean early;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;
    private Map<String, float[]> bestWeights;

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
        this.early = config.pretraining().patience() > 0 && data.xVal() != null;
        config.checkFeatures(data.net().inputDim());
    }

    /** Pre-trains {@code net} on the training data {@code x} (nothing when the config has no pre-training epochs). */
    static void run(StageContext ctx, StageData data, Checkpoints checkpoints) {
        if (ctx.config().pretraining().epochs() == 0) return;
        Pretraining stage = new Pretraining(ctx, data, checkpoints);
        int last = ctx.loop().run(stage, checkpoints.firstEpoch(), TrainLoop.Clipping.FOLDED);
        stage.trainable.values().forEach(a -> a.setRequiresGradient(false));
        if (stage.bestWeights != null) {
            data.net().params().restore(stage.bestWeights);
            ctx.listener().onMessage(String.format(java.util.Locale.ROOT,
                    "pre-training: kept epoch %d of %d (validation loss %.5g)%s", stage.bestEpoch, last, stage.bestLoss,
                    last < ctx.config().pretraining().epochs() ? ", stopped after " + stage.sinceBest + " epochs without a better one" : ""));
        }
    }

    /** The pre-training loss on the validation rows (their mean, as the training loss), without gradients. */
    private double validationLoss() {
        int rows = (int) data.xVal().getShape().get(0);
        Batched.Outputs out = Batched.run(data.xVal(), 2048, new int[0], (xb, slice) -> new NDArray[] {loss(xb).sum()});
        return out.sum(0) / rows;
    }

    /** The pre-training loss of each row of {@code xb}. */
    private NDArray loss(NDArray xb) {
        NDArray mu = data.net().encode(xb).mu();
        return switch (config.pretraining().loss()) {
            case MSE -> xb.sub(data.net().reconstruct(mu)).square().sum(new int[] {1});
            case ANCHORED -> xb.sub(data.net().reconstruct(mu)).square().add(xb.sub(mu).square()).sum(new int[] {1});
            case LIKELIHOOD -> data.net().negLogLikelihood(xb, data.net().decode(mu));
        };
    }


    @Override
    public void startEpoch(int epoch) {
        perm = Dataset.permutation(n, ctx.epochSeed(1, epoch));
        distort = new SplittableRandom(ctx.epochSeed(6, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray xb = data.aug().rows(config.training().augment().pretrain(), data.x(), perm, batch, config.training().batchSize(), distort);
        return new NDArray[] {loss(xb).mean()};
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[0]) ? null : "reconstruction loss (" + terms[0] + ")";
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        double mean = sums.mean(0);
        double val = early ? validationLoss() : Double.NaN;
        EpochLog row = new EpochLog("pretrain", epoch, mean, Double.NaN, Double.NaN, Double.NaN, mean, Double.NaN,
                val, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
                Double.NaN, sums.skipped(), (System.nanoTime() - startNanos) / 1e9, Double.NaN);
        data.log().add(row);
        return row;
    }

    @Override
    public boolean afterEpoch(int epoch, EpochLog row) {
        checkpoints.save("pretrain", epoch, data.net(), adam, data.log(), null);
        if (!early) return false;
        if (row.valLoss() < bestLoss) {
            bestLoss = row.valLoss();
            bestEpoch = epoch;
            sinceBest = 0;
            bestWeights = data.net().params().snapshot();
            return false;
        }
        return ++sinceBest >= config.pretraining().patience();
    }
}
