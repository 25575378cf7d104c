package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import org.softcluster.data.Dataset;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batches;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.TrainLoop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DEC's stage 1: the autoencoder trained end to end on the reconstruction loss; the decoder is frozen afterwards. */
final class DecPretraining extends TrainLoop.BaseStage {
    /** The stage's name in logs and checkpoints. */
    static final String STAGE = "pretrain";

    private final DecConfig config;
    private final DecData data;
    private final DecCheckpoints checkpoints;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final int n;
    /** The stream of the pre-training shuffles ({@link DecTrainer#epochSeed}). */
    private final long shuffleStream;
    private int[] perm;

    private DecPretraining(DecConfig config, DecData data, DecCheckpoints checkpoints) {
        super(STAGE, config.pretrainEpochs(), data.x().getShape().get(0), config.batchSize(), config.clipNorm(), 0);
        this.config = config;
        this.data = data;
        this.checkpoints = checkpoints;
        this.shuffleStream = config.seed() ^ 0x5DEECE66DL;
        for (var e : data.net().params().all().entrySet()) {
            if (DecNetwork.isEncoder(e.getKey()) || DecNetwork.isDecoder(e.getKey())) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(trainable, config.pretrainLr(), 1e-8);
        DecCheckpoint from = checkpoints.from(STAGE);
        if (from != null) adam.restore(from.adam());
        this.n = data.n();
    }

    /**
     * Pre-trains {@code net} (nothing when the config has no pre-training epochs), continuing from a
     * pre-training checkpoint, writing one after each epoch.
     */
    static void run(TrainLoop loop, DecConfig config, DecData data, DecCheckpoints checkpoints) {
        if (config.pretrainEpochs() == 0) return;
        DecPretraining stage = new DecPretraining(config, data, checkpoints);
        loop.run(stage, checkpoints.firstEpoch(STAGE), TrainLoop.Clipping.IN_PLACE);
        // The decoder takes no part in the clustering stage (DEC drops it).
        stage.trainable.forEach((name, a) -> {
            if (DecNetwork.isDecoder(name)) a.setRequiresGradient(false);
        });
    }


    @Override
    public void startEpoch(int epoch) {
        perm = Dataset.permutation(n, DecTrainer.epochSeed(shuffleStream, epoch));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        return new NDArray[] {data.net().reconstructionLoss(Batches.rows(data.x(), perm, batch, config.batchSize()))};
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[0]) ? null : "reconstruction loss (" + terms[0] + ")";
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        double valLoss = data.xVal() == null ? Double.NaN : data.net().infer(data.xVal(), DecTrainer.INFER_BATCH, true).reconstruction();
        DecLog row = new DecLog(STAGE, epoch, sums.good() + sums.skipped(), sums.mean(0), valLoss, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0, Double.NaN, sums.meanNorm(),
                (System.nanoTime() - startNanos) / 1e9);
        data.log().add(row);
        return row.toEpochLog();
    }

    @Override
    public boolean afterEpoch(int epoch, EpochLog row) {
        checkpoints.save(STAGE, epoch, data.net(), adam, data.log(), () -> null);
        return false;
    }
}
