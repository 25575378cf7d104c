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
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.Scaled;
import org.softcluster.neural.Tensors;
import org.softcluster.neural.ValidationSplit;
import org.softcluster.neural.train.NanPolicy;
import org.softcluster.neural.train.TrainLoop;
import org.softcluster.neural.train.TrainingListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * model selection, so the model keeps the parameters of the last step.
 */
public final class DecTrainer implements Clusterer<DecModel> {
    /** Rows per batch when scoring whole sets without gradients. */
    static final int INFER_BATCH = 1024;

    private final DecConfig config;
    private final TrainingListener listener;
    private final NanPolicy nanPolicy;
    private final Scaler.Method scaling;

    /** Creates a trainer that reports to no one. */
    public DecTrainer(DecConfig config) {
        this(config, TrainingListener.NONE);
    }

    /** Creates a trainer that reports progress to {@code listener} (epoch rows via {@link DecLog#toEpochLog()}). */
    public DecTrainer(DecConfig config, TrainingListener listener) {
        this(config, listener, NanPolicy.STOP, Scaler.Method.NONE);
    }

    private DecTrainer(DecConfig config, TrainingListener listener, NanPolicy nanPolicy, Scaler.Method scaling) {
        if (config == null) throw new IllegalArgumentException("config must be given");
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.nanPolicy = nanPolicy == null ? NanPolicy.STOP : nanPolicy;
        this.scaling = scaling;
    }

    /** A copy with another policy for non-finite losses and gradients (stop, or skip and count the batch). */
    public DecTrainer withNanPolicy(NanPolicy policy) {
        return new DecTrainer(config, listener, policy, scaling);
    }

    /**
     * A copy that fits a feature scaling of {@code method} on the training data, trains on the scaled
     * data and gives the model the scaler (default: none).
     */
    public DecTrainer withScaling(Scaler.Method method) {
        return new DecTrainer(config, listener, nanPolicy, method);
    }

    /** The configuration. */
    public DecConfig config() { return config; }

    /**
     * Fits a model on {@code data}; a validation part of {@link DecConfig#validationFraction()} is
     * split off the given data (never the test set) for monitoring.
     */
    @Override
    public DecModel fit(Dataset raw) {
        Scaled scaled = Scaled.fit(scaling, raw);
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
            long start = System.nanoTime();
            List<DecLog> log = new ArrayList<>();

            TrainLoop loop = new TrainLoop(listener, nanPolicy);
            DecPretraining.run(loop, config, net, xTrain, xVal, new Random(config.seed() ^ 0x5DEECE66DL), log);
            int[] initLabels = initCenters(net, xTrain);
            DecClustering.Result result = DecClustering.run(loop, config, net, xTrain, xVal, validation, initLabels,
                    new Random(config.seed() ^ 0x2545F4914F6CDD1DL), log);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("train_objects", train.size());
            info.put("validation_objects", validation == null ? 0 : validation.size());
            info.put("pretrain_epochs", config.pretrainEpochs());
            info.put("epochs_run", result.epochsRun());
            info.put("last_epoch", result.epochsRun());
            info.put("best_epoch", result.bestEpoch());
            info.put("best_epoch_by", result.bestBy());
            info.put("stop_reason", result.stopReason());
            info.put("steps", result.steps());
            info.put("target_updates", result.targetUpdates());
            info.put("final_label_change", Double.isNaN(result.lastChange()) ? null : result.lastChange());
            info.put("train_seconds", (System.nanoTime() - start) / 1e9);
            info.put(DecModel.CLUSTER_SHARES, clusterShares(net.infer(xTrain, INFER_BATCH, false)));
            xTrain.close();
            if (xVal != null) xVal.close();
            DecModel model = new DecModel(config, net, data.dim(), data.imageShape(), scaled.scaler(), data.encoding(), log,
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
