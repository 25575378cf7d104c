package org.softcluster.neural.dec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.softcluster.cluster.KMeans;
import org.softcluster.cluster.KMeansConfig;
import org.softcluster.cluster.KMeansModel;
import org.softcluster.cluster.Clusterer;
import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;
import org.softcluster.io.Json;
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.Scaled;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.ValidationSplit;
import org.softcluster.neural.train.CheckpointFile;
import org.softcluster.neural.train.NanPolicy;
import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * model selection, so the model keeps the parameters of the last step. With a checkpoint directory, a
 * {@link DecCheckpoint} is written after every epoch of both stages, and {@link #resume} continues an
 * interrupted run to exactly the model an uninterrupted one gives.
 */
public final class DecTrainer implements Clusterer<DecModel> {
    /** Rows per batch when scoring whole sets without gradients. */
    static final int INFER_BATCH = 1024;

    private final DecConfig config;
    private final TrainingListener listener;
    private final NanPolicy nanPolicy;
    private final Scaler.Method scaling;
    private final Path checkpointDir;

    /** Creates a trainer that reports to no one. */
    public DecTrainer(DecConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener} (epoch rows via {@link DecLog#toEpochLog()}). */
    public DecTrainer(DecConfig config, TrainingListener listener) {
        this(config, listener, NanPolicy.STOP, Scaler.Method.NONE, null);
    }

    private DecTrainer(DecConfig config, TrainingListener listener, NanPolicy nanPolicy, Scaler.Method scaling,
                       Path checkpointDir) {
        if (config == null) throw new IllegalArgumentException("config must be given");
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.nanPolicy = nanPolicy == null ? NanPolicy.STOP : nanPolicy;
        this.scaling = scaling;
        this.checkpointDir = checkpointDir;
    }

    /** A copy with another policy for non-finite losses and gradients (stop, or skip and count the batch). */
    public DecTrainer withNanPolicy(NanPolicy policy) {
        return new DecTrainer(config, listener, policy, scaling, checkpointDir);
    }

    /**
     * A copy that fits a feature scaling of {@code method} on the training data, trains on the scaled
     * data and gives the model the scaler (default: none).
     */
    public DecTrainer withScaling(Scaler.Method method) {
        return new DecTrainer(config, listener, nanPolicy, method, checkpointDir);
    }

    /** A copy that writes a checkpoint into {@code dir} after every epoch (atomically). */
    public DecTrainer withCheckpoints(Path dir) {
        return new DecTrainer(config, listener, nanPolicy, scaling, dir);
    }

    /** The configuration. */
    public DecConfig config() { return config; }

    /**
     * Fits a model on {@code data}; a validation part of {@link DecConfig#validationFraction()} is
     * split off the given data (never the test set) for monitoring.
     */
    @Override
    public DecModel fit(Dataset raw) {
        return train(Scaled.fit(scaling, raw), null);
    }

    /**
     * Continues an interrupted {@link #fit} from the last checkpoint in this trainer's checkpoint directory;
     * the result equals that of an uninterrupted run.
     *
     * @throws IOException when there is no readable checkpoint or it was made with another configuration or data
     */
    public DecModel resume(Dataset raw) throws IOException {
        if (checkpointDir == null) throw new IllegalStateException("no checkpoint directory set");
        Scaled scaled = Scaled.fit(scaling, raw);
        DecCheckpoint cp = DecCheckpoint.read(checkpointDir);
        CheckpointFile.checkSameRun(checkpointDir, cp.config(), config, cp.dataSha256(), scaled.data().sha256());
        listener.onMessage("resuming after " + cp.stage() + " epoch " + cp.epoch());
        return train(scaled, cp);
    }

    /**
     * The epoch's seed of a shuffle stream: the {@code epoch}-th draw of {@code new Random(stream)}, the
     * stream DEC has always drawn one seed per epoch from — as a function of the epoch, a resumed run
     * shuffles exactly as an uninterrupted one without saving a generator's state.
     */
    static long epochSeed(long stream, int epoch) {
        Random r = new Random(stream);
        long seed = 0;
        for (int e = 0; e < epoch; e++) seed = r.nextLong();
        return seed;
    }

    /** Runs the stages, from the start or after the checkpoint {@code from}. */
    private DecModel train(Scaled scaled, DecCheckpoint from) {
        Dataset data = scaled.data();
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
            DecCheckpoints checkpoints = DecCheckpoints.of(config, checkpointDir, checkpointDir == null ? null : data.sha256(), from);
            List<DecLog> log = new ArrayList<>();
            DecData stages = new DecData(net, xTrain, xVal, validation, log);
            if (from != null) {
                net.params().restore(from.params());
                log.addAll(from.log());
            }

            TrainLoop loop = new TrainLoop(listener, nanPolicy);
            int[] initLabels = null;
            if (checkpoints.from(DecClustering.STAGE) == null) {
                DecPretraining.run(loop, config, stages, checkpoints);
                initLabels = initCenters(net, xTrain);
            }
            DecClustering.Result result = DecClustering.run(loop, config, stages, initLabels, checkpoints);

            Map<String, Object> info = Json.ordered(
                    "train_objects", train.size(),
                    "validation_objects", validation == null ? 0 : validation.size(),
                    "pretrain_epochs", config.pretrainEpochs(),
                    "epochs_run", result.epochsRun(),
                    "last_epoch", result.epochsRun(),
                    "best_epoch", result.bestEpoch(),
                    "best_epoch_by", result.bestBy(),
                    "stop_reason", result.stopReason(),
                    "steps", result.steps(),
                    "target_updates", result.targetUpdates(),
                    "final_label_change", Double.isNaN(result.lastChange()) ? null : result.lastChange(),
                    "resumed", from != null,
                    "train_seconds", checkpoints.seconds(),
                    DecModel.CLUSTER_SHARES, clusterShares(net.infer(xTrain, INFER_BATCH, false)));
            xTrain.close();
            if (xVal != null) xVal.close();
            DecModel model = new DecModel(net, data.imageShape(), scaled.scaler(), data.encoding(), log,
                    info, root);
            if (data.hasFeatureNames()) model.metadata().put(ModelFiles.FEATURE_NAMES, List.of(data.featureNames()));
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
}
