package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.Clusterer;
import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;
import org.softcluster.metrics.ClusterUse;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.neural.Scaled;
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.ValidationSplit;
import org.softcluster.neural.train.CheckpointFile;
import org.softcluster.neural.train.EpochLog;
import org.softcluster.neural.train.NanPolicy;
import org.softcluster.neural.train.StageClock;
import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the entropy-regularised VaDE (or plain VaDE) by running its stages in order (METHOD.md §4):
 * {@link Pretraining} (the autoencoder), {@link MixtureStart} (the prior on the codes), the optional
 * {@link BranchWarmup}, the {@link MainStage} (the objective (12), early stopping on a validation split taken
 * from the training data) and, under branch gradient HEAD, the {@link BranchStage}. A run starts fresh, from
 * shared pre-training, from a shared trunk or from a checkpoint, and runs up to the trunk or the whole model.
 */
public final class VadeTrainer implements Clusterer<VadeModel> {
    private final VadeConfig config;
    private final TrainingListener listener;
    private final Path checkpointDir;
    private final NanPolicy nanPolicy;
    private final Scaler.Method scaling;
    private final StartHook startHook;

    /** Test seam: runs after each attempt's mixture initialisation (attempt 0, 1, ...), e.g. to make a start collapse. */
    interface StartHook {
        void afterStart(int attempt, VadeNetwork net);
    }

    /** Creates a trainer that reports to no one. */
    public VadeTrainer(VadeConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener}. */
    public VadeTrainer(VadeConfig config, TrainingListener listener) {
        this(config, listener, null, NanPolicy.STOP, Scaler.Method.NONE, null);
    }

    private VadeTrainer(VadeConfig config, TrainingListener listener, Path checkpointDir, NanPolicy nanPolicy,
                        Scaler.Method scaling, StartHook startHook) {
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.checkpointDir = checkpointDir;
        this.nanPolicy = nanPolicy;
        this.scaling = scaling;
        this.startHook = startHook;
    }

    /** A copy whose mixture starts pass through {@code hook} (tests of the re-initialisation). */
    VadeTrainer withStartHook(StartHook hook) {
        return new VadeTrainer(config, listener, checkpointDir, nanPolicy, scaling, hook);
    }

    /** A copy that writes a checkpoint into {@code dir} after every epoch (atomically). */
    public VadeTrainer withCheckpoints(Path dir) {
        return new VadeTrainer(config, listener, dir, nanPolicy, scaling, startHook);
    }

    /** A copy with another policy for non-finite losses and gradients. */
    public VadeTrainer withNanPolicy(NanPolicy policy) {
        return new VadeTrainer(config, listener, checkpointDir, policy, scaling, startHook);
    }

    /**
     * A copy that fits a feature scaling of {@code method} on the training data, trains on the scaled
     * data and gives the model the scaler, so the model scores data in the units it was given
     * (default: none).
     */
    public VadeTrainer withScaling(Scaler.Method method) {
        return new VadeTrainer(config, listener, checkpointDir, nanPolicy, method, startHook);
    }

    /** The configuration. */
    public VadeConfig config() { return config; }

    /** How the main stage ended: the kept epoch, the epochs run, whether it stopped early, the selection rule. */
    public record Training(int bestEpoch, int epochsRun, boolean earlyStopped, String selection) { }

    /**
     * Whether a trunk from {@link #trunkOnly} under {@code method} (the method, branch gradient HEAD, branch epochs) also
     * serves a run under {@code other} — another η, target entropy or balance weight, or plain VaDE without a balance term.
     */
    public static boolean sharesTrunk(VadeConfig method, VadeConfig other) {
        return new StageContext(method, null).headMode() && ShareKey.TrunkKey.stages(method).equals(ShareKey.TrunkKey.stages(other));
    }

    /**
     * A shared result for one seed, reusable across runs with an equal key: the network's tensors after
     * pre-training ({@link #pretrainOnly}) or after the main stage ({@link #trunkOnly}), with their log. Sharing
     * gives exactly the model an unshared run would give, because every epoch draws from its own seeded streams.
     *
     * @param key the settings it depends on
     * @param weights the network's tensors
     * @param log the epochs of the training log so far
     * @param training how the main stage ended (a trunk), or null (pre-training)
     * @param seconds training seconds it took
     */
    public record Pretrained(ShareKey key, Map<String, float[]> weights, List<EpochLog> log, Training training, double seconds) {
        /** Whether these are the weights after the main stage (a shared trunk under branch gradient HEAD). */
        public boolean isTrunk() {
            return key instanceof ShareKey.TrunkKey;
        }
    }

    /** Where a run starts. */
    private sealed interface Start permits Fresh, Shared, Resumed { }

    private record Fresh() implements Start { }

    private record Shared(Pretrained pretrained) implements Start { }

    private record Resumed(Checkpoint checkpoint) implements Start { }

    /** What a run gives: the trained network and its manager, the log and how the main stage ended. */
    private record Outcome(NDManager root, VadeNetwork net, ValidationSplit parts, List<EpochLog> log, Training training,
                           double seconds, Map<String, Double> stageSeconds, Map<String, Object> softness,
                           ReferenceCodes references) { }

    /** Fits a model on {@code data}, pre-training from scratch. */
    @Override
    public VadeModel fit(Dataset data) {
        Scaled s = Scaled.fit(scaling, data);
        return model(s, run(s.data(), new Fresh(), false), null, null);
    }

    /**
     * Fits a model on {@code data}; a validation part of {@code validationFraction} is split off
     * the given data (never the test set) for early stopping and monitoring.
     *
     * @param pretrained stage-1 weights from {@link #pretrainOnly} or a trunk from {@link #trunkOnly} with the same settings, or null
     */
    public VadeModel fit(Dataset data, Pretrained pretrained) {
        if (pretrained == null) return fit(data);
        Scaled s = Scaled.fit(scaling, data);
        checkShared(pretrained, pretrained.isTrunk() ? ShareKey.TrunkKey.of(config, s.data()) : ShareKey.PretrainKey.of(config, s.data()));
        return model(s, run(s.data(), new Shared(pretrained), false), pretrained, null);
    }

    /** Runs stage 1 only and returns its weights, for {@link #fit(Dataset, Pretrained)} across a sweep. */
    public Pretrained pretrainOnly(Dataset raw) {
        Dataset data = Scaled.fit(scaling, raw).data();
        ValidationSplit parts = split(data);
        try (NDManager root = NDManager.newBaseManager()) {
            VadeNetwork net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = Tensors.of(root, parts.train().features(), new Shape(parts.train().size(), parts.train().dim()));
            List<EpochLog> log = new ArrayList<>();
            StageData stages = new StageData(net, xTrain, Augmenter.of(config, parts.train()), null, null, log);
            long t0 = System.nanoTime();
            Pretraining.run(context(), stages, checkpoints(null, null));
            // its seconds count in every run that shares it (train_seconds: what the run would have taken alone)
            return new Pretrained(ShareKey.PretrainKey.of(config, data), net.params().snapshot(), log, null, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Under branch gradient HEAD: runs stages 1–3 (pre-training, mixture initialisation, main stage) and
     * returns the selected trunk, for {@link #fit(Dataset, Pretrained)} of runs that differ only in η, the
     * target entropy, its step or the balance weight, and of plain VaDE without a balance term (the model equals
     * that of an unshared run).
     */
    public Pretrained trunkOnly(Dataset raw) {
        return trunkOnly(raw, null);
    }

    /** As {@link #trunkOnly(Dataset)}, from a shared pre-training ({@link #pretrainOnly}) when not null. */
    public Pretrained trunkOnly(Dataset raw, Pretrained pretrained) {
        if (!context().headMode()) throw new IllegalStateException("a shared trunk needs the method with branch gradient 'head' and branch epochs");
        Dataset data = Scaled.fit(scaling, raw).data();
        if (pretrained != null) checkShared(pretrained, ShareKey.PretrainKey.of(config, data));
        Outcome o = run(data, pretrained == null ? new Fresh() : new Shared(pretrained), true);
        try {
            return new Pretrained(ShareKey.TrunkKey.of(config, data), o.net().params().snapshot(), List.copyOf(o.log()), o.training(),
                    o.seconds() + (pretrained == null ? 0 : pretrained.seconds()));
        } finally {
            o.root().close();
        }
    }

    private static void checkShared(Pretrained pretrained, ShareKey expected) {
        if (!pretrained.key().equals(expected)) {
            throw new IllegalArgumentException("shared " + (pretrained.isTrunk() ? "trunk" : "pre-training")
                    + " was made with other settings: " + pretrained.key());
        }
    }

    /**
     * Continues an interrupted {@link #fit} from the last checkpoint in this trainer's checkpoint
     * directory; the result equals that of an uninterrupted run with the same seed.
     *
     * @throws IOException when there is no readable checkpoint or it was made with another configuration
     */
    public VadeModel resume(Dataset raw) throws IOException {
        if (checkpointDir == null) throw new IllegalStateException("no checkpoint directory set");
        Scaled s = Scaled.fit(scaling, raw);
        Dataset data = s.data();
        Checkpoint cp = Checkpoint.read(checkpointDir);
        CheckpointFile.checkSameRun(checkpointDir, cp.config(), config, cp.dataSha256(), data.sha256());
        listener.onMessage("resuming after " + cp.stage() + " epoch " + cp.epoch());
        return model(s, run(data, new Resumed(cp), false), null, cp);
    }

    private StageContext context() {
        return new StageContext(config, new TrainLoop(listener, nanPolicy));
    }

    private Checkpoints checkpoints(String dataSha, Checkpoint from) {
        return new Checkpoints(config, checkpointDir, dataSha, from);
    }

    private ValidationSplit split(Dataset data) {
        return ValidationSplit.of(data, config.training().validationFraction(), config.k(), config.seed());
    }

    /** Runs the stages from {@code start} up to the trunk ({@code trunkOnly}) or the whole model. */
    private Outcome run(Dataset data, Start start, boolean trunkOnly) {
        if (config.k() > data.size()) {
            throw new IllegalArgumentException("k = " + config.k() + " is larger than the number of objects (" + data.size() + ")");
        }
        ValidationSplit parts = split(data);
        Dataset train = parts.train();
        Dataset validation = parts.validation();
        Augmenter aug = Augmenter.of(config, train);
        String dataSha = checkpointDir == null ? null : data.sha256();
        StageClock clock = new StageClock(listener);
        StageContext ctx = new StageContext(config, new TrainLoop(clock, nanPolicy));
        NDManager root = NDManager.newBaseManager();
        boolean handedOver = false;
        try {
            VadeNetwork net = VadeNetwork.create(root, config, data.dim());
            NDArray xTrain = Tensors.of(root, train.features(), new Shape(train.size(), train.dim()));
            NDArray xVal = validation == null ? null : Tensors.of(root, validation.features(), new Shape(validation.size(), validation.dim()));
            long t0 = System.nanoTime();
            List<EpochLog> log = new ArrayList<>();
            StageData stages = new StageData(net, xTrain, aug, xVal, validation, log);
            Training training;
            Checkpoint resume = start instanceof Resumed r ? r.checkpoint() : null;
            Pretrained shared = start instanceof Shared s ? s.pretrained() : null;
            if (resume != null) {
                net.params().restore(resume.params());
                log.addAll(resume.log());
            }
            if (shared != null && shared.isTrunk()) {
                net.params().restore(shared.weights());
                log.addAll(shared.log());
                training = shared.training();
            } else if (resume == null || resume.stage().equals("pretrain")) {
                if (shared != null) {
                    net.params().restore(shared.weights());
                    log.addAll(shared.log());
                } else {
                    Pretraining.run(ctx, stages, checkpoints(dataSha, resume));
                }
                training = startAndTrain(ctx, stages, checkpoints(dataSha, null));
            } else {
                training = MainStage.run(ctx, stages, checkpoints(dataSha, resume));
            }
            if (ctx.headMode() && !trunkOnly) {
                BranchStage.run(ctx, stages);
            }
            Map<String, Object> softness = null;
            ReferenceCodes references = null;
            if (!trunkOnly) {
                // the final network's codes of a training sample, kept with the model (and searched by the softness step)
                references = References.sample(net, xTrain);
                SoftnessStep.Result soft = SoftnessStep.run(net, references, xVal, clock);
                if (soft != null) {
                    net = VadeNetwork.wrap(net.config().toBuilder().calibration(soft.calibration()).build(), data.dim(), net.params());
                    softness = soft.record();
                }
            }
            xTrain.close();
            if (xVal != null) xVal.close();
            handedOver = true;
            return new Outcome(root, net, parts, log, training,
                    (System.nanoTime() - t0) / 1e9, new LinkedHashMap<>(clock.seconds()), softness, references);
        } finally {
            if (!handedOver) root.close();
        }
    }

    /**
     * Stages 2–3 (and the warm-up) on the pre-trained network: the mixture's start, then the main stage. Under
     * {@link VadeConfig.Mixture#attempts()} &gt; 1 a start whose partition, or a main stage whose responsibilities
     * on the training objects, leave fewer than K clusters with a real share ({@link ClusterUse}) is tried again
     * from the same pre-trained weights with the next seed; when every start collapses, the one that uses most
     * clusters (then the lowest validation loss) is kept. Labels are never looked at.
     */
    private Training startAndTrain(StageContext ctx, StageData stages, Checkpoints checkpoints) {
        VadeNetwork net = stages.net();
        int attempts = config.mixture().attempts();
        Map<String, float[]> pretrained = attempts > 1 ? net.params().snapshot() : null;
        Attempt kept = null;
        for (int a = 0; a < attempts; a++) {
            if (a > 0) net.params().restore(pretrained);
            // another start re-seeds the initialisation only; the stages keep their streams
            StageContext startCtx = a == 0 ? ctx : new StageContext(config.toBuilder().seed(config.seed() + a).build(), ctx.loop());
            MixtureStart mixture = new MixtureStart(startCtx);
            // with pre-training's early stopping the variance starts at the held-out error (see VadeConfig.Pretraining)
            boolean heldOut = config.pretraining().patience() > 0 && stages.xVal() != null;
            mixture.initDecoderVariance(net, heldOut ? stages.xVal() : stages.x(), heldOut);
            ClusterUse start = mixture.initMixture(net, stages.x());
            if (startHook != null) startHook.afterStart(a, net);
            boolean last = a + 1 == attempts;
            if (start.collapsed() && !last) {
                listener.onMessage("collapse: the mixture's start " + (a + 1) + " leaves only " + start.used() + " of " + start.k()
                        + " clusters with a real share; re-initialising (start " + (a + 2) + " of " + attempts + ")");
                continue;
            }
            BranchWarmup.run(ctx, stages);
            Training training = MainStage.run(ctx, stages, checkpoints);
            if (attempts == 1) return training;
            ClusterUse end = ClusterUse.of(net.infer(stages.x(), 1024, false, 0).gammaStarRows());
            Attempt attempt = new Attempt(end.used(), bestValidationLoss(stages.log()), training, net.params().snapshot());
            if (kept == null || attempt.betterThan(kept)) kept = attempt;
            if (!end.collapsed()) break;
            if (!last) {
                listener.onMessage("collapse: after the main stage from start " + (a + 1) + " only " + end.used() + " of " + end.k()
                        + " clusters hold a real share of the training objects; re-initialising (start " + (a + 2) + " of " + attempts + ")");
            }
        }
        if (kept == null) throw new IllegalStateException("no start was trained");
        net.params().restore(kept.weights());
        return kept.training();
    }

    /** One start's result: clusters used at the end, its best validation loss, how the main stage ended, its weights. */
    private record Attempt(int used, double valLoss, Training training, Map<String, float[]> weights) {
        boolean betterThan(Attempt o) {
            return used != o.used ? used > o.used : Double.compare(valLoss, o.valLoss) < 0;
        }
    }

    /** The lowest validation loss of the last main stage in the log (+∞ without validation). */
    private static double bestValidationLoss(List<EpochLog> log) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = log.size() - 1; i >= 0 && log.get(i).stage().equals("train"); i--) {
            if (Double.isFinite(log.get(i).valLoss())) best = Math.min(best, log.get(i).valLoss());
        }
        return best;
    }

    /** The trained model of a run, with its training facts. */
    private VadeModel model(Scaled scaled, Outcome o, Pretrained shared, Checkpoint resumed) {
        Dataset data = scaled.data();
        Training t = o.training();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("train_objects", o.parts().train().size());
        info.put("validation_objects", o.parts().validation() == null ? 0 : o.parts().validation().size());
        info.put("best_epoch", t.bestEpoch());
        info.put("epochs_run", t.epochsRun());
        info.put("early_stopped", t.earlyStopped());
        info.put("selection", t.selection());
        info.put("shared_pretraining", shared != null);
        info.put("shared_trunk", shared != null && shared.isTrunk());
        info.put("resumed", resumed != null);
        info.put("skipped_batches", o.log().stream().mapToInt(EpochLog::skippedBatches).sum());
        // a shared trunk's seconds count here as if this run had trained it
        info.put("train_seconds", o.seconds() + (resumed == null ? 0 : resumed.seconds()) + (shared == null ? 0 : shared.seconds()));
        // this process's stages only, in the order they ran (a shared or resumed part is in train_seconds, not here)
        info.put("stage_seconds", o.stageSeconds());
        if (o.softness() != null) info.put("softness", o.softness());
        info.put("reference_codes", o.references().size());
        VadeModel model = new VadeModel(o.net(), data.imageShape(), scaled.scaler(), data.encoding(), o.log(), info,
                o.root(), o.references());
        if (data.hasFeatureNames()) model.metadata().put(ModelFiles.FEATURE_NAMES, List.of(data.featureNames()));
        return model;
    }
}
