package org.softcluster.neural.vade;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Arrays;
import java.util.Map;

/**
 * Hyper-parameters of the entropy-regularised VaDE (the method) and of plain VaDE, one small record per
 * concern, each validated on construction; the rules that tie concerns together are checked here.
 * {@link VadePresets} holds the named settings ({@link VadePresets#paper()} exactly the paper's), and
 * {@link #builder()} / {@link #toBuilder()} change any of them by name.
 *
 * <p>As JSON (model.json, checkpoints, a run's config.json) it is written grouped as here; the flat form
 * of files written before the grouping is read too, and settings a file lacks take the paper's values
 * ({@link VadeConfigJson}).
 *
 * @param method which model: the method (parallel branch γ) or plain VaDE (γ = γ*)
 * @param k number of clusters K
 * @param seed the one seed that controls everything
 * @param network the encoder, decoder and branch
 * @param loss the weights and form of the objective's terms
 * @param training what every training stage shares (batches, clipping, validation part, augmentation)
 * @param pretraining the autoencoder pre-training (stage 1)
 * @param mixture how the mixture prior is started on the pre-trained codes (stage 2)
 * @param main the main stage: objective (12), learning rate, early stopping, selection (stage 3)
 * @param branch where the branch's terms train: the routing, a warm-up before and a stage after the main stage
 */
public record VadeConfig(Method method, int k, long seed, Network network, Loss loss, Training training,
                         Pretraining pretraining, Mixture mixture, Main main, Branch branch) {

    /**
     * The network.
     *
     * @param latentDim latent dimension d
     * @param encoderDims hidden widths of the encoder trunk (the decoder mirrors them)
     * @param temperature softmax temperature T of the assignment branch (17)
     * @param likelihood decoder likelihood
     * @param variance decoder variance for the Gaussian likelihood
     * @param varianceFloor a learned decoder variance never goes below it (in the units of the scaled features; 0: no
     *     floor but the 1e-4 of its start). An autoencoder that reconstructs a table almost exactly (d close to D)
     *     otherwise drives the variance towards 0 and the reconstruction term to thousands of nats, against which the
     *     KL term to the mixture — the clustering — has no say
     */
    public record Network(int latentDim, int[] encoderDims, double temperature, Likelihood likelihood, VarianceMode variance,
                          double varianceFloor) {
        /** Validates every field. */
        public Network {
            require(latentDim >= 1, "latent dimension must be >= 1, got " + latentDim);
            require(encoderDims != null && encoderDims.length >= 1, "encoder needs at least one hidden layer");
            for (int w : encoderDims) require(w >= 1, "hidden widths must be >= 1, got " + Arrays.toString(encoderDims));
            encoderDims = encoderDims.clone();
            require(temperature > 0 && Double.isFinite(temperature), "temperature T must be > 0, got " + temperature);
            require(likelihood != null && variance != null, "likelihood and variance must be given");
            require(varianceFloor >= 0 && Double.isFinite(varianceFloor), "decoder variance floor must be >= 0, got " + varianceFloor);
        }

        /** The encoder widths (a copy). */
        @Override
        public int[] encoderDims() { return encoderDims.clone(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof Network n && n.latentDim == latentDim && Arrays.equals(n.encoderDims, encoderDims)
                    && Double.compare(n.temperature, temperature) == 0 && n.likelihood == likelihood && n.variance == variance
                    && Double.compare(n.varianceFloor, varianceFloor) == 0;
        }

        @Override
        public int hashCode() { return toString().hashCode(); }

        @Override
        public String toString() {
            return "Network[latentDim=" + latentDim + ", encoderDims=" + Arrays.toString(encoderDims) + ", temperature="
                    + temperature + ", likelihood=" + likelihood + ", variance=" + variance + ", varianceFloor=" + varianceFloor + "]";
        }
    }

    /**
     * The objective's terms.
     *
     * @param beta weight β of the KL-to-mixture term
     * @param eta weight η of the negative-entropy term (11); 0 gives "plain" hard behaviour
     * @param coupling how the branch γ is tied to the mixture (METHOD.md §3.1)
     * @param distillDirection direction of the distillation KL under {@link Coupling#DISTILL}
     * @param targetEntropy target-entropy mode: when &gt; 0, η is adapted during training (dual ascent on ln η,
     *     starting from {@code eta}) so that the mean H(γ) settles at this many nats; 0 = off
     * @param etaLr step size of the dual ascent on ln η, per batch
     * @param balance weight λ of a marginal-entropy (cluster-balance) term −λ·H(mean γ) per batch; 0 = off
     */
    public record Loss(double beta, double eta, Coupling coupling, DistillDirection distillDirection, double targetEntropy,
                       double etaLr, double balance) {
        /** Validates every field. */
        public Loss {
            require(beta >= 0 && Double.isFinite(beta), "beta must be >= 0, got " + beta);
            require(eta >= 0 && Double.isFinite(eta), "eta must be >= 0, got " + eta);
            require(coupling != null && distillDirection != null, "coupling and distill direction must be given");
            require(targetEntropy >= 0 && Double.isFinite(targetEntropy), "target entropy must be > 0 nats (or 0 for off), got " + targetEntropy);
            require(etaLr > 0 && Double.isFinite(etaLr), "eta learning rate must be > 0, got " + etaLr);
            require(balance >= 0 && Double.isFinite(balance), "balance weight must be >= 0, got " + balance);
        }
    }

    /**
     * What every training stage shares.
     *
     * @param batchSize mini-batch size
     * @param clipNorm global L2 gradient-norm bound (16); 0 disables clipping
     * @param validationFraction fraction of the training data held out for validation
     * @param augment which stages train on randomly distorted images (see {@link Augment}); image data only
     */
    public record Training(int batchSize, double clipNorm, double validationFraction, Augment augment) {
        /** Validates every field. */
        public Training {
            require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
            require(clipNorm >= 0, "clip norm must be >= 0, got " + clipNorm);
            require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0,1), got " + validationFraction);
            require(augment != null, "augmentation must be given");
        }
    }

    /**
     * Autoencoder pre-training.
     *
     * @param epochs pre-training epochs
     * @param lr Adam learning rate of pre-training (and of the branch warm-up)
     * @param loss the pre-training loss (see {@link PretrainLoss})
     * @param patience 0: every epoch runs and the weights of the last one are kept. &gt; 0 (with a validation part):
     *     the pre-training loss is measured on the validation rows after each epoch, the weights of the best epoch are
     *     kept, pre-training stops after {@code patience} epochs without a better one, and a learned decoder variance
     *     starts at the validation rows' reconstruction error — an autoencoder that memorises a small table (a
     *     training error near 0) neither hands its over-fitted codes to the mixture nor starts the variance near 0
     */
    public record Pretraining(int epochs, double lr, PretrainLoss loss, int patience) {
        /** Validates every field. */
        public Pretraining {
            require(patience >= 0, "pre-training patience must be >= 0, got " + patience);
            require(epochs >= 0, "pre-training epochs must be >= 0, got " + epochs);
            require(lr > 0 && Double.isFinite(lr), "pre-training learning rate must be > 0, got " + lr);
            require(loss != null, "pre-training loss must be given");
        }
    }

    /**
     * The start of the mixture prior on the pre-trained codes.
     *
     * @param init how the mixture is initialised (see {@link MixtureInit})
     * @param laplaceAlpha Laplace smoothing α of the mixture weights at initialisation (13)
     * @param varianceFloor constant added to the within-cluster variances at initialisation
     * @param restarts k-means (or GMM) restarts
     * @param maps under {@link MixtureInit#UMAP}: how many UMAP maps (each with a GMM) are made of the codes; the
     *     mixture starts from the partition that agrees best with the others (highest mean NMI to them)
     * @param attempts how many starts in all a collapse may use (1 = none): when fewer than K clusters hold a real share
     *     of the training objects ({@link org.softcluster.metrics.ClusterUse}) after the initialisation or at the end
     *     of the main stage, the mixture is initialised again on the same pre-trained codes with the next seed and the
     *     main stage runs again; when every start collapses, the one that uses most clusters (then the lowest
     *     validation loss) is kept. No labels are used.
     */
    public record Mixture(MixtureInit init, double laplaceAlpha, double varianceFloor, int restarts, int maps, int attempts) {
        /** Validates every field. */
        public Mixture {
            require(init != null, "mixture init must be given");
            require(laplaceAlpha >= 0, "Laplace alpha must be >= 0, got " + laplaceAlpha);
            require(varianceFloor > 0, "variance floor must be > 0, got " + varianceFloor);
            require(restarts >= 1, "k-means restarts must be >= 1, got " + restarts);
            require(maps >= 1, "init maps must be >= 1, got " + maps);
            require(attempts >= 1, "mixture start attempts must be >= 1, got " + attempts);
        }

        /** The settings of a file written before {@code attempts} existed: one start. */
        public Mixture(MixtureInit init, double laplaceAlpha, double varianceFloor, int restarts, int maps) {
            this(init, laplaceAlpha, varianceFloor, restarts, maps, 1);
        }
    }

    /**
     * The main stage.
     *
     * @param epochs maximum epochs
     * @param lr Adam learning rate
     * @param lrDecay factor applied to the learning rate after every epoch (1 = constant)
     * @param patience early-stopping patience in epochs; 0 disables early stopping
     * @param selection which epoch's weights the model keeps (see {@link Selection})
     */
    public record Main(int epochs, double lr, double lrDecay, int patience, Selection selection) {
        /** Validates every field. */
        public Main {
            require(epochs >= 0, "epochs must be >= 0, got " + epochs);
            require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
            require(lrDecay > 0 && lrDecay <= 1, "learning-rate decay must be in (0,1], got " + lrDecay);
            require(patience >= 0, "patience must be >= 0, got " + patience);
            require(selection != null, "selection must be given");
        }
    }

    /**
     * Where the branch's terms train, validated together.
     *
     * @param gradient where the gradients of the branch's terms (coupling, entropy, balance) go (see {@link BranchGradient})
     * @param warmup epochs that fit the branch head alone to γ* (Adam at the pre-training rate) after the mixture
     *     initialisation (0 = none)
     * @param epochs under {@link BranchGradient#HEAD}: epochs that fit the branch head on the frozen, selected trunk after
     *     the main stage (the stage where η, the target entropy and the balance term act); 0 under
     *     {@link BranchGradient#TRUNK}, and under HEAD the head then trains jointly with the trunk (as models before it)
     * @param softness whether γ is softened after training to a label-free reliability estimate ({@link Softness})
     * @param calibration the factor τ on the temperature T that {@link Softness#AUTO} chose (1: none); γ = softmax(f/(T·τ))
     */
    public record Branch(BranchGradient gradient, int warmup, int epochs, Softness softness, double calibration) {
        /** Validates every field. */
        public Branch {
            require(softness != null, "softness must be given");
            require(calibration > 0 && Double.isFinite(calibration), "calibration must be > 0, got " + calibration);
            require(gradient != null, "branch gradient must be given");
            require(warmup >= 0, "branch warm-up epochs must be >= 0, got " + warmup);
            require(epochs >= 0, "branch epochs must be >= 0, got " + epochs);
            require(epochs == 0 || gradient == BranchGradient.HEAD,
                    "branch epochs apply to branch gradient 'head' only (under 'trunk' the branch trains jointly)");
            require(epochs == 0 || warmup == 0,
                    "with branch epochs the branch is fitted after the main stage: no branch warm-up (set it to 0)");
        }
    }

    /** Which epoch's weights training keeps. */
    public enum Selection {
        /** The epoch with the best validation NMI when the validation part has labels, else the best validation loss. */
        AUTO,
        /** The epoch with the lowest validation loss (never looks at labels). */
        LOSS,
        /** The last epoch. */
        LAST;

        /** Parses a CLI word (case-insensitive). */
        public static Selection parse(String s) { return CliWords.parseEnum(Selection.class, "selection", s); }
    }

    /** How the mixture prior is placed on the pre-trained codes μ_φ(x). */
    public enum MixtureInit {
        /** k-means (best of {@link Mixture#restarts()} restarts by inertia), then per-cluster means and variances. */
        KMEANS,
        /** A diagonal Gaussian mixture fitted by EM (best of {@link Mixture#restarts()} restarts by log-likelihood). */
        GMM,
        /**
         * UMAP (15 neighbours, 2-D, at most {@value MixtureStart#UMAP_INIT_POINTS} seeded-sampled codes), a GMM
         * there (best of {@link Mixture#restarts()} restarts by log-likelihood), then each component's mean and
         * variance from the codes of its members (the manifold clustering of N2D, McConville et al. 2020).
         */
        UMAP,
        /**
         * k-means on the (scaled) inputs themselves (best of {@link Mixture#restarts()} restarts by inertia), then
         * each cluster's mean and variance from the codes of its members: the start is the partition k-means finds in
         * the data, whatever the autoencoder's codes make of it.
         */
        INPUT;

        /** Parses a CLI word (case-insensitive). */
        public static MixtureInit parse(String s) { return CliWords.parseEnum(MixtureInit.class, "mixture init", s); }
    }

    /** The loss of autoencoder pre-training. */
    public enum PretrainLoss {
        /** The model's own reconstruction term −ln p(x|z) (Bernoulli or Gaussian as configured). */
        LIKELIHOOD,
        /** Squared error Σ_j (x_j − x̂_j)² on the decoder's data-space output (as DEC's autoencoder). */
        MSE,
        /**
         * Squared error plus the codes' squared distance to the inputs, Σ_j (x_j − x̂_j)² + Σ_j (x_j − μ_j)²: the codes
         * stay a copy of the (scaled) features instead of a warped one, so that a start and the mixture's diagonal
         * components in code space mean what they mean on the features. Needs as many latent dimensions as features.
         */
        ANCHORED;

        /** Parses a CLI word (case-insensitive). */
        public static PretrainLoss parse(String s) { return CliWords.parseEnum(PretrainLoss.class, "pre-training loss", s); }
    }

    /** Which training stages see randomly distorted copies of the images ({@link org.softcluster.data.ImageAugment}). */
    public enum Augment {
        /** None: every stage trains on the data as given. */
        NONE,
        /**
         * Autoencoder pre-training trains on a fresh distortion of each image in every epoch (rotation up to
         * 10°, shift up to 10 %, as DEC-DA), so the codes that initialise the mixture do not depend on a
         * digit's position or slant; the mixture initialisation and all later stages see the images as given.
         */
        PRETRAIN,
        /** Pre-training and the main stage train on distorted images; the initialisation, validation and branch stage do not. */
        ALL;

        /** Whether pre-training distorts its images. */
        public boolean pretrain() { return this != NONE; }

        /** Whether the main stage distorts its images. */
        public boolean main() { return this == ALL; }

        /** Parses a CLI word (case-insensitive). */
        public static Augment parse(String s) { return CliWords.parseEnum(Augment.class, "augmentation", s); }
    }

    /** Which parameters the branch's own terms (coupling, entropy, balance) train. */
    public enum BranchGradient {
        /** The branch head and the shared encoder trunk (the paper's architecture, gradients everywhere). */
        TRUNK,
        /**
         * Only the branch head f_φ. With {@link Branch#epochs()} &ge; 1, in a stage of its own: the main stage
         * trains encoder, decoder and mixture by reconstruction and KL alone (γ = γ* meanwhile, validation
         * loss without branch terms), then those epochs fit the head on the frozen, selected trunk
         * to γ* with η·(−H(γ)) (or the target entropy) and the balance term. The trunk is then exactly
         * independent of η, the target entropy and the balance weight, so runs that differ only in those
         * share it ({@code sweep}). With 0 branch epochs the head trains jointly on a stop-gradient copy
         * of the trunk (η can still reach the trunk through the global-norm clipping and the selection).
         */
        HEAD;

        /** Parses a CLI word (case-insensitive). */
        public static BranchGradient parse(String s) { return CliWords.parseEnum(BranchGradient.class, "branch gradient", s); }
    }

    /** The model variant. */
    public enum Method {
        /** The paper's method: a parallel soft-assignment branch with entropy control. */
        ERVADE,
        /** Original VaDE: γ = p(c|z) responsibilities, exact ELBO, η = 0. */
        VADE;

        /** Parses a CLI word (case-insensitive). */
        public static Method parse(String s) { return CliWords.parseEnum(Method.class, "method", s); }
    }

    /** How the assignment branch γ is tied to the mixture prior (METHOD.md §3.1). */
    public enum Coupling {
        /** The paper's loss verbatim: nothing ties γ to the clusters (ablation only). */
        LITERAL,
        /** Adds KL(γ ‖ stopgrad γ*) (or the forward direction) with weight 1. */
        DISTILL,
        /** Exact ELBO with amortised q(c|x) = γ: β·[Σ γ_k KL_k + KL(γ ‖ π)]. */
        ELBO;

        /** Parses a CLI word (case-insensitive). */
        public static Coupling parse(String s) { return CliWords.parseEnum(Coupling.class, "coupling", s); }
    }

    /** Direction of the distillation KL. */
    public enum DistillDirection {
        /** KL(γ ‖ γ*): mode seeking. */
        REVERSE,
        /** KL(γ* ‖ γ): mass covering. */
        FORWARD;

        /** Parses a CLI word (case-insensitive). */
        public static DistillDirection parse(String s) { return CliWords.parseEnum(DistillDirection.class, "distill direction", s); }
    }

    /** Decoder likelihood p(x|z). */
    public enum Likelihood {
        /** N(x; μ_θ(z), σ²), see {@link VarianceMode}. */
        GAUSSIAN,
        /** Bernoulli on [0,1] data (binary cross-entropy with logits). */
        BERNOULLI;

        /** Parses a CLI word (case-insensitive). */
        public static Likelihood parse(String s) { return CliWords.parseEnum(Likelihood.class, "likelihood", s); }
    }

    /** The Gaussian decoder variance. */
    public enum VarianceMode {
        /** σ² = 1 fixed (the paper's MSE-like choice). */
        FIXED,
        /** One learnable σ² for all features. */
        SCALAR,
        /** A learnable σ² per feature. */
        PER_FEATURE;

        /** Parses a CLI word (case-insensitive, '-' allowed for '_'). */
        public static VarianceMode parse(String s) { return CliWords.parseEnum(VarianceMode.class, "variance", s); }
    }

    /** Validates the concerns' presence and the rules that tie them together. */
    public VadeConfig {
        require(method != null, "method must be given");
        require(k >= 1, "k must be >= 1, got " + k);
        require(network != null && loss != null && training != null && pretraining != null && mixture != null && main != null
                && branch != null, "network, loss, training, pre-training, mixture, main and branch settings must be given");
        require(method != Method.VADE || loss.eta() == 0, "plain VaDE has no entropy term: eta must be 0");
        require(loss.targetEntropy() <= Math.log(k) + 1e-9, "target entropy " + loss.targetEntropy() + " exceeds ln K = " + Math.log(k));
        require(method != Method.VADE || loss.targetEntropy() == 0, "plain VaDE has no entropy term: no target entropy");
    }

    /**
     * Checks what the settings need of the data: {@link PretrainLoss#ANCHORED} pre-training needs as many latent
     * dimensions as features. Called before any training or output (the trainer checks again).
     *
     * @param features the feature count of the (encoded) training data
     */
    public void checkFeatures(int features) {
        require(pretraining.loss() != PretrainLoss.ANCHORED || pretraining.epochs() == 0 || network.latentDim() == features,
                "pre-training loss 'anchored' needs as many latent dimensions as features (latent " + network.latentDim() + ", features "
                        + features + ")");
    }

    /** A builder that starts from the paper's settings ({@link VadePresets#paper()}). */
    public static VadeConfigBuilder builder() { return VadePresets.paper().toBuilder(); }

    /** A builder that starts from these settings. */
    public VadeConfigBuilder toBuilder() { return new VadeConfigBuilder(this); }

    /** Reads the JSON form, grouped or flat (files written before the grouping); missing settings take the paper's values. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static VadeConfig fromJson(Map<String, Object> json) { return VadeConfigJson.read(json); }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
