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

import java.util.Locale;

/** The named settings of VaDE, all in one place: {@link #paper()}, {@link #strong()}, {@link #preset(String)}. */
public final class VadePresets {
    /** Main-stage epochs of {@link #strong()}. */
    public static final int STRONG_EPOCHS = 40;
    /** Pre-training epochs of {@link #strong()}. */
    public static final int STRONG_PRETRAIN = 50;
    /** UMAP maps of the mixture initialisation of {@link #strong()}. */
    public static final int STRONG_INIT_MAPS = 7;
    /** Branch epochs on the frozen trunk of {@link #strong()}. */
    public static final int STRONG_BRANCH_EPOCHS = 20;

    private VadePresets() { }

    /**
     * The paper's preset: Gaussian σ² = 1, β 20, T 0.3, d 10, K 10, 3 + 15 epochs, lr 1e-4
     * (pre-training 1e-3), batch 256, clip 5, patience 5, η 0.05.
     */
    public static VadeConfig paper() {
        return new VadeConfig(Method.ERVADE, 10, 0L,
                new VadeConfig.Network(10, new int[] {500, 500, 2000}, 0.3, Likelihood.GAUSSIAN, VarianceMode.FIXED, 0),
                new VadeConfig.Loss(20.0, 0.05, Coupling.DISTILL, DistillDirection.REVERSE, 0.0, 0.01, 0.0),
                new VadeConfig.Training(256, 5.0, 0.1, Augment.NONE),
                new VadeConfig.Pretraining(3, 1e-3, PretrainLoss.LIKELIHOOD, 0),
                new VadeConfig.Mixture(MixtureInit.KMEANS, 1.0, 1e-3, 10, 1),
                new VadeConfig.Main(15, 1e-4, 1.0, 5, Selection.AUTO),
                new VadeConfig.Branch(BranchGradient.TRUNK, 0, 0, Softness.FIXED, 1.0));
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
     * softness alone. Nothing is selected with labels. Every setting not named here is the paper's.
     */
    public static VadeConfig strong() {
        return paper().toBuilder()
                .likelihood(Likelihood.BERNOULLI).beta(1.0)
                .pretrainEpochs(STRONG_PRETRAIN).pretrainLoss(PretrainLoss.MSE).augment(Augment.PRETRAIN)
                .init(MixtureInit.UMAP).initMaps(STRONG_INIT_MAPS)
                .epochs(STRONG_EPOCHS).lr(2e-3).lrDecay(0.95).patience(0).selection(Selection.LOSS)
                .branchGradient(BranchGradient.HEAD).branchEpochs(STRONG_BRANCH_EPOCHS)
                .build();
    }

    /** Pre-training epochs of {@link #quick()}. */
    public static final int QUICK_PRETRAIN = 15;
    /** UMAP maps of {@link #quick()}. */
    public static final int QUICK_INIT_MAPS = 3;
    /** Main-stage epochs of {@link #quick()}. */
    public static final int QUICK_EPOCHS = 10;

    /**
     * The {@code quick} preset, the main job's: {@link #strong()}'s recipe with the stages cut to what a few minutes
     * hold on two cores — {@value #QUICK_PRETRAIN} pre-training epochs, {@value #QUICK_INIT_MAPS} UMAP maps,
     * {@value #QUICK_EPOCHS} main-stage epochs (the branch stage unchanged) — and γ's softness chosen without labels
     * after training ({@link Softness#AUTO}, as {@code auto}). For images; measured in docs/benchmarks.md.
     */
    public static VadeConfig quick() {
        return strong().toBuilder().pretrainEpochs(QUICK_PRETRAIN).initMaps(QUICK_INIT_MAPS).epochs(QUICK_EPOCHS)
                .softness(Softness.AUTO).build();
    }

    /** Returns the named fixed preset ("paper", "strong" or "quick"; {@link AutoPreset} derives "auto" from the data). */
    public static VadeConfig preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "paper" -> paper();
            case "strong" -> strong();
            case "quick" -> quick();
            case "auto" -> throw new IllegalArgumentException("the auto preset is derived from the data: use AutoPreset.derive");
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: auto, paper, strong, quick)");
        };
    }
}
