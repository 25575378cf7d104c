package org.softcluster.neural.vade;

import org.softcluster.neural.train.EpochLog;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.data.Scaler;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.metrics.Reliability;
import org.softcluster.neural.AbstractNeuralModel;
import org.softcluster.neural.Batched;
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.Params;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A trained entropy-regularised VaDE (or plain VaDE): soft assignments γ, mixture
 * responsibilities γ*, latent codes z = μ_φ(x) and decoded prototypes μ_θ(μ_k) (18), for data in the
 * units it was trained on (its fitted scaler is applied first).
 *
 * <p>Holds native tensors: close it when done. Scoring methods are safe to call from several
 * threads at once (each call works in its own tensor scope and only reads the parameters).
 */
public final class VadeModel extends AbstractNeuralModel<VadeConfig, EpochLog, VadeNetwork> {
    /** The {@code kind} written to {@value #MODEL_FILE}. */
    public static final String KIND = "softcluster-vade";

    private final ReferenceCodes references;

    VadeModel(VadeNetwork net, int[] imageShape, Scaler scaler, Encoding encoding,
              List<EpochLog> trainLog, Map<String, Object> info, NDManager manager, ReferenceCodes references) {
        super(KIND, net, net.config().k(), imageShape, scaler, encoding, trainLog, info, manager);
        if (references != null && (references.dim() != net.config().network().latentDim())) {
            throw new IllegalArgumentException("reference codes of dimension " + references.dim() + " for a model with codes of dimension "
                    + net.config().network().latentDim());
        }
        this.references = references;
    }

    @Override
    public String method() { return config().method().name().toLowerCase(Locale.ROOT); }

    /** Runs the encoder on a dataset: γ, γ* and μ for every object. */
    public VadeNetwork.Inference infer(Dataset data) {
        return run(scaled(data));
    }

    /** The encoder on data already in model units. */
    private VadeNetwork.Inference run(Dataset x) {
        try (NDManager local = manager().newSubManager()) {
            NDArray t = local.create(x.features(), new Shape(x.size(), x.dim()));
            return net.infer(t, 2048, false, config().loss().eta());
        }
    }

    /** The soft assignments γ (the branch for the method, γ* for plain VaDE). */
    @Override
    protected double[][] scoreProba(Dataset data) {
        return Batched.toRows(net.gamma(manager(), data.features(), data.dim(), SCORING_BATCH), k());
    }

    /** Rows per batch when scoring γ alone (measured best of 1 024–10 000 on MNIST: larger batches fall out of the caches). */
    static final int SCORING_BATCH = 2048;

    @Override
    public boolean hasResponsibilities() { return true; }

    /** The mixture responsibilities γ*_k = softmax_k(ln π_k − KL_k). */
    @Override
    public double[][] responsibilities(Dataset data) {
        return infer(data).gammaStarRows();
    }

    @Override
    public boolean hasReferences() { return references != null; }

    /** The training codes and clusters the model keeps for {@link #reliability} (absent in models saved before it kept them). */
    public Optional<ReferenceCodes> references() { return Optional.ofNullable(references); }

    /**
     * Each object's reliability estimate for the cluster it is given: min(γ*_i[c_i], the share of its
     * {@value Reliability#NEIGHBOURS} nearest reference codes in c_i) ({@link Reliability#perObject}). An object that
     * was itself among the sampled training rows is not its own neighbour ({@link Reliability#neighbourAgreement}).
     */
    @Override
    public double[] reliability(Dataset data, int[] clusters) {
        if (clusters.length != data.size()) {
            throw new IllegalArgumentException(clusters.length + " clusters for " + data.size() + " objects");
        }
        return reliability(infer(data), clusters);
    }

    /** As {@link #reliability(Dataset, int[])} for each object's cluster argmax γ, with one pass of the encoder. */
    @Override
    public double[] reliability(Dataset data) {
        VadeNetwork.Inference inf = infer(data);
        return reliability(inf, inf.clusters());
    }

    private static String noReferences() {
        return "the model has no reference codes (saved before models kept them); retrain it";
    }

    private double[] reliability(VadeNetwork.Inference inf, int[] clusters) {
        if (references == null) throw new UnsupportedOperationException(noReferences());
        int k = inf.k();
        double[] mixture = new double[inf.n()];
        for (int i = 0; i < mixture.length; i++) {
            if (clusters[i] < 0 || clusters[i] >= k) throw new IllegalArgumentException("cluster " + clusters[i] + " of a model with K = " + k);
            mixture[i] = inf.gammaStar()[i * k + clusters[i]];
        }
        return Reliability.perObject(mixture, references.agreement(inf.mu(), clusters));
    }

    /** The latent codes z = μ_φ(x). */
    @Override
    protected double[][] scoreTransform(Dataset data) {
        return run(data).muRows();
    }

    /** The mixture weights π. */
    @Override
    public double[] weights() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] p = net.params().get("prior.logits").softmax(0).toFloatArray();
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) out[i] = p[i];
            return out;
        }
    }

    /** The prototypes (18): decoded mixture means μ_θ(μ_k), K rows of D values in model units. */
    @Override
    protected float[][] decodedPrototypes() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return clusterRows(net.reconstruct(net.params().get("prior.mu")).toFloatArray());
        }
    }

    /** Saves the model and, beside it, its reference codes ({@value References#FILE}; a stale file is removed when it has none). */
    @Override
    public void save(Path dir) throws IOException {
        References.write(dir, references);
        super.save(dir);
    }

    /**
     * Loads a model directory written by {@link #save}; one without reference codes (saved before models kept them)
     * loads without them.
     *
     * @throws IOException with a one-line message when the directory is missing, truncated or corrupt
     */
    public static VadeModel load(Path dir) throws IOException {
        VadeConfig config = ModelFiles.read(dir, KIND, "VaDE", VadeConfig.class, VadePresets.paper()).config();
        ReferenceCodes references = References.read(dir, config.network().latentDim(), config.k());
        return ModelFiles.load(dir, KIND, "VaDE", VadeConfig.class, VadePresets.paper(), (d, params, root) ->
                new VadeModel(VadeNetwork.wrap(d.config(), d.inputDim(), params), d.imageShape(),
                        d.scaler(), d.encoding(), List.of(), d.info(), root, references));
    }
}
