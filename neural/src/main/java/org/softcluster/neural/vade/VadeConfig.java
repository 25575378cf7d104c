package org.softcluster.neural.vade;

import java.util.Arrays;
import java.util.Locale;

/**
 * Hyper-parameters of the entropy-regularised VaDE (the method) and of plain VaDE, validated
 * on construction; {@link #paper()} holds exactly the paper's settings.
 *
 * @param method which model: the method (parallel branch γ) or plain VaDE (γ = γ*)
 * @param k number of clusters K
 * @param latentDim latent dimension d
 * @param encoderDims hidden widths of the encoder trunk (the decoder mirrors them)
 * @param temperature softmax temperature T of the assignment branch (17)
 * @param beta weight β of the KL-to-mixture term
 * @param eta weight η of the negative-entropy term (11); 0 gives "plain" hard behaviour
 * @param coupling how the branch γ is tied to the mixture (METHOD.md §3.1)
 * @param distillDirection direction of the distillation KL under {@link Coupling#DISTILL}
 * @param likelihood decoder likelihood
 * @param variance decoder variance for the Gaussian likelihood
 * @param epochs maximum epochs of the main stage
 * @param pretrainEpochs autoencoder pre-training epochs
 * @param batchSize mini-batch size
 * @param lr Adam learning rate of the main stage
 * @param pretrainLr Adam learning rate of pre-training
 * @param clipNorm global L2 gradient-norm bound (16); 0 disables clipping
 * @param patience early-stopping patience in epochs; 0 disables early stopping
 * @param validationFraction fraction of the training data held out for validation
 * @param laplaceAlpha Laplace smoothing α of the mixture weights at initialisation (13)
 * @param varianceFloor constant added to the within-cluster variances at initialisation
 * @param kmeansInit k-means restarts for the mixture initialisation
 * @param seed the one seed that controls everything
 * @param targetEntropy target-entropy mode: when &gt; 0, η is adapted during training (dual ascent on
 *     ln η, starting from {@code eta}) so that the mean H(γ) settles at this many nats; 0 = off
 * @param etaLr step size of the dual ascent on ln η, per batch
 * @param balance weight λ of a marginal-entropy (cluster-balance) term −λ·H(mean γ) per batch; 0 = off
 * @param lrDecay factor applied to the main-stage learning rate after every epoch (1 = constant)
 * @param selection which epoch's weights the model keeps (see {@link Selection})
 * @param init how the mixture prior is initialised on the pre-trained codes (see {@link MixtureInit})
 * @param pretrainLoss the autoencoder pre-training loss (see {@link PretrainLoss})
 * @param branchWarmup epochs that fit the branch head alone to γ* (Adam at the pre-training rate) after the mixture initialisation (0 = none)
 * @param branchGradient where the gradients of the branch's terms (coupling, entropy, balance) go (see {@link BranchGradient})
 * @param branchEpochs under {@link BranchGradient#HEAD}: epochs that fit the branch head on the frozen, selected
 *     trunk after the main stage (the stage where η, the target entropy and the balance term act); 0 under
 *     {@link BranchGradient#TRUNK}, and under HEAD the head then trains jointly with the trunk (as models before it)
 * @param augment which stages train on randomly distorted images (see {@link Augment}); image data only
 * @param initMaps under {@link MixtureInit#UMAP}: how many UMAP maps (each with a GMM) are made of the codes; the
 *     mixture starts from the partition that agrees best with the others (highest mean NMI to them)
 */
public record VadeConfig(
        Method method, int k, int latentDim, int[] encoderDims, double temperature, double beta, double eta,
        Coupling coupling, DistillDirection distillDirection, Likelihood likelihood, VarianceMode variance,
        int epochs, int pretrainEpochs, int batchSize, double lr, double pretrainLr, double clipNorm,
        int patience, double validationFraction, double laplaceAlpha, double varianceFloor, int kmeansInit,
        long seed, double targetEntropy, double etaLr, double balance, double lrDecay, Selection selection, MixtureInit init, BranchGradient branchGradient, int branchWarmup, PretrainLoss pretrainLoss,
        int branchEpochs, Augment augment, int initMaps) {

    /** Which epoch's weights training keeps. */
    public enum Selection {
        /** The epoch with the best validation NMI when the validation part has labels, else the best validation loss. */
        AUTO,
        /** The epoch with the lowest validation loss (never looks at labels). */
        LOSS,
        /** The last epoch. */
        LAST;

        /** Parses a CLI word (case-insensitive). */
        public static Selection parse(String s) { return parseEnum(Selection.class, "selection", s); }
    }

    /** How the mixture prior is placed on the pre-trained codes μ_φ(x). */
    public enum MixtureInit {
        /** k-means (best of {@code kmeansInit} restarts by inertia), then per-cluster means and variances. */
        KMEANS,
        /** A diagonal Gaussian mixture fitted by EM (best of {@code kmeansInit} restarts by log-likelihood). */
        GMM,
        /**
         * UMAP (15 neighbours, 2-D, at most {@value MixtureStart#UMAP_INIT_POINTS} seeded-sampled codes), a GMM
         * there (best of {@code kmeansInit} restarts by log-likelihood), then each component's mean and
         * variance from the codes of its members (the manifold clustering of N2D, McConville et al. 2020).
         */
        UMAP;

        /** Parses a CLI word (case-insensitive). */
        public static MixtureInit parse(String s) { return parseEnum(MixtureInit.class, "mixture init", s); }
    }

    /** The loss of autoencoder pre-training. */
    public enum PretrainLoss {
        /** The model's own reconstruction term −ln p(x|z) (Bernoulli or Gaussian as configured). */
        LIKELIHOOD,
        /** Squared error Σ_j (x_j − x̂_j)² on the decoder's data-space output (as DEC's autoencoder). */
        MSE;

        /** Parses a CLI word (case-insensitive). */
        public static PretrainLoss parse(String s) { return parseEnum(PretrainLoss.class, "pre-training loss", s); }
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
        public static Augment parse(String s) { return parseEnum(Augment.class, "augmentation", s); }
    }

    /** Which parameters the branch's own terms (coupling, entropy, balance) train. */
    public enum BranchGradient {
        /** The branch head and the shared encoder trunk (the paper's architecture, gradients everywhere). */
        TRUNK,
        /**
         * Only the branch head f_φ. With {@code branchEpochs} &ge; 1, in a stage of its own: the main stage
         * trains encoder, decoder and mixture by reconstruction and KL alone (γ = γ* meanwhile, validation
         * loss without branch terms), then {@code branchEpochs} fit the head on the frozen, selected trunk
         * to γ* with η·(−H(γ)) (or the target entropy) and the balance term. The trunk is then exactly
         * independent of η, the target entropy and the balance weight, so runs that differ only in those
         * share it ({@code sweep}). With 0 branch epochs the head trains jointly on a stop-gradient copy
         * of the trunk (η can still reach the trunk through the global-norm clipping and the selection).
         */
        HEAD;

        /** Parses a CLI word (case-insensitive). */
        public static BranchGradient parse(String s) { return parseEnum(BranchGradient.class, "branch gradient", s); }
    }

    /** The model variant. */
    public enum Method {
        /** The paper's method: a parallel soft-assignment branch with entropy control. */
        ERVADE,
        /** Original VaDE: γ = p(c|z) responsibilities, exact ELBO, η = 0. */
        VADE;

        /** Parses a CLI word (case-insensitive). */
        public static Method parse(String s) { return parseEnum(Method.class, "method", s); }
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
        public static Coupling parse(String s) { return parseEnum(Coupling.class, "coupling", s); }
    }

    /** Direction of the distillation KL. */
    public enum DistillDirection {
        /** KL(γ ‖ γ*): mode seeking. */
        REVERSE,
        /** KL(γ* ‖ γ): mass covering. */
        FORWARD;

        /** Parses a CLI word (case-insensitive). */
        public static DistillDirection parse(String s) { return parseEnum(DistillDirection.class, "distill direction", s); }
    }

    /** Decoder likelihood p(x|z). */
    public enum Likelihood {
        /** N(x; μ_θ(z), σ²), see {@link VarianceMode}. */
        GAUSSIAN,
        /** Bernoulli on [0,1] data (binary cross-entropy with logits). */
        BERNOULLI;

        /** Parses a CLI word (case-insensitive). */
        public static Likelihood parse(String s) { return parseEnum(Likelihood.class, "likelihood", s); }
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
        public static VarianceMode parse(String s) { return parseEnum(VarianceMode.class, "variance", s); }
    }

    /** Validates every field. */
    public VadeConfig {
        require(method != null, "method must be given");
        require(k >= 1, "k must be >= 1, got " + k);
        require(latentDim >= 1, "latent dimension must be >= 1, got " + latentDim);
        require(encoderDims != null && encoderDims.length >= 1, "encoder needs at least one hidden layer");
        for (int w : encoderDims) require(w >= 1, "hidden widths must be >= 1, got " + Arrays.toString(encoderDims));
        encoderDims = encoderDims.clone();
        require(temperature > 0 && Double.isFinite(temperature), "temperature T must be > 0, got " + temperature);
        require(beta >= 0 && Double.isFinite(beta), "beta must be >= 0, got " + beta);
        require(eta >= 0 && Double.isFinite(eta), "eta must be >= 0, got " + eta);
        require(coupling != null && distillDirection != null && likelihood != null && variance != null,
                "coupling, distill direction, likelihood and variance must be given");
        require(epochs >= 0, "epochs must be >= 0, got " + epochs);
        require(pretrainEpochs >= 0, "pre-training epochs must be >= 0, got " + pretrainEpochs);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
        require(pretrainLr > 0 && Double.isFinite(pretrainLr), "pre-training learning rate must be > 0, got " + pretrainLr);
        require(clipNorm >= 0, "clip norm must be >= 0, got " + clipNorm);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0,1), got " + validationFraction);
        require(laplaceAlpha >= 0, "Laplace alpha must be >= 0, got " + laplaceAlpha);
        require(varianceFloor > 0, "variance floor must be > 0, got " + varianceFloor);
        require(kmeansInit >= 1, "k-means restarts must be >= 1, got " + kmeansInit);
        require(method != Method.VADE || eta == 0, "plain VaDE has no entropy term: eta must be 0");
        require(targetEntropy >= 0 && Double.isFinite(targetEntropy), "target entropy must be > 0 nats (or 0 for off), got " + targetEntropy);
        require(targetEntropy <= Math.log(k) + 1e-9, "target entropy " + targetEntropy + " exceeds ln K = " + Math.log(k));
        require(method != Method.VADE || targetEntropy == 0, "plain VaDE has no entropy term: no target entropy");
        require(etaLr > 0 && Double.isFinite(etaLr), "eta learning rate must be > 0, got " + etaLr);
        require(balance >= 0 && Double.isFinite(balance), "balance weight must be >= 0, got " + balance);
        require(lrDecay > 0 && lrDecay <= 1, "learning-rate decay must be in (0,1], got " + lrDecay);
        require(pretrainLoss != null, "pre-training loss must be given");
        require(branchWarmup >= 0, "branch warm-up epochs must be >= 0, got " + branchWarmup);
        require(selection != null && init != null && branchGradient != null, "selection, mixture init and branch gradient must be given");
        require(augment != null, "augmentation must be given");
        require(initMaps >= 1, "init maps must be >= 1, got " + initMaps);
        require(branchEpochs >= 0, "branch epochs must be >= 0, got " + branchEpochs);
        require(branchEpochs == 0 || branchGradient == BranchGradient.HEAD,
                "branch epochs apply to branch gradient 'head' only (under 'trunk' the branch trains jointly)");
        require(branchEpochs == 0 || branchWarmup == 0,
                "with branch epochs the branch is fitted after the main stage: no branch warm-up (set it to 0)");
    }

    /** Parses an enum constant from a CLI word (case-insensitive, '-' for '_'), with a clear error. */
    static <E extends Enum<E>> E parseEnum(Class<E> type, String what, String s) {
        String key = s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) return e;
        }
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (known.length() > 0) known.append(", ");
            known.append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw new IllegalArgumentException("unknown " + what + " '" + s + "' (known: " + known + ")");
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /**
     * The paper's preset: Gaussian σ² = 1, β 20, T 0.3, d 10, K 10, 3 + 15 epochs, lr 1e-4
     * (pre-training 1e-3), batch 256, clip 5, patience 5, η 0.05.
     */
    public static VadeConfig paper() {
        return new VadeConfig(Method.ERVADE, 10, 10, new int[] {500, 500, 2000}, 0.3, 20.0, 0.05,
                Coupling.DISTILL, DistillDirection.REVERSE, Likelihood.GAUSSIAN, VarianceMode.FIXED,
                15, 3, 256, 1e-4, 1e-3, 5.0, 5, 0.1, 1.0, 1e-3, 10, 0L, 0.0, 0.01, 0.0, 1.0, Selection.AUTO, MixtureInit.KMEANS, BranchGradient.TRUNK, 0, PretrainLoss.LIKELIHOOD, 0, Augment.NONE, 1);
    }

    /**
     * The {@code strong} preset, chosen by measurement (docs/benchmarks.md, "strong preset"):
     * Bernoulli likelihood on [0,1] pixels, β 1 (the exact ELBO weight), T 0.3, η 0.05;
     * {@value #STRONG_PRETRAIN} epochs of squared-error autoencoder pre-training at lr 1e-3 (as DEC's) on
     * randomly rotated and shifted copies of the images ({@link Augment#PRETRAIN}; drop it for tables);
     * the mixture initialised from a GMM on a UMAP map of the codes (best of 10 restarts by
     * log-likelihood), the partition that {@value #STRONG_INIT_MAPS} maps agree on most; then {@value #STRONG_EPOCHS} main-stage epochs at lr 2e-3 decayed by 0.95 per epoch
     * that train encoder, decoder and mixture by reconstruction and KL alone (the encoder learns as in
     * VaDE), keeping the epoch with the lowest validation loss (no early stopping); then
     * {@value #STRONG_BRANCH_EPOCHS} branch epochs that fit the head f_φ on the frozen trunk to γ* with
     * η·(−H(γ)) (branch gradient HEAD), so γ reads the mixture out and η (or a target entropy) sets its
     * softness alone. Nothing is selected with labels.
     */
    public static VadeConfig strong() {
        return new VadeConfig(Method.ERVADE, 10, 10, new int[] {500, 500, 2000}, 0.3, 1.0, 0.05,
                Coupling.DISTILL, DistillDirection.REVERSE, Likelihood.BERNOULLI, VarianceMode.FIXED,
                STRONG_EPOCHS, STRONG_PRETRAIN, 256, 2e-3, 1e-3, 5.0, 0, 0.1, 1.0, 1e-3, 10, 0L, 0.0, 0.01, 0.0,
                0.95, Selection.LOSS, MixtureInit.UMAP, BranchGradient.HEAD, 0, PretrainLoss.MSE, STRONG_BRANCH_EPOCHS, Augment.PRETRAIN, STRONG_INIT_MAPS);
    }

    /** Main-stage epochs of {@link #strong()}. */
    public static final int STRONG_EPOCHS = 40;
    /** Pre-training epochs of {@link #strong()}. */
    public static final int STRONG_PRETRAIN = 50;
    /** UMAP maps of the mixture initialisation of {@link #strong()}. */
    public static final int STRONG_INIT_MAPS = 7;
    /** Branch epochs on the frozen trunk of {@link #strong()}. */
    public static final int STRONG_BRANCH_EPOCHS = 20;

    /** Returns the named preset ("paper" or "strong"). */
    public static VadeConfig preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "paper" -> paper();
            case "strong" -> strong();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: paper, strong)");
        };
    }

    /** Copy with another method. */
    public VadeConfig withMethod(Method v) { return new VadeConfig(v, k, latentDim, encoderDims, temperature, beta, v == Method.VADE ? 0 : eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another K. */
    public VadeConfig withK(int v) { return new VadeConfig(method, v, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another latent dimension. */
    public VadeConfig withLatentDim(int v) { return new VadeConfig(method, k, v, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with other encoder widths. */
    public VadeConfig withEncoderDims(int[] v) { return new VadeConfig(method, k, latentDim, v, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another temperature. */
    public VadeConfig withTemperature(double v) { return new VadeConfig(method, k, latentDim, encoderDims, v, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another β. */
    public VadeConfig withBeta(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, v, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another η. */
    public VadeConfig withEta(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, v, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another coupling. */
    public VadeConfig withCoupling(Coupling v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, v, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another distillation direction. */
    public VadeConfig withDistillDirection(DistillDirection v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, v, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another likelihood. */
    public VadeConfig withLikelihood(Likelihood v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, v, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another decoder variance mode. */
    public VadeConfig withVariance(VarianceMode v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, v, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another epoch budget. */
    public VadeConfig withEpochs(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, v, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another pre-training budget. */
    public VadeConfig withPretrainEpochs(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, v, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another batch size. */
    public VadeConfig withBatchSize(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, v, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another learning rate. */
    public VadeConfig withLr(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, v, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another pre-training learning rate. */
    public VadeConfig withPretrainLr(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, v, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another clipping bound. */
    public VadeConfig withClipNorm(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, v, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another patience. */
    public VadeConfig withPatience(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, v, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another validation fraction. */
    public VadeConfig withValidationFraction(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, v, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another number of k-means restarts. */
    public VadeConfig withKmeansInit(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, v, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another seed. */
    public VadeConfig withSeed(long v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, v, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }

    /** Copy with a target entropy in nats (0 = off). */
    public VadeConfig withTargetEntropy(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, v, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another dual-ascent step for ln η. */
    public VadeConfig withEtaLr(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, v, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another cluster-balance weight. */
    public VadeConfig withBalance(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, v, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }

    /** Copy with another per-epoch learning-rate decay. */
    public VadeConfig withLrDecay(double v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, v, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another epoch-selection rule. */
    public VadeConfig withSelection(Selection v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, v, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }
    /** Copy with another mixture initialisation. */
    public VadeConfig withInit(MixtureInit v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, v, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }

    /** Copy with another branch-gradient routing. */
    public VadeConfig withBranchGradient(BranchGradient v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, v, branchWarmup, pretrainLoss, branchEpochs, augment, initMaps); }

    /** Copy with another number of branch warm-up epochs. */
    public VadeConfig withBranchWarmup(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, v, pretrainLoss, branchEpochs, augment, initMaps); }

    /** Copy with another pre-training loss. */
    public VadeConfig withPretrainLoss(PretrainLoss v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, v, branchEpochs, augment, initMaps); }

    /** Copy with another number of branch epochs on the frozen trunk (branch gradient HEAD). */
    public VadeConfig withBranchEpochs(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, v, augment, initMaps); }

    /** Copy with another branch routing, warm-up and branch-stage epochs at once (they are validated together). */
    public VadeConfig withBranch(BranchGradient gradient, int warmup, int branchStageEpochs) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, gradient, warmup, pretrainLoss, branchStageEpochs, augment, initMaps); }

    /** Copy with another augmentation setting. */
    public VadeConfig withAugment(Augment v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, v, initMaps); }

    /** Copy with another number of UMAP maps for the mixture initialisation. */
    public VadeConfig withInitMaps(int v) { return new VadeConfig(method, k, latentDim, encoderDims, temperature, beta, eta, coupling, distillDirection, likelihood, variance, epochs, pretrainEpochs, batchSize, lr, pretrainLr, clipNorm, patience, validationFraction, laplaceAlpha, varianceFloor, kmeansInit, seed, targetEntropy, etaLr, balance, lrDecay, selection, init, branchGradient, branchWarmup, pretrainLoss, branchEpochs, augment, v); }

    /** The encoder widths (a copy). */
    @Override
    public int[] encoderDims() { return encoderDims.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof VadeConfig c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() { return toString().hashCode(); }

    @Override
    public String toString() {
        return "VadeConfig[method=" + method + ", k=" + k + ", latentDim=" + latentDim + ", encoderDims="
                + Arrays.toString(encoderDims) + ", temperature=" + temperature + ", beta=" + beta + ", eta=" + eta
                + ", coupling=" + coupling + ", distillDirection=" + distillDirection + ", likelihood=" + likelihood
                + ", variance=" + variance + ", epochs=" + epochs + ", pretrainEpochs=" + pretrainEpochs
                + ", batchSize=" + batchSize + ", lr=" + lr + ", pretrainLr=" + pretrainLr + ", clipNorm=" + clipNorm
                + ", patience=" + patience + ", validationFraction=" + validationFraction + ", laplaceAlpha="
                + laplaceAlpha + ", varianceFloor=" + varianceFloor + ", kmeansInit=" + kmeansInit + ", seed=" + seed
                + ", targetEntropy=" + targetEntropy + ", etaLr=" + etaLr + ", balance=" + balance + ", lrDecay=" + lrDecay + ", selection=" + selection + ", init=" + init + ", branchGradient=" + branchGradient + ", branchWarmup=" + branchWarmup + ", pretrainLoss=" + pretrainLoss + ", branchEpochs=" + branchEpochs + ", augment=" + augment + ", initMaps=" + initMaps + "]";
    }
}
