package org.softcluster.neural.vade;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.KMeans;
import org.softcluster.cluster.KMeansConfig;
import org.softcluster.cluster.KMeansModel;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.Adam;
import org.softcluster.neural.GradientClipping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the entropy-regularised VaDE (or plain VaDE) in the three stages of METHOD.md §4:
 * autoencoder pre-training, k-means initialisation of the mixture, joint training of (12)
 * with global-norm clipping and early stopping on a validation split taken from the training data.
 */
public final class VadeTrainer {
    private final VadeConfig config;
    private final TrainingListener listener;

    /** Creates a trainer that reports to no one. */
    public VadeTrainer(VadeConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener}. */
    public VadeTrainer(VadeConfig config, TrainingListener listener) {
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
    }

    /** The configuration. */
    public VadeConfig config() { return config; }

    /**
     * The result of stage 1 (autoencoder pre-training) for one seed, reusable across runs that
     * differ only in stage-3 settings (η, β, coupling, ...): sharing it gives exactly the model an
     * unshared run would give, because stage 3 draws from its own seeded random streams.
     *
     * @param key the settings pre-training depends on (architecture, data size, seed, epochs, lr)
     * @param weights the network's tensors after pre-training
     * @param log the pre-training epochs of the training log
     */
    public record Pretrained(String key, Map<String, float[]> weights, List<EpochLog> log) { }

    /** Fits a model on {@code data}, pre-training from scratch. */
    public VadeModel fit(Dataset data) {
        return fit(data, null);
    }

    /**
     * Runs stage 1 only and returns its weights, for {@link #fit(Dataset, Pretrained)} across a sweep.
     */
    public Pretrained pretrainOnly(Dataset data) {
        Parts parts = split(data);
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (NDManager root = NDManager.newBaseManager()) {
            VadeNetwork net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = root.create(parts.train.features(), new Shape(parts.train.size(), parts.train.dim()));
            List<EpochLog> log = new ArrayList<>();
            pretrain(net, xTrain, new Random(config.seed() ^ 0x5DEECE66DL), log);
            return new Pretrained(pretrainKey(data), net.params().snapshot(), log);
        }
    }

    /**
     * Fits a model on {@code data}; a validation part of {@code validationFraction} is split off
     * the given data (never the test set) for early stopping and monitoring.
     *
     * @param pretrained stage-1 weights from {@link #pretrainOnly} with the same settings, or null
     */
    public VadeModel fit(Dataset data, Pretrained pretrained) {
        if (config.k() > data.size()) {
            throw new IllegalArgumentException("k = " + config.k() + " is larger than the number of objects (" + data.size() + ")");
        }
        if (pretrained != null && !pretrained.key().equals(pretrainKey(data))) {
            throw new IllegalArgumentException("shared pre-training was made with other settings: " + pretrained.key());
        }
        Parts parts = split(data);
        Dataset train = parts.train;
        Dataset validation = parts.validation;
        Engine.getInstance().setRandomSeed((int) config.seed());
        NDManager root = NDManager.newBaseManager();
        VadeNetwork net = null;
        try {
            net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = root.create(train.features(), new Shape(train.size(), train.dim()));
            NDArray xVal = validation == null ? null : root.create(validation.features(), new Shape(validation.size(), validation.dim()));
            long start = System.nanoTime();
            List<EpochLog> log = new ArrayList<>();

            if (pretrained == null) {
                pretrain(net, xTrain, new Random(config.seed() ^ 0x5DEECE66DL), log);
            } else {
                net.params().restore(pretrained.weights());
                log.addAll(pretrained.log());
            }
            initMixture(net, xTrain);
            // Stage 3 has its own random streams, so shared and unshared pre-training give the same run.
            Engine.getInstance().setRandomSeed((int) (config.seed() + 1));
            Training result = trainMain(net, xTrain, xVal, validation, new Random(config.seed() ^ 0x2545F4914F6CDD1DL), log);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("train_objects", train.size());
            info.put("validation_objects", validation == null ? 0 : validation.size());
            info.put("best_epoch", result.bestEpoch);
            info.put("epochs_run", result.epochsRun);
            info.put("early_stopped", result.earlyStopped);
            info.put("selection", result.selection);
            info.put("shared_pretraining", pretrained != null);
            info.put("train_seconds", (System.nanoTime() - start) / 1e9);
            xTrain.close();
            if (xVal != null) xVal.close();
            VadeModel model = new VadeModel(config, net, data.dim(), data.imageShape(), log, info, root);
            net = null;
            return model;
        } finally {
            if (net != null) {
                root.close();
            }
        }
    }

    private record Parts(Dataset train, Dataset validation) { }

    private Parts split(Dataset data) {
        int nVal = (int) Math.round(data.size() * config.validationFraction());
        if (nVal >= Math.max(2, config.k()) && data.size() - nVal >= config.k()) {
            Dataset.Split split = data.split(config.validationFraction(), config.seed());
            return new Parts(split.train(), split.validation());
        }
        return new Parts(data, null);
    }

    /** What stage 1 depends on: architecture, data, seed, epochs, learning rate, batch size, clipping. */
    private String pretrainKey(Dataset data) {
        return "method=" + config.method() + " D=" + data.dim() + " n=" + data.size() + " sha=" + data.sha256().substring(0, 16)
                + " hidden=" + java.util.Arrays.toString(config.encoderDims()) + " d=" + config.latentDim() + " k=" + config.k()
                + " likelihood=" + config.likelihood() + " variance=" + config.variance() + " seed=" + config.seed()
                + " epochs=" + config.pretrainEpochs() + " lr=" + config.pretrainLr() + " batch=" + config.batchSize()
                + " clip=" + config.clipNorm() + " validation=" + config.validationFraction();
    }

    private void pretrain(VadeNetwork net, NDArray x, Random shuffle, List<EpochLog> log) {
        int epochs = config.pretrainEpochs();
        if (epochs == 0) return;
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : net.params().all().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("enc.") || name.startsWith("head.mu.") || name.startsWith("dec.")) {
                trainable.put(name, e.getValue());
            }
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        Adam adam = new Adam(trainable, config.pretrainLr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        listener.onStageStart("pretrain", epochs, batches);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            int[] perm = permutation(n, shuffle);
            double sum = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = batch(x, perm, b);
                    float loss;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray mu = net.encode(xb).mu();
                        NDArray l = net.negLogLikelihood(xb, net.decode(mu)).mean();
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    checkFinite("pretrain", epoch, b, "reconstruction", loss);
                    GradientClipping.clip(adam.params(), config.clipNorm());
                    adam.update();
                    sum += loss;
                    listener.onBatch("pretrain", epoch, b, loss);
                }
            }
            double mean = sum / batches;
            EpochLog row = new EpochLog("pretrain", epoch, mean, Double.NaN, Double.NaN, Double.NaN, mean, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
                    Double.NaN, 0, (System.nanoTime() - t0) / 1e9);
            log.add(row);
            listener.onEpoch(row);
        }
        listener.onStageEnd("pretrain");
    }

    /** Stage 2: k-means on μ_φ(x), then π (13), μ_k, σ²_k and the log-variance head. */
    private void initMixture(VadeNetwork net, NDArray x) {
        listener.onStageStart("init", 1, 1);
        VadeNetwork.Inference inf = net.infer(x, 1024, false, 0);
        int n = inf.n();
        int d = inf.d();
        int k = config.k();
        KMeansModel km = new KMeans(new KMeansConfig(k, config.kmeansInit(), 300, 1e-4, config.seed()))
                .fit(Dataset.of("latent", inf.mu(), n, d));
        int[] labels = km.predict(Dataset.of("latent", inf.mu(), n, d));
        double[][] centroids = km.centroids();
        double[] counts = new double[k];
        double[][] var = new double[k][d];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            counts[c]++;
            for (int j = 0; j < d; j++) {
                double diff = inf.mu()[i * d + j] - centroids[c][j];
                var[c][j] += diff * diff;
            }
        }
        float[] logits = new float[k];
        float[] mu = new float[k * d];
        float[] logvar = new float[k * d];
        double[] meanVar = new double[d];
        for (int c = 0; c < k; c++) {
            // (13): π_k = (N_k + α) / (N + Kα); logits = ln π_k (softmax of logits gives π back).
            logits[c] = (float) Math.log((counts[c] + config.laplaceAlpha()) / (n + k * config.laplaceAlpha()) + 1e-12);
            for (int j = 0; j < d; j++) {
                double v = (counts[c] > 1 ? var[c][j] / counts[c] : 1.0) + config.varianceFloor();
                mu[c * d + j] = (float) centroids[c][j];
                logvar[c * d + j] = (float) Math.log(v);
                meanVar[j] += v / k;
            }
        }
        net.params().get("prior.logits").set(logits);
        net.params().get("prior.mu").set(mu);
        net.params().get("prior.logvar").set(logvar);
        // Start σ²_φ(x) near the cluster variances: an untrained log-variance head against
        // tight clusters gives KL terms of ~1e4 and an exploding first epoch.
        NDArray w = net.params().get("head.logvar.w");
        w.set(new float[(int) w.size()]);
        float[] bias = new float[d];
        for (int j = 0; j < d; j++) bias[j] = (float) Math.log(meanVar[j]);
        net.params().get("head.logvar.b").set(bias);
        listener.onStageEnd("init");
    }

    private record Training(int bestEpoch, int epochsRun, boolean earlyStopped, String selection) { }

    private Training trainMain(VadeNetwork net, NDArray x, NDArray xVal, Dataset validation, Random shuffle,
                               List<EpochLog> log) {
        int epochs = config.epochs();
        net.params().requireGradients();
        Adam adam = new Adam(net.params().all(), config.lr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        int d = config.latentDim();
        boolean byNmi = validation != null && validation.hasLabels();
        String selection = validation == null ? "last epoch (no validation split)"
                : byNmi ? "validation NMI" : "validation loss";
        double best = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        Map<String, float[]> bestSnapshot = null;
        boolean stopped = false;
        int epoch = 0;
        listener.onStageStart("train", epochs, batches);
        for (epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            float[] muBefore = net.params().get("prior.mu").toFloatArray();
            int[] perm = permutation(n, shuffle);
            double[] sums = new double[5];
            double normSum = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = batch(x, perm, b);
                    float[] terms;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray eps = xb.getManager().randomNormal(new Shape(xb.getShape().get(0), d));
                        Objective.Terms t = Objective.evaluate(net, xb, eps, config.eta());
                        gc.backward(t.total());
                        terms = NDArrays.stack(new NDList(t.recon(), t.kl(), t.negEntropy(), t.couple(), t.total())).toFloatArray();
                    }
                    String[] names = {"reconstruction", "KL", "entropy", "coupling", "total"};
                    for (int i = 0; i < terms.length; i++) checkFinite("train", epoch, b, names[i], terms[i]);
                    double norm = GradientClipping.clip(adam.params(), config.clipNorm());
                    if (!Double.isFinite(norm)) {
                        throw new NonFiniteException("non-finite gradient norm in epoch " + epoch + ", batch " + (b + 1));
                    }
                    adam.update();
                    for (int i = 0; i < 5; i++) sums[i] += terms[i];
                    normSum += norm;
                    listener.onBatch("train", epoch, b, terms[4]);
                }
            }
            for (int i = 0; i < 5; i++) sums[i] /= batches;
            float[] muAfter = net.params().get("prior.mu").toFloatArray();
            double drift = 0;
            for (int c = 0; c < config.k(); c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = muAfter[c * d + j] - muBefore[c * d + j];
                    s += diff * diff;
                }
                drift += Math.sqrt(s) / config.k();
            }
            double valLoss = Double.NaN;
            MetricReport val = null;
            int used = 0;
            double valEntropy = Double.NaN;
            double valConf = Double.NaN;
            if (xVal != null) {
                VadeNetwork.Inference inf = net.infer(xVal, 1024, true, config.eta());
                valLoss = inf.loss();
                double[][] gamma = inf.gammaRows();
                used = clustersUsed(gamma);
                double[] ec = entropyConfidence(gamma);
                valEntropy = ec[0];
                valConf = ec[1];
                if (validation.hasLabels()) val = MetricReport.of(validation.labels(), gamma);
            }
            EpochLog row = new EpochLog("train", epoch, sums[0], sums[1], sums[2], sums[3], sums[4], config.eta(), valLoss,
                    val == null ? Double.NaN : val.nmi(), val == null ? Double.NaN : val.ari(),
                    val == null ? Double.NaN : val.acc(), valEntropy, valConf, used, drift, sums[4] - valLoss,
                    normSum / batches, 0, (System.nanoTime() - t0) / 1e9);
            log.add(row);
            listener.onEpoch(row);
            if (xVal != null) {
                double score = byNmi ? row.valNmi() : -valLoss;
                if (score > best) {
                    best = score;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    bestSnapshot = net.params().snapshot();
                } else if (++sinceBest >= config.patience() && config.patience() > 0) {
                    listener.onMessage("early stop after epoch " + epoch + ": no improvement of " + selection
                            + " for " + config.patience() + " epochs (best epoch " + bestEpoch + ")");
                    stopped = true;
                    break;
                }
            } else {
                bestEpoch = epoch;
            }
        }
        int run = stopped ? epoch : Math.max(0, epoch - 1);
        listener.onStageEnd("train");
        if (bestSnapshot != null) {
            net.params().restore(bestSnapshot);
        }
        for (NDArray p : net.params().all().values()) p.setRequiresGradient(false);
        return new Training(bestEpoch, run, stopped, selection);
    }

    /** Mean H(γ) in nats and mean max γ. */
    static double[] entropyConfidence(double[][] p) {
        double h = 0;
        double c = 0;
        for (double[] row : p) {
            double max = 0;
            for (double v : row) {
                if (v > 0) h -= v * Math.log(v);
                max = Math.max(max, v);
            }
            c += max;
        }
        return new double[] {h / Math.max(1, p.length), c / Math.max(1, p.length)};
    }

    /** Number of distinct argmax columns. */
    static int clustersUsed(double[][] p) {
        if (p.length == 0) return 0;
        boolean[] seen = new boolean[p[0].length];
        int used = 0;
        for (double[] row : p) {
            int best = 0;
            for (int k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
            if (!seen[best]) {
                seen[best] = true;
                used++;
            }
        }
        return used;
    }

    private NDArray batch(NDArray x, int[] perm, int b) {
        int from = b * config.batchSize();
        int to = Math.min(perm.length, from + config.batchSize());
        long[] idx = new long[to - from];
        for (int i = from; i < to; i++) idx[i - from] = perm[i];
        return x.get(x.getManager().create(idx));
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void checkFinite(String stage, int epoch, int batch, String term, float value) {
        if (!Float.isFinite(value)) {
            throw new NonFiniteException("non-finite " + term + " loss (" + value + ") in " + stage + " epoch " + epoch
                    + ", batch " + (batch + 1));
        }
    }

    /** Thrown when a loss or gradient becomes NaN or infinite; the message names epoch, batch and term. */
    public static final class NonFiniteException extends RuntimeException {
        /** Creates the exception. */
        public NonFiniteException(String message) {
            super(message);
        }
    }
}
