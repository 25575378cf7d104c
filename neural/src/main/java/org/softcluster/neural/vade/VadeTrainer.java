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
import org.softcluster.cluster.GaussianMixture;
import org.softcluster.cluster.GmmConfig;
import org.softcluster.cluster.GmmModel;
import org.softcluster.data.Dataset;
import org.softcluster.data.ImageAugment;
import org.softcluster.metrics.MetricReport;
import org.softcluster.metrics.Nmi;
import org.softcluster.embedding.Embedding;
import org.softcluster.neural.Adam;
import org.softcluster.neural.Autograd;
import org.softcluster.neural.Batches;
import org.softcluster.neural.ValidationSplit;
import org.softcluster.neural.GradientClipping;
import org.softcluster.neural.Tensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the entropy-regularised VaDE (or plain VaDE) in the three stages of METHOD.md §4:
 * autoencoder pre-training, k-means initialisation of the mixture, joint training of (12)
 * with global-norm clipping and early stopping on a validation split taken from the training data.
 */
public final class VadeTrainer {
    private final VadeConfig config;
    private final TrainingListener listener;
    private final Path checkpointDir;
    private final NanPolicy nanPolicy;

    /** What to do when a loss term or the gradient norm is NaN or infinite. */
    public enum NanPolicy {
        /** Stop with a message naming the epoch, the batch and the term (default). */
        STOP,
        /** Skip the batch (no update) and count it in the training log. */
        SKIP_BATCH
    }

    /** Creates a trainer that reports to no one. */
    public VadeTrainer(VadeConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener}. */
    public VadeTrainer(VadeConfig config, TrainingListener listener) {
        this(config, listener, null, NanPolicy.STOP);
    }

    private VadeTrainer(VadeConfig config, TrainingListener listener, Path checkpointDir, NanPolicy nanPolicy) {
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.checkpointDir = checkpointDir;
        this.nanPolicy = nanPolicy;
    }

    /** A copy that writes a checkpoint into {@code dir} after every epoch (atomically). */
    public VadeTrainer withCheckpoints(Path dir) {
        return new VadeTrainer(config, listener, dir, nanPolicy);
    }

    /** A copy with another policy for non-finite losses and gradients. */
    public VadeTrainer withNanPolicy(NanPolicy policy) {
        return new VadeTrainer(config, listener, checkpointDir, policy);
    }

    /** The configuration. */
    public VadeConfig config() { return config; }

    /**
     * The result of stage 1 (autoencoder pre-training) for one seed, reusable across runs that
     * differ only in stage-3 settings (η, β, coupling, ...): sharing it gives exactly the model an
     * unshared run would give, because every epoch draws from its own seeded random streams.
     *
     * @param key the settings pre-training depends on (architecture, data size, seed, epochs, lr)
     * @param weights the network's tensors after pre-training
     * @param log the pre-training epochs of the training log
     */
    public record Pretrained(String key, Map<String, float[]> weights, List<EpochLog> log, Training training, double seconds) {
        /** Stage-1 weights (no main stage). */
        public Pretrained(String key, Map<String, float[]> weights, List<EpochLog> log) {
            this(key, weights, log, null, 0);
        }

        /** Whether these are the weights after the main stage (a shared trunk under branch gradient HEAD). */
        public boolean isTrunk() {
            return training != null;
        }
    }

    /** Fits a model on {@code data}, pre-training from scratch. */
    public VadeModel fit(Dataset data) {
        return fit(data, null);
    }

    /** Runs stage 1 only and returns its weights, for {@link #fit(Dataset, Pretrained)} across a sweep. */
    public Pretrained pretrainOnly(Dataset data) {
        ValidationSplit parts = split(data);
        try (NDManager root = NDManager.newBaseManager()) {
            VadeNetwork net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = Tensors.of(root, parts.train().features(), new Shape(parts.train().size(), parts.train().dim()));
            List<EpochLog> log = new ArrayList<>();
            pretrain(net, xTrain, augmenter(parts.train()), log, new Progress(null, null));
            return new Pretrained(pretrainKey(data), net.params().snapshot(), log);
        }
    }

    /**
     * Under branch gradient HEAD: runs stages 1–3 (pre-training, mixture initialisation, main stage) and
     * returns the selected trunk, for {@link #fit(Dataset, Pretrained)} of runs that differ only in η, the
     * target entropy, its step or the balance weight (they act in the branch stage alone, so the model
     * equals that of an unshared run).
     */
    public Pretrained trunkOnly(Dataset data) {
        if (!headMode()) throw new IllegalStateException("a shared trunk needs the method with branch gradient 'head' and branch epochs");
        try (VadeModel m = run(data, null, null, true)) {
            Map<String, Object> info = m.info();
            Training t = new Training((Integer) info.get("best_epoch"), (Integer) info.get("epochs_run"),
                    (Boolean) info.get("early_stopped"), (String) info.get("selection"));
            return new Pretrained(trunkKey(data), m.network().params().snapshot(), m.trainLog(), t,
                    ((Number) info.get("train_seconds")).doubleValue());
        }
    }

    /** Whether the branch is fitted in a stage of its own after the main stage. */
    private boolean headMode() {
        return config.method() == VadeConfig.Method.ERVADE && config.branchGradient() == VadeConfig.BranchGradient.HEAD
                && config.branchEpochs() > 0;
    }

    /**
     * Fits a model on {@code data}; a validation part of {@code validationFraction} is split off
     * the given data (never the test set) for early stopping and monitoring.
     *
     * @param pretrained stage-1 weights from {@link #pretrainOnly} with the same settings, or null
     */
    public VadeModel fit(Dataset data, Pretrained pretrained) {
        if (pretrained != null && !pretrained.key().equals(pretrained.isTrunk() ? trunkKey(data) : pretrainKey(data))) {
            throw new IllegalArgumentException("shared " + (pretrained.isTrunk() ? "trunk" : "pre-training")
                    + " was made with other settings: " + pretrained.key());
        }
        return run(data, pretrained, null, false);
    }

    /**
     * Continues an interrupted {@link #fit} from the last checkpoint in this trainer's checkpoint
     * directory; the result equals that of an uninterrupted run with the same seed.
     *
     * @throws IOException when there is no readable checkpoint or it was made with another configuration
     */
    public VadeModel resume(Dataset data) throws IOException {
        if (checkpointDir == null) throw new IllegalStateException("no checkpoint directory set");
        Checkpoint cp = Checkpoint.read(checkpointDir);
        if (!cp.config().equals(config)) {
            throw new IOException(checkpointDir + ": the checkpoint was made with another configuration: " + cp.config());
        }
        if (!cp.dataSha256().equals(data.sha256())) {
            throw new IOException(checkpointDir + ": the checkpoint was made on other data (SHA-256 differs)");
        }
        listener.onMessage("resuming after " + cp.stage() + " epoch " + cp.epoch());
        return run(data, null, cp, false);
    }

    private VadeModel run(Dataset data, Pretrained pretrained, Checkpoint resume, boolean trunkOnly) {
        if (config.k() > data.size()) {
            throw new IllegalArgumentException("k = " + config.k() + " is larger than the number of objects (" + data.size() + ")");
        }
        ValidationSplit parts = split(data);
        Dataset train = parts.train();
        Dataset validation = parts.validation();
        Augmenter aug = augmenter(train);
        String dataSha = checkpointDir == null ? null : data.sha256();
        NDManager root = NDManager.newBaseManager();
        VadeNetwork net = null;
        try {
            net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = Tensors.of(root, train.features(), new Shape(train.size(), train.dim()));
            NDArray xVal = validation == null ? null : Tensors.of(root, validation.features(), new Shape(validation.size(), validation.dim()));
            long start = System.nanoTime();
            List<EpochLog> log = new ArrayList<>();
            Training result;
            if (resume != null) {
                net.params().restore(resume.params());
                log.addAll(resume.log());
            }
            if (pretrained != null && pretrained.isTrunk()) {
                net.params().restore(pretrained.weights());
                log.addAll(pretrained.log());
                result = pretrained.training();
            } else if (resume == null || resume.stage().equals("pretrain")) {
                if (pretrained != null) {
                    net.params().restore(pretrained.weights());
                    log.addAll(pretrained.log());
                } else {
                    pretrain(net, xTrain, aug, log, new Progress(resume, dataSha));
                }
                initDecoderVariance(net, xTrain);
                initMixture(net, xTrain);
                warmBranch(net, xTrain);
                result = trainMain(net, xTrain, aug, xVal, validation, log, new Progress(null, dataSha));
            } else {
                result = trainMain(net, xTrain, aug, xVal, validation, log, new Progress(resume, dataSha));
            }
            if (headMode() && !trunkOnly) {
                fitBranch(net, xTrain, xVal, validation, log);
            }

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("train_objects", train.size());
            info.put("validation_objects", validation == null ? 0 : validation.size());
            info.put("best_epoch", result.bestEpoch);
            info.put("epochs_run", result.epochsRun);
            info.put("early_stopped", result.earlyStopped);
            info.put("selection", result.selection);
            info.put("shared_pretraining", pretrained != null);
            info.put("shared_trunk", pretrained != null && pretrained.isTrunk());
            info.put("resumed", resume != null);
            info.put("skipped_batches", log.stream().mapToInt(EpochLog::skippedBatches).sum());
            // a shared trunk's seconds count here as if this run had trained it
            info.put("train_seconds", (System.nanoTime() - start) / 1e9 + (resume == null ? 0 : resume.seconds())
                    + (pretrained == null ? 0 : pretrained.seconds()));
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

    private ValidationSplit split(Dataset data) {
        return ValidationSplit.of(data, config.validationFraction(), config.k(), config.seed());
    }

    /** What stages 1–3 depend on under branch gradient HEAD: everything but η, the target entropy, its step, the balance weight and the branch epochs. */
    private String trunkKey(Dataset data) {
        return "trunk " + pretrainKey(data) + " " + config.withEta(0).withTargetEntropy(0).withEtaLr(0.01).withBalance(0).withBranchEpochs(1);
    }

    /** What stage 1 depends on: architecture, data, seed, epochs, learning rate, batch size, clipping. */
    private String pretrainKey(Dataset data) {
        return "method=" + config.method() + " D=" + data.dim() + " n=" + data.size() + " sha=" + data.sha256().substring(0, 16)
                + " hidden=" + java.util.Arrays.toString(config.encoderDims()) + " d=" + config.latentDim() + " k=" + config.k()
                + " likelihood=" + config.likelihood() + " variance=" + config.variance() + " seed=" + config.seed()
                + " epochs=" + config.pretrainEpochs() + " lr=" + config.pretrainLr() + " batch=" + config.batchSize()
                + " clip=" + config.clipNorm() + " validation=" + config.validationFraction() + " loss=" + config.pretrainLoss()
                + " augment=" + config.augment().pretrain();
    }

    /** Training batches, distorted in the stages that {@link VadeConfig#augment()} names ({@code images} null: none). */
    private record Augmenter(ImageAugment images, float[] features, int dim) {
        /**
         * Rows perm[b·size .. (b+1)·size) of the training data x: fresh distortions of them when {@code distort}
         * (and augmentation is on), else gathered from x.
         */
        NDArray rows(boolean distort, NDArray x, int[] perm, int b, int size, SplittableRandom random) {
            if (!distort || images == null) return Batches.rows(x, perm, b, size);
            int[] rows = Arrays.copyOfRange(perm, b * size, Math.min(perm.length, (b + 1) * size));
            return Tensors.of(x.getManager(), images.apply(features, rows, random), new Shape(rows.length, dim));
        }
    }

    private Augmenter augmenter(Dataset train) {
        VadeConfig.Augment a = config.augment();
        if (a == VadeConfig.Augment.NONE) return new Augmenter(null, null, 0);
        if (!train.isImage()) {
            throw new IllegalArgumentException("augmentation '" + a.name().toLowerCase(java.util.Locale.ROOT)
                    + "' distorts images; " + train.name() + " is not image data (use --augment none)");
        }
        return new Augmenter(ImageAugment.standard(train.imageShape()), train.features(), train.dim());
    }

    /** Where a stage starts (fresh or from a checkpoint) and the checkpoint bookkeeping. */
    private final class Progress {
        final Checkpoint from;
        final String dataSha;
        final double secondsBefore;
        final long started = System.nanoTime();

        Progress(Checkpoint from, String dataSha) {
            this.from = from;
            this.dataSha = dataSha;
            this.secondsBefore = from == null ? 0 : from.seconds();
        }

        int firstEpoch() { return from == null ? 1 : from.epoch() + 1; }

        void save(String stage, int epoch, VadeNetwork net, Adam adam, List<EpochLog> log, double best, int bestEpoch,
                  int sinceBest, Map<String, float[]> bestSnapshot) {
            if (checkpointDir == null) return;
            try {
                Checkpoint.write(checkpointDir, new Checkpoint(config, dataSha, stage, epoch, List.copyOf(log), best, bestEpoch,
                        sinceBest, secondsBefore + (System.nanoTime() - started) / 1e9, net.params().snapshot(),
                        adam.state(), bestSnapshot));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint to " + checkpointDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** A seed per (stage, epoch), so that a resumed or shared run draws exactly what an uninterrupted run draws. */
    private long epochSeed(int stage, int epoch) {
        long h = config.seed() * 0x9E3779B97F4A7C15L + stage * 0xBF58476D1CE4E5B9L + epoch * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    private void pretrain(VadeNetwork net, NDArray x, Augmenter aug, List<EpochLog> log, Progress progress) {
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
        if (progress.from != null) adam.restore(progress.from.adam());
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        listener.onStageStart("pretrain", epochs, batches);
        for (int epoch = progress.firstEpoch(); epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            int[] perm = Dataset.permutation(n, epochSeed(1, epoch));
            SplittableRandom distort = new SplittableRandom(epochSeed(6, epoch));
            double sum = 0;
            int skipped = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = aug.rows(config.augment().pretrain(), x, perm, b, config.batchSize(), distort);
                    float loss;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray mu = net.encode(xb).mu();
                        NDArray l = config.pretrainLoss() == VadeConfig.PretrainLoss.MSE
                                ? xb.sub(net.reconstruct(mu)).square().sum(new int[] {1}).mean()
                                : net.negLogLikelihood(xb, net.decode(mu)).mean();
                        Autograd.backward(gc, l);
                        loss = l.getFloat();
                    }
                    if (Double.isNaN(clippedStep("pretrain", epoch, b,
                            Float.isFinite(loss) ? null : "reconstruction loss (" + loss + ")", null, adam))) {
                        skipped++;
                        continue;
                    }
                    sum += loss;
                    listener.onBatch("pretrain", epoch, b, loss);
                }
            }
            double mean = sum / Math.max(1, batches - skipped);
            EpochLog row = new EpochLog("pretrain", epoch, mean, Double.NaN, Double.NaN, Double.NaN, mean, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN,
                    Double.NaN, skipped, (System.nanoTime() - t0) / 1e9, Double.NaN);
            log.add(row);
            listener.onEpoch(row);
            progress.save("pretrain", epoch, net, adam, log, Double.NEGATIVE_INFINITY, 0, 0, null);
        }
        for (NDArray a : trainable.values()) a.setRequiresGradient(false);
        listener.onStageEnd("pretrain");
    }

    /**
     * The optimiser step after a batch's backward pass: Adam's update with the gradients clipped (16) by
     * their global norm (folded into the fused update as a gradient scale), returning that norm. A batch
     * whose loss or gradient norm is non-finite is skipped instead (or training stops, by the NaN policy)
     * and NaN is returned.
     *
     * @param lossFault what is non-finite in the batch's loss, or null when it is finite
     * @param normFault how a non-finite gradient norm is reported, or null for "gradient norm (value)"
     */
    private double clippedStep(String stage, int epoch, int batch, String lossFault, String normFault, Adam adam) {
        double norm = lossFault == null ? GradientClipping.globalNorm(adam.params()) : Double.NaN;
        if (lossFault != null || !Double.isFinite(norm)) {
            skipOrStop(stage, epoch, batch, lossFault != null ? lossFault : normFault != null ? normFault : "gradient norm (" + norm + ")", adam);
            return Double.NaN;
        }
        adam.update(GradientClipping.scale(norm, config.clipNorm()));
        return norm;
    }

    private void skipOrStop(String stage, int epoch, int batch, String what, Adam adam) {
        if (nanPolicy == NanPolicy.STOP) {
            throw new NonFiniteException("non-finite " + what + " in " + stage + " epoch " + epoch + ", batch " + (batch + 1)
                    + " (use --on-nan skip-batch to skip such batches)");
        }
        adam.zeroGradients();
        listener.onMessage("skipped " + stage + " epoch " + epoch + " batch " + (batch + 1) + ": non-finite " + what);
    }

    /** Stage 2: k-means on μ_φ(x), then π (13), μ_k, σ²_k and the log-variance head. */
    private void initMixture(VadeNetwork net, NDArray x) {
        listener.onStageStart("init", 1, 1);
        VadeNetwork.Inference inf = net.infer(x, 1024, false, 0);
        int n = inf.n();
        int d = inf.d();
        int k = config.k();
        Dataset codes = Dataset.of("latent", inf.mu(), n, d);
        double[][] centroids;
        double[] counts = new double[k];
        double[][] var = new double[k][d];
        if (config.init() == VadeConfig.MixtureInit.GMM) {
            // EM on the codes, best of kmeansInit restarts by log-likelihood (unsupervised)
            GmmModel gmm = fitGmm(codes);
            centroids = gmm.means();
            double[][] v = gmm.variances();
            double[] w = gmm.weights();
            for (int c = 0; c < k; c++) {
                counts[c] = w[c] * n;
                for (int j = 0; j < d; j++) var[c][j] = v[c][j] * counts[c];
            }
            listener.onMessage(String.format(java.util.Locale.ROOT, "mixture init: GMM on the codes, mean log-likelihood %.4f",
                    gmm.meanLogLikelihood(codes)));
        } else if (config.init() == VadeConfig.MixtureInit.UMAP) {
            centroids = umapInit(inf.mu(), n, d, counts, var);
        } else {
            KMeansModel km = new KMeans(new KMeansConfig(k, config.kmeansInit(), 300, 1e-4, config.seed())).fit(codes);
            centroids = km.centroids();
            addScatter(inf.mu(), d, null, km.predict(codes), centroids, 1, 1, counts, var);
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
                // (for GMM: var = σ²·N_k, so v is the fitted σ² plus the floor)
                mu[c * d + j] = (float) centroids[c][j];
                logvar[c * d + j] = (float) Math.log(v);
                meanVar[j] += v / k;
            }
        }
        Tensors.assign(net.params().get("prior.logits"), logits);
        Tensors.assign(net.params().get("prior.mu"), mu);
        Tensors.assign(net.params().get("prior.logvar"), logvar);
        // Start σ²_φ(x) near the cluster variances: an untrained log-variance head against
        // tight clusters gives KL terms of ~1e4 and an exploding first epoch.
        NDArray w = net.params().get("head.logvar.w");
        Tensors.assign(w, new float[(int) w.size()]);
        float[] bias = new float[d];
        for (int j = 0; j < d; j++) bias[j] = (float) Math.log(meanVar[j]);
        Tensors.assign(net.params().get("head.logvar.b"), bias);
        listener.onStageEnd("init");
    }

    /**
     * A learnable Gaussian decoder variance starts at its maximum-likelihood value under the
     * pre-trained autoencoder (the mean squared reconstruction error, overall or per feature, floored
     * at 1e-4) instead of 1, so that the reconstruction term has its proper weight against β·KL from
     * the first joint step. Pre-training itself never trains the variance (it is plain MSE).
     */
    private void initDecoderVariance(VadeNetwork net, NDArray x) {
        if (!net.params().has("lik.logvar") || config.pretrainEpochs() == 0) return;
        NDArray lv = net.params().get("lik.logvar");
        int n = (int) x.getShape().get(0);
        int dim = (int) x.getShape().get(1);
        double[] sq = new double[dim];
        for (int start = 0; start < n; start += 2048) {
            int end = Math.min(n, start + 2048);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray xb = x.get(start + ":" + end);
                float[] e = xb.sub(net.decode(net.encode(xb).mu())).square().sum(new int[] {0}).toFloatArray();
                for (int j = 0; j < dim; j++) sq[j] += e[j];
            }
        }
        float[] out = new float[(int) lv.size()];
        if (out.length == 1) {
            double total = 0;
            for (double v : sq) total += v;
            out[0] = (float) Math.log(Math.max(total / ((double) n * dim), 1e-4));
        } else {
            for (int j = 0; j < dim; j++) out[j] = (float) Math.log(Math.max(sq[j] / n, 1e-4));
        }
        Tensors.assign(lv, out);
        if (out.length == 1) {
            listener.onMessage(String.format(java.util.Locale.ROOT, "decoder variance initialised at %.5f (pre-trained MSE)", Math.exp(out[0])));
        }
    }

    /** A diagonal GMM on {@code data}: best of {@code kmeansInit} restarts by log-likelihood (unsupervised). */
    private GmmModel fitGmm(Dataset data) {
        return new GaussianMixture(new GmmConfig(config.k(), GmmConfig.DEFAULT_MAX_ITER, GmmConfig.DEFAULT_TOL,
                GmmConfig.DEFAULT_REG_COVAR, config.kmeansInit(), config.seed())).fit(data);
    }

    /**
     * Adds the labelled codes to the mixture statistics of stage 2: one to their cluster's count and
     * the squared deviation from its centroid, times {@code num / den}, to the cluster's sums.
     *
     * @param mu all codes, row-major N×d
     * @param rows which code each label belongs to, or null for codes 0..labels.length−1
     */
    private static void addScatter(float[] mu, int d, int[] rows, int[] labels, double[][] centroids, int num, int den,
                                   double[] counts, double[][] var) {
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            int row = rows == null ? i : rows[i];
            counts[c]++;
            for (int j = 0; j < d; j++) {
                double diff = mu[row * d + j] - centroids[c][j];
                var[c][j] += diff * diff * num / den;
            }
        }
    }

    /** Largest number of codes the UMAP initialisation maps. */
    public static final int UMAP_INIT_POINTS = 10_000;

    /**
     * The UMAP initialisation: clusters found by a GMM on a 2-D UMAP map of (a sample of) the codes;
     * returns the component means in code space and fills {@code counts} (scaled to all n codes) and
     * {@code var} (sums of squared deviations, scaled alike). With {@code initMaps} M &gt; 1, M maps of the
     * same sample (layout seeds seed … seed+M−1) each give a partition, and the one with the highest mean
     * NMI to the other M−1 is used: the partition most maps agree on, found without labels.
     */
    private double[][] umapInit(float[] mu, int n, int d, double[] counts, double[][] var) {
        int k = config.k();
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) rows[i][j] = mu[i * d + j];
        int maps = config.initMaps();
        int[][] partitions = new int[maps][];
        int[][] mapped = new int[maps][];
        double seconds = 0;
        for (int m = 0; m < maps; m++) {
            Embedding.Result map = Embedding.umap(rows, config.seed(), config.seed() + m, Embedding.DEFAULT_UMAP_NEIGHBORS, UMAP_INIT_POINTS);
            int size = map.size();
            float[] flat = new float[size * 2];
            for (int i = 0; i < size; i++) {
                flat[2 * i] = (float) map.coordinates()[i][0];
                flat[2 * i + 1] = (float) map.coordinates()[i][1];
            }
            Dataset onMap = Dataset.of("umap", flat, size, 2);
            partitions[m] = fitGmm(onMap).predict(onMap);
            mapped[m] = map.index();
            seconds += map.seconds();
        }
        double[] agreement = meanAgreement(partitions, mapped, n);
        int chosen = 0;
        for (int m = 1; m < maps; m++) if (agreement[m] > agreement[chosen]) chosen = m;
        int[] labels = partitions[chosen];
        int[] index = mapped[chosen];
        int m = labels.length;
        double[][] centroids = new double[k][d];
        double[] c = new double[k];
        for (int i = 0; i < m; i++) {
            c[labels[i]]++;
            for (int j = 0; j < d; j++) centroids[labels[i]][j] += rows[index[i]][j];
        }
        for (int q = 0; q < k; q++) for (int j = 0; j < d; j++) centroids[q][j] = c[q] > 0 ? centroids[q][j] / c[q] : 0;
        // statistics of the m mapped codes, scaled to all n
        addScatter(mu, d, index, labels, centroids, n, m, counts, var);
        for (int q = 0; q < k; q++) counts[q] = counts[q] * n / m;
        if (maps == 1) {
            listener.onMessage(String.format(java.util.Locale.ROOT, "mixture init: UMAP of %d codes (%.1f s), GMM there", m, seconds));
        } else {
            StringBuilder s = new StringBuilder();
            for (double a : agreement) s.append(s.length() == 0 ? "" : " ").append(String.format(java.util.Locale.ROOT, "%.3f", a));
            listener.onMessage(String.format(java.util.Locale.ROOT,
                    "mixture init: %d UMAP maps of %d codes (%.1f s), GMM on each; mean NMI to the other maps %s; map %d used",
                    maps, m, seconds, s, chosen + 1));
        }
        return centroids;
    }

    /**
     * For each partition, its mean NMI to every other one, each pair compared on the objects both mapped.
     *
     * @param partitions labels of the mapped objects, one array per map
     * @param mapped which object (0..n−1) each label belongs to
     */
    static double[] meanAgreement(int[][] partitions, int[][] mapped, int n) {
        int maps = partitions.length;
        double[] mean = new double[maps];
        if (maps == 1) return mean;
        int[][] full = new int[maps][n];
        for (int m = 0; m < maps; m++) {
            Arrays.fill(full[m], -1);
            for (int i = 0; i < mapped[m].length; i++) full[m][mapped[m][i]] = partitions[m][i];
        }
        for (int a = 0; a < maps; a++) {
            for (int b = a + 1; b < maps; b++) {
                int both = 0;
                for (int i = 0; i < n; i++) if (full[a][i] >= 0 && full[b][i] >= 0) both++;
                int[] x = new int[both];
                int[] y = new int[both];
                for (int i = 0, j = 0; i < n; i++) {
                    if (full[a][i] >= 0 && full[b][i] >= 0) {
                        x[j] = full[a][i];
                        y[j++] = full[b][i];
                    }
                }
                double nmi = both == 0 ? 0 : Nmi.score(x, y);
                mean[a] += nmi / (maps - 1);
                mean[b] += nmi / (maps - 1);
            }
        }
        return mean;
    }

    /**
     * Fits the branch head alone to the freshly initialised mixture: its coupling (and η·(−H(γ)))
     * terms only, everything else frozen, so that joint training does not start from a random γ.
     */
    private void warmBranch(VadeNetwork net, NDArray x) {
        int epochs = config.branchWarmup();
        if (epochs == 0 || !net.params().has("head.gamma.w") || config.coupling() == VadeConfig.Coupling.LITERAL) return;
        Map<String, NDArray> head = new LinkedHashMap<>();
        head.put("head.gamma.w", net.params().get("head.gamma.w"));
        head.put("head.gamma.b", net.params().get("head.gamma.b"));
        head.values().forEach(a -> a.setRequiresGradient(true));
        Adam adam = new Adam(head, config.pretrainLr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        double eta = initialEta();
        listener.onStageStart("warmup", epochs, batches);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] perm = Dataset.permutation(n, epochSeed(4, epoch));
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = Batches.rows(x, perm, b, config.batchSize());
                    float loss;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        VadeNetwork.Encoded enc = net.encode(xb);
                        NDArray logGamma = enc.logGamma();
                        NDArray target = Objective.mixture(net, enc).logGammaStar().stopGradient();
                        // under ELBO coupling the γ-dependent part of the objective is KL(γ ‖ γ*) too
                        NDArray l = Objective.distillation(logGamma, target, config.coupling() == VadeConfig.Coupling.ELBO
                                ? VadeConfig.DistillDirection.REVERSE : config.distillDirection());
                        if (eta != 0) l = l.add(Tensors.mul(Objective.negEntropy(logGamma), (float) eta));
                        Autograd.backward(gc, l);
                        loss = l.getFloat();
                    }
                    String fault = "branch loss (" + loss + ")";
                    if (Double.isNaN(clippedStep("warmup", epoch, b, Float.isFinite(loss) ? null : fault, fault, adam))) continue;
                    listener.onBatch("warmup", epoch, b, loss);
                }
            }
        }
        head.values().forEach(a -> a.setRequiresGradient(false));
        listener.onStageEnd("warmup");
    }

    /** η at the start of joint training: fixed, or the start of the dual ascent in target-entropy mode (never 0 there). */
    private double initialEta() {
        return config.targetEntropy() > 0 ? Math.max(config.eta(), 1e-3) : config.eta();
    }

    /** How the main stage ended: the kept epoch, the epochs run, whether it stopped early, the selection rule. */
    public record Training(int bestEpoch, int epochsRun, boolean earlyStopped, String selection) { }

    private Training trainMain(VadeNetwork net, NDArray x, Augmenter aug, NDArray xVal, Dataset validation, List<EpochLog> log, Progress progress) {
        int epochs = config.epochs();
        // under branch gradient HEAD the branch is not part of this stage (it is fitted afterwards)
        boolean branch = !headMode();
        Map<String, NDArray> trainable = new LinkedHashMap<>();
        for (var e : net.params().all().entrySet()) {
            if (branch || !e.getKey().startsWith("head.gamma.")) trainable.put(e.getKey(), e.getValue());
        }
        trainable.values().forEach(a -> a.setRequiresGradient(true));
        Adam adam = new Adam(trainable, config.lr(), 1e-8);
        int n = (int) x.getShape().get(0);
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        int d = config.latentDim();
        boolean last = validation == null || config.selection() == VadeConfig.Selection.LAST;
        boolean byNmi = !last && config.selection() == VadeConfig.Selection.AUTO && validation.hasLabels();
        String selection = validation == null ? "last epoch (no validation split)"
                : last ? "last epoch" : byNmi ? "validation NMI" : "validation loss";
        double best = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        Map<String, float[]> bestSnapshot = null;
        if (progress.from != null) {
            adam.restore(progress.from.adam());
            best = progress.from.best();
            bestEpoch = progress.from.bestEpoch();
            sinceBest = progress.from.sinceBest();
            bestSnapshot = progress.from.bestParams();
        }
        // η is fixed, or adapted per batch in target-entropy mode (resumed from the last logged value)
        double eta = initialEta();
        if (progress.from != null && config.targetEntropy() > 0) {
            for (EpochLog l : log) if (l.stage().equals("train")) eta = l.eta();
        }
        double logEta = Math.log(Math.max(eta, 1e-12));
        boolean stopped = progress.from != null && stopRule(sinceBest);
        int epoch = progress.firstEpoch();
        String[] names = {"reconstruction", "KL", "entropy", "coupling", "total", "balance"};
        listener.onStageStart("train", epochs, batches);
        for (; epoch <= epochs && !stopped; epoch++) {
            long t0 = System.nanoTime();
            adam.setLearningRate(config.lr() * Math.pow(config.lrDecay(), epoch - 1));
            Engine.getInstance().setRandomSeed((int) epochSeed(2, epoch));
            float[] muBefore = net.params().get("prior.mu").toFloatArray();
            int[] perm = Dataset.permutation(n, epochSeed(3, epoch));
            SplittableRandom distort = new SplittableRandom(epochSeed(7, epoch));
            double[] sums = new double[6];
            double normSum = 0;
            int skipped = 0;
            for (int b = 0; b < batches; b++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = aug.rows(config.augment().main(), x, perm, b, config.batchSize(), distort);
                    float[] terms;
                    try (var gc = Engine.getInstance().newGradientCollector()) {
                        NDArray eps = xb.getManager().randomNormal(new Shape(xb.getShape().get(0), d));
                        Objective.Terms t = Objective.evaluate(net, xb, eps, eta, branch);
                        Autograd.backward(gc, t.total());
                        terms = NDArrays.stack(new NDList(t.recon(), t.kl(), t.negEntropy(), t.couple(), t.total(), t.balance())).toFloatArray();
                    }
                    String bad = null;
                    for (int i = 0; i < terms.length && bad == null; i++) {
                        if (!Float.isFinite(terms[i])) bad = names[i] + " loss (" + terms[i] + ")";
                    }
                    double norm = clippedStep("train", epoch, b, bad, null, adam);
                    if (Double.isNaN(norm)) {
                        skipped++;
                        continue;
                    }
                    for (int i = 0; i < 6; i++) sums[i] += terms[i];
                    normSum += norm;
                    if (config.targetEntropy() > 0 && branch) {
                        logEta = nextLogEta(logEta, -terms[2]);
                        eta = Math.exp(logEta);
                    }
                    listener.onBatch("train", epoch, b, terms[4]);
                }
            }
            if (skipped == batches) {
                throw new NonFiniteException("every batch of train epoch " + epoch + " was non-finite; lower the learning rate or check the data");
            }
            int good = Math.max(1, batches - skipped);
            for (int i = 0; i < 6; i++) sums[i] /= good;
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
                VadeNetwork.Inference inf = net.infer(xVal, 1024, true, eta, branch);
                valLoss = inf.loss();
                double[][] gamma = inf.gammaRows();
                used = clustersUsed(gamma);
                double[] ec = entropyConfidence(gamma);
                valEntropy = ec[0];
                valConf = ec[1];
                if (validation.hasLabels()) val = MetricReport.of(validation.labels(), gamma);
            }
            EpochLog row = new EpochLog("train", epoch, sums[0], sums[1], sums[2], sums[3], sums[4], branch ? eta : Double.NaN, valLoss,
                    val == null ? Double.NaN : val.nmi(), val == null ? Double.NaN : val.ari(),
                    val == null ? Double.NaN : val.acc(), valEntropy, valConf, used, drift, sums[4] - valLoss,
                    normSum / good, skipped, (System.nanoTime() - t0) / 1e9, sums[5]);
            log.add(row);
            listener.onEpoch(row);
            if (xVal != null && !last) {
                double score = byNmi ? row.valNmi() : -valLoss;
                if (score > best) {
                    best = score;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    bestSnapshot = net.params().snapshot();
                } else {
                    sinceBest++;
                }
            } else {
                bestEpoch = epoch;
            }
            progress.save("train", epoch, net, adam, log, best, bestEpoch, sinceBest, bestSnapshot);
            if (stopRule(sinceBest)) {
                listener.onMessage("early stop after epoch " + epoch + ": no improvement of " + selection
                        + " for " + config.patience() + " epochs (best epoch " + bestEpoch + ")");
                stopped = true;
            }
        }
        int run = log.isEmpty() ? 0 : (int) log.stream().filter(l -> l.stage().equals("train")).count();
        listener.onStageEnd("train");
        if (bestSnapshot != null) {
            net.params().restore(bestSnapshot);
        }
        for (NDArray p : net.params().all().values()) p.setRequiresGradient(false);
        // never hand back a silently broken model
        for (Map.Entry<String, float[]> e : net.params().snapshot().entrySet()) {
            for (float v : e.getValue()) {
                if (!Float.isFinite(v)) {
                    throw new NonFiniteException("training produced a non-finite parameter (" + e.getKey() + "); lower the learning rate or check the data");
                }
            }
        }
        return new Training(bestEpoch, run, stopped, selection);
    }

    /**
     * One step of the dual ascent on ln η (as automatic temperature tuning in soft actor-critic): raise η
     * while the batch's mean H(γ) = {@code h} is below the target, lower it above; ln η stays in [ln 1e-4, ln 1e3].
     */
    private double nextLogEta(double logEta, double h) {
        return Math.max(Math.log(1e-4), Math.min(Math.log(1e3), logEta + config.etaLr() * (config.targetEntropy() - h)));
    }

    /** Smallest target probability of the branch stage (γ* is floored there and renormalised). */
    static final float BRANCH_TARGET_FLOOR = 1e-6f;
    /** Adam's learning rate of the branch stage in its first epoch (a linear read-out of fixed features learns fast). */
    static final double BRANCH_LR = 1e-2;
    /** ... and in its last: the rate falls geometrically in between, so the head settles. */
    static final double BRANCH_LR_END = 1e-3;

    /**
     * The branch stage under branch gradient HEAD: fits the head f_φ on the frozen, selected trunk to the
     * mixture's responsibilities γ* (the coupling; γ* floored at {@value #BRANCH_TARGET_FLOOR}) with η·(−H(γ)) — η fixed, or adapted per batch towards
     * the target entropy — and the balance term, for {@code branchEpochs} epochs; the last epoch is kept.
     * Trunk features and γ* are computed once; the head starts at zero (γ uniform). Adam from
     * {@value #BRANCH_LR} down to {@value #BRANCH_LR_END} (geometric per epoch), clipped.
     */
    private void fitBranch(VadeNetwork net, NDArray x, NDArray xVal, Dataset validation, List<EpochLog> log) {
        int epochs = config.branchEpochs();
        VadeConfig.DistillDirection direction = config.coupling() == VadeConfig.Coupling.ELBO
                ? VadeConfig.DistillDirection.REVERSE : config.distillDirection();
        boolean tie = config.coupling() != VadeConfig.Coupling.LITERAL;
        try (NDManager local = x.getManager().newSubManager()) {
            NDArray[] train = trunkAndTargets(net, x, local);
            NDArray[] val = xVal == null ? null : trunkAndTargets(net, xVal, local);
            Map<String, NDArray> head = new LinkedHashMap<>();
            head.put("head.gamma.w", net.params().get("head.gamma.w"));
            head.put("head.gamma.b", net.params().get("head.gamma.b"));
            // start from γ uniform: a random head on wide ReLU features divided by T is saturated, and
            // the reverse KL's gradient vanishes on confidently wrong rows
            for (NDArray a : head.values()) Tensors.muli(a, 0f);
            head.values().forEach(a -> a.setRequiresGradient(true));
            Adam adam = new Adam(head, BRANCH_LR, 1e-8);
            int n = (int) x.getShape().get(0);
            int batches = (n + config.batchSize() - 1) / config.batchSize();
            double eta = initialEta();
            double logEta = Math.log(Math.max(eta, 1e-12));
            listener.onStageStart("branch", epochs, batches);
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long t0 = System.nanoTime();
                adam.setLearningRate(BRANCH_LR * Math.pow(BRANCH_LR_END / BRANCH_LR, epochs == 1 ? 1 : (epoch - 1) / (double) (epochs - 1)));
                int[] perm = Dataset.permutation(n, epochSeed(5, epoch));
                double[] sums = new double[4];
                double normSum = 0;
                int skipped = 0;
                for (int b = 0; b < batches; b++) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray hb = Batches.rows(train[0], perm, b, config.batchSize());
                        NDArray target = Batches.rows(train[1], perm, b, config.batchSize());
                        float[] terms;
                        try (var gc = Engine.getInstance().newGradientCollector()) {
                            NDArray[] t = branchTerms(net.branch(hb), target, direction, tie, eta);
                            Autograd.backward(gc, t[4]);
                            terms = NDArrays.stack(new NDList(t)).toFloatArray();
                        }
                        String fault = "branch loss (" + terms[3] + ")";
                        double norm = clippedStep("branch", epoch, b, Float.isFinite(terms[3]) && Float.isFinite(terms[4]) ? null : fault, fault, adam);
                        if (Double.isNaN(norm)) {
                            skipped++;
                            continue;
                        }
                        for (int i = 0; i < 4; i++) sums[i] += terms[i];
                        normSum += norm;
                        if (config.targetEntropy() > 0) {
                            logEta = nextLogEta(logEta, -terms[1]);
                            eta = Math.exp(logEta);
                        }
                        listener.onBatch("branch", epoch, b, terms[3]);
                    }
                }
                if (skipped == batches) {
                    throw new NonFiniteException("every batch of branch epoch " + epoch + " was non-finite; lower the learning rate or check the data");
                }
                int good = Math.max(1, batches - skipped);
                for (int i = 0; i < 4; i++) sums[i] /= good;
                double valLoss = Double.NaN;
                MetricReport metrics = null;
                int used = 0;
                double[] ec = {Double.NaN, Double.NaN};
                if (val != null) {
                    double[] vl = new double[1];
                    double[][] gamma = branchGamma(net, val, direction, tie, eta, vl);
                    valLoss = vl[0];
                    used = clustersUsed(gamma);
                    ec = entropyConfidence(gamma);
                    if (validation.hasLabels()) metrics = MetricReport.of(validation.labels(), gamma);
                }
                EpochLog row = new EpochLog("branch", epoch, Double.NaN, Double.NaN, sums[1], sums[0], sums[3], eta, valLoss,
                        metrics == null ? Double.NaN : metrics.nmi(), metrics == null ? Double.NaN : metrics.ari(),
                        metrics == null ? Double.NaN : metrics.acc(), ec[0], ec[1], used, Double.NaN, sums[3] - valLoss,
                        normSum / good, skipped, (System.nanoTime() - t0) / 1e9, sums[2]);
                log.add(row);
                listener.onEpoch(row);
            }
            head.values().forEach(a -> a.setRequiresGradient(false));
            listener.onStageEnd("branch");
        }
    }

    /** The frozen trunk's last hidden layer h and ln γ* for every row of {@code x}, in batches, on {@code into}. */
    private NDArray[] trunkAndTargets(VadeNetwork net, NDArray x, NDManager into) {
        int n = (int) x.getShape().get(0);
        NDList hs = new NDList();
        NDList ts = new NDList();
        for (int start = 0; start < n; start += 2048) {
            int end = Math.min(n, start + 2048);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray xb = x.get(start + ":" + end);
                NDArray h = net.trunk(xb);
                VadeNetwork.Encoded enc = net.heads(h, false);
                // γ* floored at BRANCH_TARGET_FLOOR and renormalised: ln γ* reaches −1000 on well separated
                // mixtures, and against such targets the reverse KL's gradient is all "push that component
                // down" and vanishes on confidently wrong rows; the floor bounds the log-ratio at ~14 nats
                NDArray t = Tensors.maximum(Objective.mixture(net, enc).logGammaStar().exp(), BRANCH_TARGET_FLOOR);
                t = t.div(t.sum(new int[] {1}, true)).log();
                h.attach(into);
                t.attach(into);
                NDScope.unregister(h, t);
                hs.add(h);
                ts.add(t);
            }
        }
        NDArray[] out = {NDArrays.concat(hs), NDArrays.concat(ts)};
        hs.close();
        ts.close();
        return out;
    }

    /**
     * Coupling, −H(γ), balance, total objective and the surrogate whose gradient trains the head, for the
     * branch stage from the branch's ln γ (scalars, in this order). Under the reverse coupling,
     * KL(γ‖γ*) − η·H(γ) = (1+η)·KL(γ‖γ̂) + const with γ̂ ∝ γ*^{1/(1+η)}: its minimiser is the tempered γ̂,
     * so the head is fitted to γ̂ by cross-entropy, whose gradient γ − γ̂ never vanishes (the objective's
     * own gradient does on saturated rows, where neither the coupling nor the entropy can move γ). Under
     * the forward coupling or without one the surrogate is the objective itself.
     */
    private NDArray[] branchTerms(NDArray logGamma, NDArray logGammaStar, VadeConfig.DistillDirection direction,
                                  boolean tie, double eta) {
        NDArray couple = tie ? Objective.distillation(logGamma, logGammaStar, direction) : Tensors.mul(logGamma.sum(), 0f);
        NDArray negEntropy = Objective.negEntropy(logGamma);
        NDArray balance = Objective.balance(logGamma.exp());
        NDArray total = couple;
        if (eta != 0) total = total.add(Tensors.mul(negEntropy, (float) eta));
        NDArray surrogate;
        if (tie && direction == VadeConfig.DistillDirection.REVERSE) {
            NDArray tempered = Tensors.div(logGammaStar, (float) (1 + eta)).logSoftmax(1).exp();
            surrogate = Tensors.mul(tempered.mul(logGamma).sum(new int[] {1}).mean().neg(), (float) (1 + eta));
        } else {
            surrogate = total;
        }
        if (config.balance() != 0) {
            total = total.add(Tensors.mul(balance, (float) config.balance()));
            surrogate = surrogate.add(Tensors.mul(balance, (float) config.balance()));
        }
        return new NDArray[] {couple, negEntropy, balance, total, surrogate};
    }

    /** γ of the branch on precomputed features (rows), and in {@code loss[0]} the mean branch-stage loss. */
    private double[][] branchGamma(VadeNetwork net, NDArray[] data, VadeConfig.DistillDirection direction, boolean tie,
                                   double eta, double[] loss) {
        int n = (int) data[0].getShape().get(0);
        int k = config.k();
        double[][] out = new double[n][k];
        double sum = 0;
        for (int start = 0; start < n; start += 2048) {
            int end = Math.min(n, start + 2048);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logGamma = net.branch(data[0].get(start + ":" + end));
                NDArray[] t = branchTerms(logGamma, data[1].get(start + ":" + end), direction, tie, eta);
                sum += t[3].getFloat() * (end - start);
                float[] g = logGamma.exp().toFloatArray();
                for (int i = start; i < end; i++) for (int c = 0; c < k; c++) out[i][c] = g[(i - start) * k + c];
            }
        }
        loss[0] = sum / Math.max(1, n);
        return out;
    }

    private boolean stopRule(int sinceBest) {
        return config.patience() > 0 && sinceBest >= config.patience();
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

    /** Thrown when a loss or gradient becomes NaN or infinite; the message names epoch, batch and term. */
    public static final class NonFiniteException extends RuntimeException {
        /** Creates the exception. */
        public NonFiniteException(String message) {
            super(message);
        }
    }
}
