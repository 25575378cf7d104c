package org.softcluster.neural.dec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Batches;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.SoftStats;
import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DEC's stage 3: KL(P ‖ Q) over the encoder and the centres, with the target P recomputed on the whole
 * training part every {@link DecConfig#updateInterval()} steps, stopping when fewer than {@link DecConfig#tol()}
 * of the assignments changed between two target updates (or after {@link DecConfig#maxEpochs()}).
 */
final class DecClustering extends TrainLoop.BaseStage {
    /** The stage's name in logs and checkpoints. */
    static final String STAGE = "train";

    private final DecConfig config;
    private final DecData data;
    private final TrainingListener listener;
    /** The stream of the clustering stage's shuffles ({@link DecTrainer#epochSeed}). */
    private final long shuffleStream;
    private final DecCheckpoints checkpoints;
    private final int n;
    private final boolean byNmi;
    private final String bestBy;
    private double bestNmi = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int[] previous;
    private long step;
    private int updates;
    private double lastChange = Double.NaN;
    private String stopReason;
    private boolean stopped;
    private int epochsRun;
    private NDManager targetManager;
    private NDArray target;
    private float[] centersBefore;
    private int[] perm;
    private double epochChange;

    /** How the clustering stage ended. */
    record Result(int epochsRun, int bestEpoch, String bestBy, String stopReason, long steps, int targetUpdates, double lastChange) { }

    private DecClustering(TrainLoop loop, DecConfig config, DecData data, int[] initLabels, DecCheckpoints checkpoints) {
        super(STAGE, config.maxEpochs(), data.x().getShape().get(0), config.batchSize(), config.clipNorm(), 0);
        this.config = config;
        this.data = data;
        this.listener = loop.listener();
        this.shuffleStream = config.seed() ^ 0x2545F4914F6CDD1DL;
        this.checkpoints = checkpoints;
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : data.net().params().all().entrySet()) {
            if (DecNetwork.isEncoder(e.getKey()) || e.getKey().equals(DecNetwork.CENTERS)) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        this.adam = new Adam(trainable, config.lr(), 1e-8);
        this.n = data.n();
        this.byNmi = data.validation() != null && data.validation().hasLabels();
        this.bestBy = byNmi ? "validation NMI (reported only; the model keeps the last step, as in DEC)"
                : "last epoch (no labelled validation part)";
        this.previous = initLabels;
        this.stopReason = config.maxEpochs() == 0 ? "no clustering epochs" : "max epochs";
        DecCheckpoint from = checkpoints.from(STAGE);
        if (from != null) restore(from);
    }

    /** Continues after the checkpoint's epoch: Adam, counters, best epoch, the last labels and the target P in force. */
    private void restore(DecCheckpoint from) {
        DecCheckpoint.Clustering c = from.clustering();
        adam.restore(from.adam());
        epochsRun = from.epoch();
        step = c.steps();
        updates = c.targetUpdates();
        lastChange = c.lastChange();
        stopReason = c.stopReason();
        stopped = "tol".equals(stopReason);
        bestNmi = c.bestNmi();
        bestEpoch = c.bestEpoch();
        previous = c.previous();
        if (c.target() != null) setTarget(c.target());
    }

    /**
     * Runs the clustering stage from the k-means labels {@code initLabels} (or from a clustering-stage checkpoint),
     * writing a checkpoint after each epoch; the network is frozen afterwards.
     */
    static Result run(TrainLoop loop, DecConfig config, DecData data, int[] initLabels, DecCheckpoints checkpoints) {
        DecClustering stage = new DecClustering(loop, config, data, initLabels, checkpoints);
        try {
            loop.run(stage, stage.stopped ? stage.epochs() + 1 : checkpoints.firstEpoch(STAGE), TrainLoop.Clipping.IN_PLACE);
        } finally {
            if (stage.targetManager != null) stage.targetManager.close();
        }
        for (NDArray a : data.net().params().all().values()) a.setRequiresGradient(false);
        return new Result(stage.epochsRun, stage.bestEpoch, stage.bestBy, stage.stopReason, stage.step, stage.updates,
                stage.lastChange);
    }


    @Override
    public void startEpoch(int epoch) {
        centersBefore = data.net().centers().toFloatArray();
        perm = Dataset.permutation(n, DecTrainer.epochSeed(shuffleStream, epoch));
        epochChange = Double.NaN;
    }

    /** Every {@code updateInterval} steps: the tolerance check, then a new target P from the whole training part. */
    @Override
    public boolean beforeBatch(int epoch, int batch) {
        if (step % config.updateInterval() != 0) return true;
        int k = config.k();
        DecNetwork.Inference inf = data.net().infer(data.x(), DecTrainer.INFER_BATCH, false);
        int[] labels = argmax(inf.q(), k);
        int changed = 0;
        for (int i = 0; i < n; i++) if (labels[i] != previous[i]) changed++;
        double change = (double) changed / n;
        epochChange = change;
        lastChange = change;
        // As in DEC: the first check (against the k-means labels) never stops training.
        if (updates > 0 && change < config.tol()) {
            stopReason = "tol";
            stopped = true;
            listener.onMessage(String.format(Locale.ROOT,
                    "DEC converged in epoch %d after %d steps: %.4f%% of assignments changed (tol %.4f%%)",
                    epoch, step, 100 * change, 100 * config.tol()));
            return false;
        }
        previous = labels;
        float[] p;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            p = DecMath.target(data.x().getManager().create(inf.q(), new Shape(n, k))).toFloatArray();
        }
        setTarget(p);
        updates++;
        return true;
    }

    /** Puts P (N×K, row-major) in force; it must outlive the per-step scopes until the next update, so it has its own manager. */
    private void setTarget(float[] p) {
        if (targetManager != null) targetManager.close();
        targetManager = data.x().getManager().newSubManager();
        target = Tensors.of(targetManager, p, new Shape(n, config.k()));
    }

    @Override
    public NDArray[] forward(int epoch, int batch) {
        NDArray idx = Batches.indices(data.x().getManager(), perm, batch, config.batchSize());
        NDArray xb = data.x().get(idx);
        NDArray pb = target.get(idx);
        step++;
        return new NDArray[] {DecMath.klDivergence(pb, data.net().logSoftAssignment(xb))};
    }

    @Override
    public String lossFault(float[] terms) {
        return Float.isFinite(terms[0]) ? null : "KL(P||Q) loss (" + terms[0] + ")";
    }

    @Override
    public EpochLog endEpoch(int epoch, TrainLoop.Sums sums, long startNanos) {
        epochsRun = epoch;
        DecLog row = row(epoch, sums.good() + sums.skipped(), sums.mean(0), sums.meanNorm(), startNanos);
        data.log().add(row);
        if (!byNmi || row.valNmi() > bestNmi) {
            bestNmi = byNmi ? row.valNmi() : bestNmi;
            bestEpoch = epoch;
        }
        return row.toEpochLog();
    }

    @Override
    public boolean afterEpoch(int epoch, EpochLog row) {
        checkpoints.save(STAGE, epoch, data.net(), adam, data.log(), () -> new DecCheckpoint.Clustering(step, updates, lastChange, stopReason,
                bestNmi, bestEpoch, previous, target == null ? null : target.toFloatArray()));
        return false;
    }

    private DecLog row(int epoch, int batches, double loss, double gradNorm, long t0) {
        double valLoss = Double.NaN;
        double entropy = Double.NaN;
        double confidence = Double.NaN;
        int used = 0;
        MetricReport val = null;
        if (data.xVal() != null) {
            double[][] q = data.net().infer(data.xVal(), DecTrainer.INFER_BATCH, false).qRows();
            valLoss = DecMath.klDivergence(DecMath.target(q), q);
            used = SoftStats.clustersUsed(q);
            double[] ec = SoftStats.entropyConfidence(q);
            entropy = ec[0];
            confidence = ec[1];
            if (data.validation().hasLabels()) val = MetricReport.of(data.validation().labels(), q);
        }
        return new DecLog(STAGE, epoch, batches, loss, valLoss, val == null ? Double.NaN : val.nmi(),
                val == null ? Double.NaN : val.ari(), val == null ? Double.NaN : val.acc(), entropy, confidence, used,
                epochChange, updates, SoftStats.meanDrift(centersBefore, data.net().centers().toFloatArray(), config.k(), config.latentDim()), gradNorm, (System.nanoTime() - t0) / 1e9);
    }

    private static int[] argmax(float[] flat, int k) {
        int rows = flat.length / k;
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (flat[i * k + j] > flat[i * k + best]) best = j;
            out[i] = best;
        }
        return out;
    }
}
