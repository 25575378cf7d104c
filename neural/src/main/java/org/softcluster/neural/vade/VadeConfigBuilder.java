package org.softcluster.neural.vade;

import org.softcluster.neural.vade.VadeConfig.Augment;
import org.softcluster.neural.vade.VadeConfig.BranchGradient;
import org.softcluster.neural.vade.VadeConfig.Coupling;
import org.softcluster.neural.vade.VadeConfig.DistillDirection;
import org.softcluster.neural.vade.VadeConfig.Likelihood;
import org.softcluster.neural.vade.VadeConfig.Method;
import org.softcluster.neural.vade.VadeConfig.MixtureInit;
import org.softcluster.neural.vade.VadeConfig.PretrainLoss;
import org.softcluster.neural.vade.VadeConfig.Selection;
import org.softcluster.neural.vade.VadeConfig.VarianceMode;

import java.util.Objects;

/**
 * Changes a {@link VadeConfig} one setting at a time ({@link VadeConfig#builder()}, {@link VadeConfig#toBuilder()});
 * {@link #build()} validates the result; a setting not given keeps the start's value. Setters are named as the
 * settings' flat JSON keys (and mostly as the CLI options); null is refused at once.
 */
public final class VadeConfigBuilder {
    private final VadeConfig start;
    // the settings given so far; null: not given, the start's value
    private Method method;
    private Integer k;
    private Long seed;
    private Integer latentDim;
    private int[] encoderDims;
    private Double temperature;
    private Likelihood likelihood;
    private VarianceMode variance;
    private Double beta;
    private Double eta;
    private Coupling coupling;
    private DistillDirection distillDirection;
    private Double targetEntropy;
    private Double etaLr;
    private Double balance;
    private Integer batchSize;
    private Double clipNorm;
    private Double validationFraction;
    private Augment augment;
    private Integer pretrainEpochs;
    private Double pretrainLr;
    private PretrainLoss pretrainLoss;
    private Integer pretrainPatience;
    private Double decoderVarianceFloor;
    private MixtureInit init;
    private Double laplaceAlpha;
    private Double varianceFloor;
    private Integer kmeansInit;
    private Integer initMaps;
    private Integer attempts;
    private Integer epochs;
    private Double lr;
    private Double lrDecay;
    private Integer patience;
    private Selection selection;
    private BranchGradient branchGradient;
    private Integer branchWarmup;
    private Integer branchEpochs;
    private Softness softness;
    private Double calibration;

    VadeConfigBuilder(VadeConfig start) {
        this.start = start;
    }

    /** The validated configuration: the settings given, the start's values for the others. */
    public VadeConfig build() {
        VadeConfig.Network n = start.network();
        VadeConfig.Loss l = start.loss();
        VadeConfig.Training t = start.training();
        VadeConfig.Pretraining p = start.pretraining();
        VadeConfig.Mixture m = start.mixture();
        VadeConfig.Main s = start.main();
        VadeConfig.Branch b = start.branch();
        return new VadeConfig(or(method, start.method()), or(k, start.k()), or(seed, start.seed()),
                new VadeConfig.Network(or(latentDim, n.latentDim()), or(encoderDims, n.encoderDims()), or(temperature, n.temperature()),
                        or(likelihood, n.likelihood()), or(variance, n.variance()),
                        or(decoderVarianceFloor, n.varianceFloor())),
                new VadeConfig.Loss(or(beta, l.beta()), or(eta, l.eta()), or(coupling, l.coupling()), or(distillDirection, l.distillDirection()),
                        or(targetEntropy, l.targetEntropy()), or(etaLr, l.etaLr()), or(balance, l.balance())),
                new VadeConfig.Training(or(batchSize, t.batchSize()), or(clipNorm, t.clipNorm()),
                        or(validationFraction, t.validationFraction()), or(augment, t.augment())),
                new VadeConfig.Pretraining(or(pretrainEpochs, p.epochs()), or(pretrainLr, p.lr()), or(pretrainLoss, p.loss()),
                        or(pretrainPatience, p.patience())),
                new VadeConfig.Mixture(or(init, m.init()), or(laplaceAlpha, m.laplaceAlpha()), or(varianceFloor, m.varianceFloor()),
                        or(kmeansInit, m.restarts()), or(initMaps, m.maps()), or(attempts, m.attempts())),
                new VadeConfig.Main(or(epochs, s.epochs()), or(lr, s.lr()), or(lrDecay, s.lrDecay()), or(patience, s.patience()),
                        or(selection, s.selection())),
                new VadeConfig.Branch(or(branchGradient, b.gradient()), or(branchWarmup, b.warmup()), or(branchEpochs, b.epochs()),
                        or(softness, b.softness()), or(calibration, b.calibration())));
    }

    private static <T> T or(T given, T start) {
        return given != null ? given : start;
    }

    /** The model; plain VaDE has no entropy term, so {@link Method#VADE} also sets η to 0. */
    public VadeConfigBuilder method(Method v) {
        method = Objects.requireNonNull(v, "method");
        if (v == Method.VADE) eta = 0.0;
        return this;
    }

    /** The number of clusters K. */
    public VadeConfigBuilder k(int v) { k = v; return this; }

    /** The one seed. */
    public VadeConfigBuilder seed(long v) { seed = v; return this; }

    /** The latent dimension d. */
    public VadeConfigBuilder latentDim(int v) { latentDim = v; return this; }

    /** The encoder's hidden widths (copied). */
    public VadeConfigBuilder encoderDims(int... v) { encoderDims = v.clone(); return this; }

    /** Whether γ is softened after training to a label-free reliability estimate (see {@link Softness}). */
    public VadeConfigBuilder softness(Softness v) { softness = Objects.requireNonNull(v, "softness"); return this; }

    /** The factor τ on the branch's temperature (see {@link VadeConfig.Branch#calibration()}). */
    public VadeConfigBuilder calibration(double v) { calibration = v; return this; }

    /** The branch's softmax temperature T. */
    public VadeConfigBuilder temperature(double v) { temperature = v; return this; }

    /** The decoder likelihood. */
    public VadeConfigBuilder likelihood(Likelihood v) { likelihood = Objects.requireNonNull(v, "likelihood"); return this; }

    /** The Gaussian decoder's variance. */
    public VadeConfigBuilder variance(VarianceMode v) { variance = Objects.requireNonNull(v, "variance"); return this; }

    /** The KL weight β. */
    public VadeConfigBuilder beta(double v) { beta = v; return this; }

    /** The entropy weight η (the start of the dual ascent in target-entropy mode). */
    public VadeConfigBuilder eta(double v) { eta = v; return this; }

    /** How γ is tied to the mixture. */
    public VadeConfigBuilder coupling(Coupling v) { coupling = Objects.requireNonNull(v, "coupling"); return this; }

    /** The direction of the distillation KL. */
    public VadeConfigBuilder distillDirection(DistillDirection v) { distillDirection = Objects.requireNonNull(v, "distillDirection"); return this; }

    /** The target entropy in nats (0 = off). */
    public VadeConfigBuilder targetEntropy(double v) { targetEntropy = v; return this; }

    /** The dual-ascent step on ln η per batch. */
    public VadeConfigBuilder etaLr(double v) { etaLr = v; return this; }

    /** The cluster-balance weight λ (0 = off). */
    public VadeConfigBuilder balance(double v) { balance = v; return this; }

    /** The mini-batch size of every stage. */
    public VadeConfigBuilder batchSize(int v) { batchSize = v; return this; }

    /** The global gradient-norm bound of every stage (0 = off). */
    public VadeConfigBuilder clipNorm(double v) { clipNorm = v; return this; }

    /** The validation part of the training data. */
    public VadeConfigBuilder validationFraction(double v) { validationFraction = v; return this; }

    /** Which stages train on distorted images. */
    public VadeConfigBuilder augment(Augment v) { augment = Objects.requireNonNull(v, "augment"); return this; }

    /** The pre-training epochs. */
    public VadeConfigBuilder pretrainEpochs(int v) { pretrainEpochs = v; return this; }

    /** The pre-training learning rate. */
    public VadeConfigBuilder pretrainLr(double v) { pretrainLr = v; return this; }

    /** The pre-training loss. */
    public VadeConfigBuilder pretrainLoss(PretrainLoss v) { pretrainLoss = Objects.requireNonNull(v, "pretrainLoss"); return this; }

    /** The floor of a learned decoder variance (0 = none; see {@link VadeConfig.Network#varianceFloor()}). */
    public VadeConfigBuilder decoderVarianceFloor(double v) { decoderVarianceFloor = v; return this; }

    /** Pre-training's early stopping on the validation rows: epochs without a better one (0 = none; see {@link VadeConfig.Pretraining}). */
    public VadeConfigBuilder pretrainPatience(int v) { pretrainPatience = v; return this; }

    /** How the mixture prior is initialised. */
    public VadeConfigBuilder init(MixtureInit v) { init = Objects.requireNonNull(v, "init"); return this; }

    /** The Laplace smoothing α of the initial mixture weights. */
    public VadeConfigBuilder laplaceAlpha(double v) { laplaceAlpha = v; return this; }

    /** The floor added to the initial within-cluster variances. */
    public VadeConfigBuilder varianceFloor(double v) { varianceFloor = v; return this; }

    /** The k-means (or GMM) restarts of the mixture initialisation. */
    public VadeConfigBuilder kmeansInit(int v) { kmeansInit = v; return this; }

    /** The UMAP maps of the mixture initialisation. */
    public VadeConfigBuilder initMaps(int v) { initMaps = v; return this; }

    /** How many mixture starts a collapse may use in all (1: no re-initialisation). */
    public VadeConfigBuilder attempts(int v) { attempts = v; return this; }

    /** The main stage's maximum epochs. */
    public VadeConfigBuilder epochs(int v) { epochs = v; return this; }

    /** The main stage's learning rate. */
    public VadeConfigBuilder lr(double v) { lr = v; return this; }

    /** The main stage's learning-rate decay per epoch. */
    public VadeConfigBuilder lrDecay(double v) { lrDecay = v; return this; }

    /** The early-stopping patience (0 = off). */
    public VadeConfigBuilder patience(int v) { patience = v; return this; }

    /** Which epoch's weights are kept. */
    public VadeConfigBuilder selection(Selection v) { selection = Objects.requireNonNull(v, "selection"); return this; }

    /** Where the branch's terms train. */
    public VadeConfigBuilder branchGradient(BranchGradient v) { branchGradient = Objects.requireNonNull(v, "branchGradient"); return this; }

    /** The branch warm-up epochs before joint training. */
    public VadeConfigBuilder branchWarmup(int v) { branchWarmup = v; return this; }

    /** The branch epochs on the frozen trunk (branch gradient HEAD). */
    public VadeConfigBuilder branchEpochs(int v) { branchEpochs = v; return this; }
}
