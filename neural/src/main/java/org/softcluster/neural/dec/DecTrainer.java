package org.softcluster.neural.dec;

import org.softcluster.neural.train.TrainingListener;
import org.softcluster.neural.train.NonFiniteException;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.KMeans;
import org.softcluster.cluster.KMeansConfig;
import org.softcluster.cluster.KMeansModel;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Autograd;
import org.softcluster.neural.Batches;
import org.softcluster.neural.ValidationSplit;
import org.softcluster.neural.GradientClipping;
import org.softcluster.neural.Tensors;

import org.softcluster.neural.vade.VadeTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains DEC in its three stages: autoencoder pre-training (reconstruction loss), k-means on the
 * codes to place the centres, then the clustering stage, which minimises KL(P ‖ Q) over the
 * encoder and the centres with the target P recomputed on the whole training part every
 * {@link DecConfig#updateInterval()} batches, and stops when fewer than {@link DecConfig#tol()}
 * of the assignments changed between two target updates (or after {@link DecConfig#maxEpochs()}).
 *
 * <p>A validation part is split off the given data (as for VaDE) and only monitored: DEC has no
 * model selection, so the model keeps the parameters of the last step.
 */
public final class DecTrainer {
    /** Rows per batch when scoring whole sets without gradients. */
    private static final int INFER_BATCH = 1024;

    private final DecConfig config;
    private final TrainingListener listener;

    /** Creates a trainer that reports to no one. */
    public DecTrainer(DecConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener} (epoch rows via {@link DecLog#toEpochLog()}). */
    public DecTrainer(DecConfig config, TrainingListener listener) {
        if (config == null) throw new IllegalArgumentException("config must be given");
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
    }

    /** The configuration. */
    public DecConfig config() { return config; }

    /**
     * Fits a model on {@code data}; a validation part of {@link DecConfig#validationFraction()} is
     * split off the given data (never the test set) for monitoring.
     */
    public DecModel fit(Dataset data) {
        if (config.k() > data.size()) {
            throw new IllegalArgumentException("k = " + config.k() + " is larger than the number of objects (" + data.size() + ")");
        }
        ValidationSplit parts = ValidationSplit.of(data, config.validationFraction(), config.k(), config.seed());
        Dataset train = parts.train();
        Dataset validation = parts.validation();
        Engine.getInstance().setRandomSeed((int) config.seed());
        NDManager root = NDManager.newBaseManager();
        DecNetwork net = null;
        try {
            net = DecNetwork.create(root, config, data.dim());
            NDArray xTrain = Tensors.of(root, train.features(), new Shape(train.size(), train.dim()));
            NDArray xVal = validation == null ? null : Tensors.of(root, validation.features(), new Shape(validation.size(), validation.dim()));
            long start = System.nanoTime();
            List<DecLog> log = new ArrayList<>();

            pretrain(net, xTrain, xVal, new Random(config.seed() ^ 0x5DEECE66DL), log);
            int[] initLabels = initCenters(net, xTrain);
            Clustering result = cluster(net, xTrain, xVal, validation, initLabels,
                    new Random(config.seed() ^ 0x2545F4914F6CDD1DL), log);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("train_objects", train.size());
            info.put("validation_objects", validation == null ? 0 : validation.size());
            info.put("pretrain_epochs", config.pretrainEpochs());
            info.put("epochs_run", result.epochsRun);
            info.put("last_epoch", result.epochsRun);
            info.put("best_epoch", result.bestEpoch);
            info.put("best_epoch_by", result.bestBy);
            info.put("stop_reason", result.stopReason);
            info.put("steps", result.steps);
            info.put("target_updates", result.targetUpdates);
            info.put("final_label_change", Double.isNaN(result.lastChange) ? null : result.lastChange);
            info.put("train_seconds", (System.nanoTime() - start) / 1e9);
            info.put(DecModel.CLUSTER_SHARES, clusterShares(net.infer(xTrain, INFER_BATCH, false)));
            xTrain.close();
            if (xVal != null) xVal.close();
            DecModel model = new DecModel(config, net, data.dim(), data.imageShape(), log, info, root);
            net = null;
            return model;
        } finally {
            if (net != null) {
                root.close();
            }
        }
    }

    /**
     * DEC's cluster weights: the share of the training data in each cluster, the mean of q over the
     * training objects (DEC has no mixing weights; q's column frequencies f_j are what its target uses).
     */
    static double[] clusterShares(DecNetwork.Inference inf) {
        double[] shares = new double[inf.k()];
        float[] q = inf.q();
        for (int i = 0; i < inf.n(); i++) for (int c = 0; c < inf.k(); c++) shares[c] += q[i * inf.k() + c];
        for (int c = 0; c < shares.length; c++) shares[c] /= Math.max(1, inf.n());
        return shares;
    }

    /** Stage 1: the autoencoder, trained end to end on the reconstruction loss. */
    private void pretrain(DecNetwork net, NDArray x, NDArray xVal, Random shuffle, List<DecLog> log) {
        int epochs = config.pretrainEpochs();
        if (epochs == 0) return;
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : net.params().all().entrySet()) {
            if (DecNetwork.isEncoder(e.getKey()) || DecNetwork.isDecoder(e.getKey())) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        Adam adam = new Adam(trainable, config.pretrainLr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        listener.onStageStart("pretrain", epochs, batches);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            int[] perm = Dataset.permutation(n, shuffle.nextLong());
            double sum = 0;
            double normSum = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = Batches.rows(x, perm, b, config.batchSize());
                    float loss;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = net.reconstructionLoss(xb);
                        Autograd.backward(gc, l);
                        loss = l.getFloat();
                    }
                    checkFinite("pretrain", epoch, b, "reconstruction", loss);
                    normSum += clipAndStep(adam, "pretrain", epoch, b);
                    sum += loss;
                    listener.onBatch("pretrain", epoch, b, loss);
                }
            }
            double valLoss = xVal == null ? Double.NaN : net.infer(xVal, INFER_BATCH, true).reconstruction();
            DecLog row = new DecLog("pretrain", epoch, batches, sum / batches, valLoss, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0, Double.NaN, normSum / batches,
                    (System.nanoTime() - t0) / 1e9);
            log.add(row);
            listener.onEpoch(row.toEpochLog());
        }
        // The decoder takes no part in the clustering stage (DEC drops it).
        trainable.forEach((name, a) -> {
            if (DecNetwork.isDecoder(name)) a.setRequiresGradient(false);
        });
        listener.onStageEnd("pretrain");
    }

    /** Stage 2: k-means on the codes z places the centres; returns the k-means labels. */
    private int[] initCenters(DecNetwork net, NDArray x) {
        listener.onStageStart("init", 1, 1);
        DecNetwork.Inference inf = net.infer(x, INFER_BATCH, false);
        Dataset latent = Dataset.of("latent", inf.z(), inf.n(), inf.d());
        KMeansModel km = new KMeans(new KMeansConfig(config.k(), config.kmeansInit(), 300, 1e-4, config.seed())).fit(latent);
        double[][] centroids = km.centroids();
        int d = config.latentDim();
        float[] flat = new float[config.k() * d];
        for (int c = 0; c < config.k(); c++) {
            for (int j = 0; j < d; j++) flat[c * d + j] = (float) centroids[c][j];
        }
        Tensors.assign(net.centers(), flat);
        int[] labels = km.predict(latent);
        listener.onStageEnd("init");
        return labels;
    }

    private record Clustering(int epochsRun, int bestEpoch, String bestBy, String stopReason, long steps,
                              int targetUpdates, double lastChange) { }

    /** Stage 3: KL(P ‖ Q) over the encoder and the centres, with periodic target updates and the tol rule. */
    private Clustering cluster(DecNetwork net, NDArray x, NDArray xVal, Dataset validation, int[] initLabels,
                               Random shuffle, List<DecLog> log) {
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : net.params().all().entrySet()) {
            if (DecNetwork.isEncoder(e.getKey()) || e.getKey().equals(DecNetwork.CENTERS)) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        Adam adam = new Adam(trainable, config.lr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int k = config.k();
        int d = config.latentDim();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        boolean byNmi = validation != null && validation.hasLabels();
        String bestBy = byNmi ? "validation NMI (reported only; the model keeps the last step, as in DEC)"
                : "last epoch (no labelled validation part)";
        double bestNmi = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int[] previous = initLabels;
        long step = 0;
        int updates = 0;
        double lastChange = Double.NaN;
        String stopReason = config.maxEpochs() == 0 ? "no clustering epochs" : "max epochs";
        boolean stopped = false;
        int epochsRun = 0;
        NDManager targetManager = null;
        NDArray target = null;
        listener.onStageStart("train", config.maxEpochs(), batches);
        try {
            for (int epoch = 1; epoch <= config.maxEpochs() && !stopped; epoch++) {
                long t0 = System.nanoTime();
                float[] centersBefore = net.centers().toFloatArray();
                int[] perm = Dataset.permutation(n, shuffle.nextLong());
                double sum = 0;
                double normSum = 0;
                int done = 0;
                double epochChange = Double.NaN;
                for (int b = 0; b < batches; b++, step++) {
                    if (step % config.updateInterval() == 0) {
                        DecNetwork.Inference inf = net.infer(x, INFER_BATCH, false);
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
                            break;
                        }
                        previous = labels;
                        float[] p;
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            p = DecMath.target(x.getManager().create(inf.q(), new Shape(n, k))).toFloatArray();
                        }
                        // P must outlive the per-step scopes until the next update, so it has its own manager.
                        if (targetManager != null) targetManager.close();
                        targetManager = x.getManager().newSubManager();
                        target = Tensors.of(targetManager, p, new Shape(n, k));
                        updates++;
                    }
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray idx = Batches.indices(x.getManager(), perm, b, config.batchSize());
                        NDArray xb = x.get(idx);
                        NDArray pb = target.get(idx);
                        float loss;
                        try (var gc = Engine.getInstance().newGradientCollector()) {
                            NDArray l = DecMath.klDivergence(pb, net.logSoftAssignment(xb));
                            Autograd.backward(gc, l);
                            loss = l.getFloat();
                        }
                        checkFinite("train", epoch, b, "KL(P||Q)", loss);
                        normSum += clipAndStep(adam, "train", epoch, b);
                        sum += loss;
                        done++;
                        listener.onBatch("train", epoch, b, loss);
                    }
                }
                if (done == 0) break;
                epochsRun = epoch;
                DecLog row = clusteringRow(net, xVal, validation, epoch, done, sum / done, epochChange, updates,
                        drift(centersBefore, net.centers().toFloatArray(), k, d), normSum / done, t0);
                log.add(row);
                listener.onEpoch(row.toEpochLog());
                if (!byNmi || row.valNmi() > bestNmi) {
                    bestNmi = byNmi ? row.valNmi() : bestNmi;
                    bestEpoch = epoch;
                }
            }
        } finally {
            if (targetManager != null) targetManager.close();
        }
        listener.onStageEnd("train");
        for (NDArray a : net.params().all().values()) a.setRequiresGradient(false);
        return new Clustering(epochsRun, bestEpoch, bestBy, stopReason, step, updates, lastChange);
    }

    private DecLog clusteringRow(DecNetwork net, NDArray xVal, Dataset validation, int epoch, int batches, double loss,
                                 double change, int updates, double drift, double gradNorm, long t0) {
        double valLoss = Double.NaN;
        double entropy = Double.NaN;
        double confidence = Double.NaN;
        int used = 0;
        MetricReport val = null;
        if (xVal != null) {
            double[][] q = net.infer(xVal, INFER_BATCH, false).qRows();
            valLoss = DecMath.klDivergence(DecMath.target(q), q);
            used = clustersUsed(q);
            entropy = 0;
            confidence = 0;
            for (double[] row : q) {
                double max = 0;
                for (double v : row) {
                    if (v > 0) entropy -= v * Math.log(v);
                    max = Math.max(max, v);
                }
                confidence += max;
            }
            entropy /= q.length;
            confidence /= q.length;
            if (validation.hasLabels()) val = MetricReport.of(validation.labels(), q);
        }
        return new DecLog("train", epoch, batches, loss, valLoss, val == null ? Double.NaN : val.nmi(),
                val == null ? Double.NaN : val.ari(), val == null ? Double.NaN : val.acc(), entropy, confidence, used,
                change, updates, drift, gradNorm, (System.nanoTime() - t0) / 1e9);
    }

    /** Clips the gradients by global norm, updates, and returns the norm before clipping. */
    private double clipAndStep(Adam adam, String stage, int epoch, int batch) {
        double norm = GradientClipping.clip(adam.params(), config.clipNorm());
        if (!Double.isFinite(norm)) {
            throw new NonFiniteException("non-finite gradient norm in " + stage + " epoch " + epoch
                    + ", batch " + (batch + 1));
        }
        adam.update();
        return norm;
    }

    private static int[] argmax(float[] flat, int k) {
        int n = flat.length / k;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (flat[i * k + j] > flat[i * k + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    private static int clustersUsed(double[][] q) {
        if (q.length == 0) return 0;
        boolean[] seen = new boolean[q[0].length];
        int used = 0;
        for (int c : DecMath.argmax(q)) {
            if (!seen[c]) {
                seen[c] = true;
                used++;
            }
        }
        return used;
    }

    private static double drift(float[] before, float[] after, int k, int d) {
        double total = 0;
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double diff = after[c * d + j] - before[c * d + j];
                s += diff * diff;
            }
            total += Math.sqrt(s) / k;
        }
        return total;
    }

    private static void checkFinite(String stage, int epoch, int batch, String term, float value) {
        if (!Float.isFinite(value)) {
            throw new NonFiniteException("non-finite " + term + " loss (" + value + ") in " + stage + " epoch "
                    + epoch + ", batch " + (batch + 1));
        }
    }
}
