package org.softcluster.cli;

import org.softcluster.data.Dataset;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.vade.AutoPreset;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeConfigBuilder;
import org.softcluster.neural.vade.Softness;
import org.softcluster.neural.vade.VadePresets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** Hyper-parameter options of the neural method; unset options keep the preset's value. */
public final class ModelOptions {
    @Option(names = "--preset", defaultValue = "auto", paramLabel = "auto|paper|strong|quick",
            description = {"Hyper-parameter preset; model options that are not given keep its values. auto derives every setting "
                    + "from the data's shape (objects, features, image or table, value range, K; docs/method.md) and prints its choices;",
                    "paper is the paper's, strong the best measured on MNIST, quick strong's recipe cut to a few minutes (images)."})
    String preset;
    @Option(names = "--method", paramLabel = "ervade|vade|dec", description = "ervade (the method, default), vade (original VaDE) or dec (DEC).")
    String method;
    @Option(names = "--update-interval", paramLabel = "N", description = "DEC: batches between target-distribution updates.")
    Integer updateInterval;
    @Option(names = "--tol", paramLabel = "F", description = "DEC: stop when fewer than this fraction of assignments change.")
    Double tol;
    @Option(names = "--alpha", paramLabel = "α", description = "DEC: Student-t degrees of freedom.")
    Double alpha;
    @Option(names = "--eta", paramLabel = "η", description = "Entropy weight η >= 0.")
    Double eta;
    @Option(names = "--beta", paramLabel = "β", description = "KL weight β >= 0.")
    Double beta;
    @Option(names = "--temperature", paramLabel = "T", description = "Softmax temperature T > 0 of the assignment branch.")
    Double temperature;
    @Option(names = "--k", paramLabel = "K", description = "Number of clusters.")
    Integer k;
    @Option(names = "--latent", paramLabel = "d", description = "Latent dimension.")
    Integer latent;
    @Option(names = "--hidden", split = ",", paramLabel = "W", description = "Encoder hidden widths, e.g. 500,500,2000.")
    int[] hidden;
    @Option(names = "--epochs", paramLabel = "N", description = "Maximum training epochs.")
    Integer epochs;
    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Autoencoder pre-training epochs.")
    Integer pretrainEpochs;
    @Option(names = "--batch-size", paramLabel = "B", description = "Mini-batch size.")
    Integer batchSize;
    @Option(names = "--lr", paramLabel = "LR", description = "Learning rate of the main stage.")
    Double lr;
    @Option(names = "--pretrain-lr", paramLabel = "LR", description = "Learning rate of pre-training.")
    Double pretrainLr;
    @Option(names = "--clip", paramLabel = "C", description = "Global gradient-norm bound (0: off).")
    Double clip;
    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience in epochs (0: off).")
    Integer patience;
    @Option(names = "--validation-fraction", paramLabel = "F", description = "Validation part of the training data.")
    Double validationFraction;
    @Option(names = "--coupling", paramLabel = "literal|distill|elbo", description = "How γ is tied to the mixture (METHOD.md §3.1).")
    String coupling;
    @Option(names = "--distill-direction", paramLabel = "reverse|forward", description = "KL(γ‖γ*) (reverse) or KL(γ*‖γ) (forward).")
    String distillDirection;
    @Option(names = "--likelihood", paramLabel = "gaussian|bernoulli", description = "Decoder likelihood.")
    String likelihood;
    @Option(names = "--variance", paramLabel = "fixed|scalar|per-feature", description = "Gaussian decoder variance.")
    String variance;
    @Option(names = "--kmeans-init", paramLabel = "N", description = "k-means restarts for the mixture initialisation.")
    Integer kmeansInit;
    @Option(names = "--seed", paramLabel = "S", description = "The one seed (default: the preset's, 0).")
    Long seed;
    @Option(names = "--target-entropy", paramLabel = "H",
            description = "Adapt eta during training (dual ascent on ln eta, from --eta) so the mean H(gamma) settles at H nats; 0 < H <= ln K.")
    Double targetEntropy;
    @Option(names = "--eta-lr", paramLabel = "R", description = "Step of the dual ascent on ln eta per batch (default 0.01).")
    Double etaLr;
    @Option(names = "--balance", paramLabel = "λ", description = "Weight of a cluster-balance term -H(mean gamma) per batch (default 0: off).")
    Double balance;
    @Option(names = "--lr-decay", paramLabel = "F", description = "Multiply the main-stage learning rate by F after every epoch (1: constant).")
    Double lrDecay;
    @Option(names = "--selection", paramLabel = "auto|loss|last",
            description = "Which epoch's weights to keep: auto (validation NMI if labelled, else loss), loss (never uses labels) or last.")
    String selection;
    @Option(names = "--init", paramLabel = "kmeans|gmm|umap|input",
            description = "Mixture initialisation on the pre-trained codes: k-means, a GMM, a GMM on UMAP maps (see --init-maps), or k-means on the inputs (its clusters' moments taken in code space).")
    String init;
    @Option(names = "--branch-gradient", paramLabel = "trunk|head",
            description = "What the branch's terms train: trunk (head and encoder, the paper) or head (the branch only).")
    String branchGradient;
    @Option(names = "--branch-warmup", paramLabel = "N", description = "Epochs that fit the branch alone to the mixture's responsibilities before joint training.")
    Integer branchWarmup;
    @Option(names = "--pretrain-loss", paramLabel = "likelihood|mse|anchored",
            description = "Autoencoder pre-training loss: the model's likelihood, squared error, or squared error plus the codes' squared distance to the features (needs --latent equal to the feature count).")
    String pretrainLoss;
    @Option(names = "--branch-epochs", paramLabel = "N",
            description = "Under --branch-gradient head: epochs that fit the branch on the frozen trunk after the main stage (default "
                    + VadePresets.STRONG_BRANCH_EPOCHS + ").")
    Integer branchEpochs;
    @Option(names = "--augment", paramLabel = "none|pretrain|all",
            description = "Train on randomly rotated (up to 10 degrees) and shifted (up to 10 %%) copies of the images: in pre-training, "
                    + "in pre-training and the main stage, or never. Image data only; a preset's setting is dropped for tables.")
    String augment;
    @Option(names = "--init-maps", paramLabel = "M",
            description = "Under --init umap: make M UMAP maps of the codes (a GMM on each) and start from the partition "
                    + "with the highest mean NMI to the others (no labels used).")
    Integer initMaps;
    @Option(names = "--pretrain-patience", paramLabel = "N",
            description = "Pre-training keeps its best epoch on the validation rows and stops after N epochs without a better one;"
                    + " a learned decoder variance then starts at the validation error (0: every epoch, the last kept).")
    Integer pretrainPatience;
    @Option(names = "--softness", paramLabel = "fixed|auto",
            description = {"After training: keep γ as trained (fixed; the paper and strong presets), or soften it (never sharpen; clusters"
                    + " unchanged) until its mean confidence on the validation rows equals a label-free estimate of how often it is right"
                    + " (auto; the auto preset). The chosen temperature factor is saved with the model and recorded in provenance.json"
                    + " and metrics.json."})
    String softness;
    @Option(names = "--variance-floor", paramLabel = "V",
            description = "A learned Gaussian decoder variance never goes below V (scaled features' units; 0: no floor).")
    Double varianceFloor;

    /** Whether DEC was asked for. */
    boolean isDec() {
        return method != null && method.trim().equalsIgnoreCase("dec");
    }

    /** The options DEC takes (its own and those both methods share); DEC refuses every other given option. */
    private static final Set<String> DEC_OPTIONS = Set.of("--preset", "--method", "--update-interval", "--tol", "--alpha", "--k",
            "--latent", "--hidden", "--epochs", "--pretrain-epochs", "--batch-size", "--lr", "--pretrain-lr", "--clip",
            "--validation-fraction", "--kmeans-init", "--seed");

    /**
     * Where the options both methods take go in one method's builder; {@link #applyShared} sets the given ones,
     * so the rule "an option not given keeps the preset's value" for them is written once for both methods.
     */
    private record SharedSetters(IntConsumer k, IntConsumer latent, Consumer<int[]> hidden, IntConsumer epochs,
                                 IntConsumer pretrainEpochs, IntConsumer batchSize, DoubleConsumer lr, DoubleConsumer pretrainLr,
                                 DoubleConsumer clip, DoubleConsumer validationFraction, IntConsumer kmeansInit, LongConsumer seed) { }

    /** Sets every given option that both methods take. */
    private void applyShared(SharedSetters s) {
        if (k != null) s.k().accept(k);
        if (latent != null) s.latent().accept(latent);
        if (hidden != null) s.hidden().accept(hidden);
        if (epochs != null) s.epochs().accept(epochs);
        if (pretrainEpochs != null) s.pretrainEpochs().accept(pretrainEpochs);
        if (batchSize != null) s.batchSize().accept(batchSize);
        if (lr != null) s.lr().accept(lr);
        if (pretrainLr != null) s.pretrainLr().accept(pretrainLr);
        if (clip != null) s.clip().accept(clip);
        if (validationFraction != null) s.validationFraction().accept(validationFraction);
        if (kmeansInit != null) s.kmeansInit().accept(kmeansInit);
        if (seed != null) s.seed().accept(seed);
    }

    /** Builds DEC's config: its standard preset, then the options that apply to it; others are refused. */
    DecConfig toDecConfig() {
        // picocli's model of these options (declaration order) says which were given: a new VaDE option is refused for DEC unasked
        List<String> unused = CommandSpec.forAnnotatedObject(this).options().stream()
                .filter(o -> o.getValue() != null && !DEC_OPTIONS.contains(o.longestName())).map(OptionSpec::longestName).toList();
        if (!unused.isEmpty()) throw CliException.input("DEC does not use " + String.join(", ", unused));
        DecConfig.Builder c = DecConfig.builder();
        applyShared(new SharedSetters(c::k, c::latentDim, c::encoderDims, c::maxEpochs, c::pretrainEpochs, c::batchSize, c::lr,
                c::pretrainLr, c::clipNorm, c::validationFraction, c::kmeansInit, c::seed));
        if (updateInterval != null) c.updateInterval(updateInterval);
        if (tol != null) c.tol(tol);
        if (alpha != null) c.alpha(alpha);
        return c.build();
    }

    /** Whether the {@code auto} preset was asked for (the default). */
    boolean isAuto() {
        return AUTO.equalsIgnoreCase(preset.trim());
    }

    /** The name of the data-derived preset. */
    static final String AUTO = "auto";

    /** K: {@code --k}, or the paper's 10. */
    private int kOrDefault() {
        return k != null ? k : VadePresets.paper().k();
    }

    /**
     * The preset resolved for the training data.
     *
     * @param config the preset's settings (auto: derived from the data), then every given option
     * @param record what config.json and provenance.json record of the preset: its name and, under auto, the derived
     *     choices with their rules and the shape they came from
     * @param threads the threads per tensor operation the preset advises (0: the engine's default)
     */
    record Resolved(VadeConfig config, Map<String, Object> record, int threads) { }

    /**
     * Resolves the preset for training on {@code train}: under {@code auto} the settings are derived once (K from
     * {@code --k}, default 10; the seed from {@code --seed}, default 0) and their choices printed, one line each, on
     * standard error; then every given option is applied.
     */
    Resolved resolve(Dataset train) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("name", preset.trim().toLowerCase(Locale.ROOT));
        if (!isAuto()) return new Resolved(toConfig((VadeConfig) null), record, 0);
        AutoPreset.Derived derived = AutoPreset.derive(AutoPreset.Shape.of(train, kOrDefault()), seed != null ? seed : 0L,
                latent != null ? latent : 0);
        record.putAll(announce(derived));
        return new Resolved(toConfig(derived.config()), record, derived.threads());
    }

    /** Prints the auto preset's choices (one line each, standard error) and returns them for the record. */
    static Map<String, Object> announce(AutoPreset.Derived d) {
        d.lines().forEach(System.err::println);
        return d.toMap();
    }

    /**
     * Checks the options before any data is read (under {@code auto}, against the settings derived for a table of
     * a thousand rows, which route the branch as every auto configuration does): the errors
     * {@link #resolve(Dataset)} would give.
     */
    VadeConfig toConfig() {
        if (!isAuto()) return toConfig((VadeConfig) null);
        return toConfig(AutoPreset.derive(new AutoPreset.Shape(1000, 10, false, false, Math.max(1, kOrDefault())), 0L).config());
    }

    /** The preset (or {@code base}, when given), then every given option. */
    private VadeConfig toConfig(VadeConfig base) {
        if (isDec()) throw CliException.input("internal: DEC has its own configuration");
        if (updateInterval != null || tol != null || alpha != null) {
            throw CliException.input("--update-interval, --tol and --alpha are DEC options (use --method dec)");
        }
        VadeConfig preset = base != null ? base : VadePresets.preset(this.preset);
        VadeConfigBuilder c = preset.toBuilder();
        if (method != null) c.method(VadeConfig.Method.parse(method));
        if (eta != null) c.eta(eta);
        if (beta != null) c.beta(beta);
        if (temperature != null) c.temperature(temperature);
        applyShared(new SharedSetters(c::k, c::latentDim, c::encoderDims, c::epochs, c::pretrainEpochs, c::batchSize, c::lr,
                c::pretrainLr, c::clipNorm, c::validationFraction, c::kmeansInit, c::seed));
        if (patience != null) c.patience(patience);
        if (coupling != null) c.coupling(VadeConfig.Coupling.parse(coupling));
        if (distillDirection != null) c.distillDirection(VadeConfig.DistillDirection.parse(distillDirection));
        if (likelihood != null) c.likelihood(VadeConfig.Likelihood.parse(likelihood));
        if (variance != null) c.variance(VadeConfig.VarianceMode.parse(variance));
        if (targetEntropy != null) c.targetEntropy(targetEntropy);
        if (etaLr != null) c.etaLr(etaLr);
        if (balance != null) c.balance(balance);
        if (lrDecay != null) c.lrDecay(lrDecay);
        if (selection != null) c.selection(VadeConfig.Selection.parse(selection));
        if (init != null) c.init(VadeConfig.MixtureInit.parse(init));
        // routing, warm-up and branch epochs are validated together; switching to 'head' implies no
        // warm-up and the default branch epochs, switching to 'trunk' no branch epochs
        VadeConfig.Branch branch = preset.branch();
        VadeConfig.BranchGradient g = branchGradient == null ? branch.gradient() : VadeConfig.BranchGradient.parse(branchGradient);
        boolean head = g == VadeConfig.BranchGradient.HEAD;
        c.branchGradient(g);
        c.branchWarmup(branchWarmup != null ? branchWarmup : head ? 0 : branch.warmup());
        c.branchEpochs(branchEpochs != null ? branchEpochs : !head ? 0 : branch.epochs() > 0 ? branch.epochs() : VadePresets.STRONG_BRANCH_EPOCHS);
        if (pretrainLoss != null) c.pretrainLoss(VadeConfig.PretrainLoss.parse(pretrainLoss));
        if (augment != null) c.augment(VadeConfig.Augment.parse(augment));
        if (initMaps != null) c.initMaps(initMaps);
        if (pretrainPatience != null) c.pretrainPatience(pretrainPatience);
        if (varianceFloor != null) c.decoderVarianceFloor(varianceFloor);
        if (softness != null) c.softness(Softness.parse(softness));
        return c.build();
    }

    /**
     * {@code c} (from {@link #toConfig()}) fitted to {@code data}: a preset's augmentation is dropped for
     * data that are not images; an explicit {@code --augment} on such data is refused.
     */
    VadeConfig forData(VadeConfig c, Dataset data) {
        if (data.isImage() || c.training().augment() == VadeConfig.Augment.NONE) return c;
        if (augment != null) {
            throw CliException.input("--augment " + augment + " distorts images, but " + data.name() + " is not image data (use --augment none)");
        }
        return c.toBuilder().augment(VadeConfig.Augment.NONE).build();
    }
}
