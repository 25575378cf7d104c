package org.softcluster.neural.vade;

import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;
import org.softcluster.neural.vade.VadeConfig.Augment;
import org.softcluster.neural.vade.VadeConfig.Likelihood;
import org.softcluster.neural.vade.VadeConfig.MixtureInit;
import org.softcluster.neural.vade.VadeConfig.PretrainLoss;
import org.softcluster.neural.vade.VadeConfig.Selection;
import org.softcluster.neural.vade.VadeConfig.VarianceMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code auto} preset: every setting derived from the shape of the training data — objects, features,
 * image or table, value range — and K, never from labels. The rule table is docs/method.md "The auto preset";
 * {@link Derived#choices()} says which rule made each setting, for the run's start and its config.json.
 *
 * <p>Two regimes. <b>Image sets</b> (an image shape and at least {@value #MIN_IMAGES} objects) get the
 * {@link VadePresets#strong()} recipe, its stage lengths kept in optimiser steps (on MNIST's 60 000 images it is
 * exactly {@code strong}'s epochs). <b>Everything else</b> (tables, small image sets) gets a small network
 * sized by the feature count, a Gaussian decoder with a learned variance per feature on standardised features,
 * codes kept on the features where there are as many codes as features (then a GMM start, else k-means on the
 * features), stage lengths in steps, so a table of 150 rows gets as many updates as one of 100 000, and the main
 * stage's last epoch. Both re-initialise the mixture when a start collapses ({@link VadeConfig.Mixture#attempts()}).
 */
public final class AutoPreset {
    /** Fewest objects of an image set that gets the image recipe. */
    public static final int MIN_IMAGES = 5_000;
    /** Mixture starts a collapse may use (see {@link VadeConfig.Mixture#attempts()}). */
    public static final int ATTEMPTS = 3;
    /** Validation part of the training data under every rule (as the named presets). */
    public static final double VALIDATION_FRACTION = 0.1;

    /** Image recipe: the batch size and the steps of each stage (strong's epochs × 211 batches of MNIST's 54 000 training images). */
    static final int IMAGE_BATCH = 256;
    static final int IMAGE_PRETRAIN_STEPS = 10_550;
    static final int IMAGE_MAIN_STEPS = 8_440;
    static final int IMAGE_BRANCH_STEPS = 4_220;

    /** Table recipe: the steps of each stage and the bounds of the batch size and the network. */
    static final int TABLE_PRETRAIN_STEPS = 4_000;
    static final int TABLE_MAIN_STEPS = 3_000;
    static final int TABLE_BRANCH_STEPS = 1_000;
    static final int MIN_BATCH = 16;
    static final int MAX_BATCH = 256;
    static final int MIN_WIDTH = 64;
    static final int MAX_WIDTH = 512;
    static final int MAX_LATENT = 10;
    static final int MIN_PRETRAIN_PATIENCE = 10;
    static final double TABLE_VARIANCE_FLOOR = 0.01;

    private AutoPreset() { }

    /**
     * What the rules look at.
     *
     * @param n training objects (before the validation part is split off)
     * @param dim features (after one-hot encoding)
     * @param image whether the objects are images
     * @param unitRange whether every value lies in [0, 1]
     * @param k the number of clusters K
     */
    public record Shape(int n, int dim, boolean image, boolean unitRange, int k) {
        /** Validates the shape. */
        public Shape {
            if (n < 1 || dim < 1 || k < 1) throw new IllegalArgumentException("auto preset: empty data or K < 1");
        }

        /** The shape of {@code data} (as read, before scaling) for K clusters. */
        public static Shape of(Dataset data, int k) {
            return new Shape(data.size(), data.dim(), data.isImage(), inUnitRange(data.features()), k);
        }

        /** Whether the image recipe applies. */
        public boolean imageRecipe() { return image && n >= MIN_IMAGES; }

        /** Training objects per epoch, once the validation part is split off. */
        int trainObjects() { return Math.max(1, n - (int) Math.round(n * VALIDATION_FRACTION)); }
    }

    /**
     * One derived setting.
     *
     * @param setting the setting's name (as the CLI option, without dashes)
     * @param value its value
     * @param rule why: the rule of docs/method.md that made it
     */
    public record Choice(String setting, String value, String rule) { }

    /**
     * The derived configuration and how each setting was made.
     *
     * @param config the configuration (K, seed and the derived settings)
     * @param scaling the feature scaling the rules choose
     * @param shape what the rules looked at
     * @param choices each derived setting with its rule
     */
    public record Derived(VadeConfig config, Scaler.Method scaling, Shape shape, List<Choice> choices) {
        /**
         * Threads per tensor operation the rules advise for the process (0: the engine's default). The table recipe's
         * networks are so small that OpenMP's synchronisation between two threads costs more than the work; a library
         * user applies it as they see fit (the CLI does, through PyTorch's set_num_threads).
         */
        public int threads() { return shape.imageRecipe() ? 0 : 1; }

        /** The choices as JSON-ready ordered maps (for config.json). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("regime", shape.imageRecipe() ? "images" : "table");
            m.put("shape", Map.of("objects", shape.n(), "features", shape.dim(), "image", shape.image(), "unit_range", shape.unitRange(),
                    "k", shape.k()));
            Map<String, Object> c = new LinkedHashMap<>();
            for (Choice choice : choices) c.put(choice.setting(), Map.of("value", choice.value(), "rule", choice.rule()));
            m.put("choices", c);
            return m;
        }

        /** One line per choice, for the start of a run. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add("auto preset (" + (shape.imageRecipe() ? "images" : "table") + " rules: " + shape.n() + " objects, " + shape.dim()
                    + " features" + (shape.image() ? ", images" : "") + (shape.unitRange() ? ", values in [0,1]" : "") + ", K " + shape.k() + "):");
            for (Choice c : choices) out.add(String.format(Locale.ROOT, "  %-16s %-22s %s", c.setting(), c.value(), c.rule()));
            return out;
        }
    }

    /** The scaling the rules choose: none for image sets with values in [0, 1], standardisation otherwise. */
    public static Scaler.Method scaling(Shape s) {
        return s.image() && s.unitRange() ? Scaler.Method.NONE : Scaler.Method.STANDARDIZE;
    }

    /** Derives the configuration for data of shape {@code s}; the seed is the run's. */
    public static Derived derive(Shape s, long seed) {
        return derive(s, seed, 0);
    }

    /**
     * Derives the configuration for data of shape {@code s} with the user's latent size: the table rules keep the codes
     * on the features only when there are as many of them as features.
     *
     * @param latent the latent size asked for ({@code --latent}), 0 to derive it
     */
    public static Derived derive(Shape s, long seed, int latent) {
        List<Choice> why = new ArrayList<>();
        Scaler.Method scaling = scaling(s);
        why.add(new Choice("scale", scaling.id(), s.image() && s.unitRange() ? "images in [0,1] are used as they are"
                : "features standardised (constant ones scale 1), as scikit-learn's StandardScaler"));
        VadeConfigBuilder c = (s.imageRecipe() ? VadePresets.strong() : VadePresets.paper()).toBuilder().k(s.k()).seed(seed)
                .validationFraction(VALIDATION_FRACTION).attempts(ATTEMPTS);
        if (s.imageRecipe()) {
            images(s, c, why);
        } else {
            table(s, c, why, latent);
        }
        if (!s.imageRecipe()) {
            why.add(new Choice("threads", "1", "one thread per tensor operation: the network is too small to share"));
        }
        if (s.imageRecipe()) {
            c.selection(Selection.LOSS);
            why.add(new Choice("selection", "loss", "the epoch with the lowest validation loss (never labels)"));
        }
        why.add(new Choice("attempts", Integer.toString(ATTEMPTS), "a start that leaves a cluster without a real share is re-initialised"));
        c.softness(Softness.AUTO);
        why.add(new Choice("softness", "auto", "after training γ is softened, never sharpened, until its mean confidence on the"
                + " validation rows equals a label-free estimate of how often it is right: the mixture's responsibility of each"
                + " row's cluster, capped by the share of its 10 nearest training codes in that cluster"));
        return new Derived(c.build(), scaling, s, List.copyOf(why));
    }

    private static void images(Shape s, VadeConfigBuilder c, List<Choice> why) {
        Likelihood lik = s.unitRange() ? Likelihood.BERNOULLI : Likelihood.GAUSSIAN;
        c.likelihood(lik).variance(s.unitRange() ? VarianceMode.FIXED : VarianceMode.PER_FEATURE);
        why.add(new Choice("network", "d 10, 500-500-2000", "the image recipe (strong's network)"));
        why.add(new Choice("likelihood", lik.name().toLowerCase(Locale.ROOT) + (s.unitRange() ? "" : " per-feature variance"),
                s.unitRange() ? "pixels in [0,1]" : "pixel values outside [0,1]"));
        stages(s, c, why, IMAGE_BATCH, IMAGE_PRETRAIN_STEPS, IMAGE_MAIN_STEPS, IMAGE_BRANCH_STEPS);
        why.add(new Choice("init", "umap, " + VadePresets.STRONG_INIT_MAPS + " maps", "GMM on UMAP maps of the codes, the partition the maps agree on"));
        why.add(new Choice("augment", Augment.PRETRAIN.name().toLowerCase(Locale.ROOT), "pre-training on rotated and shifted copies of the images"));
    }

    private static void table(Shape s, VadeConfigBuilder c, List<Choice> why, int asked) {
        int width = clamp(Integer.highestOneBit(Math.max(1, 8 * s.dim() - 1)) * 2, MIN_WIDTH, MAX_WIDTH);
        int latent = asked > 0 ? asked : clamp(s.dim(), 2, MAX_LATENT);
        c.encoderDims(width, width).latentDim(latent);
        why.add(new Choice("network", "d " + latent + ", " + width + "-" + width,
                "two layers of 8×features rounded up to a power of 2 in [" + MIN_WIDTH + ", " + MAX_WIDTH + "]; "
                        + (asked > 0 ? "d as asked (--latent)" : "d = features in [2, " + MAX_LATENT + "]")));
        c.likelihood(Likelihood.GAUSSIAN).variance(VarianceMode.PER_FEATURE).decoderVarianceFloor(TABLE_VARIANCE_FLOOR).beta(1.0);
        why.add(new Choice("likelihood", "gaussian per-feature, floor " + TABLE_VARIANCE_FLOOR, "a learned variance per standardised"
                + " feature, never below " + TABLE_VARIANCE_FLOOR + " (a tenth of a standard deviation: an autoencoder that"
                + " reconstructs a table almost exactly would otherwise leave the clustering no say), β 1 (the ELBO)"));
        int batch = clamp(Integer.highestOneBit(Math.max(1, s.trainObjects() / 10)), MIN_BATCH, MAX_BATCH);
        int pretrainEpochs = stages(s, c, why, batch, TABLE_PRETRAIN_STEPS, TABLE_MAIN_STEPS, TABLE_BRANCH_STEPS);
        int patience = Math.max(MIN_PRETRAIN_PATIENCE, pretrainEpochs / 10);
        c.pretrainPatience(patience);
        why.add(new Choice("pretrain-patience", Integer.toString(patience), "pre-training keeps its best epoch on the validation rows and"
                + " stops after a tenth of its epochs (at least " + MIN_PRETRAIN_PATIENCE + ") without a better one; the decoder"
                + " variance starts at the validation error"));
        boolean anchored = latent == s.dim();
        c.lr(1e-3).lrDecay(1.0).patience(0).pretrainLoss(anchored ? PretrainLoss.ANCHORED : PretrainLoss.MSE).pretrainLr(1e-3)
                .branchGradient(VadeConfig.BranchGradient.HEAD).branchWarmup(0).augment(Augment.NONE);
        why.add(new Choice("lr", "1e-3", "Adam at 1e-3 in every stage, no decay"));
        if (anchored) {
            why.add(new Choice("pretrain-loss", "anchored", "as many codes as features: pre-training keeps the codes a copy of the"
                    + " standardised features (squared error plus the codes' squared distance to the features)"));
            c.init(MixtureInit.GMM).kmeansInit(10);
            why.add(new Choice("init", "gmm, 10 restarts", "a diagonal GMM on the codes, i.e. on the features (best restart by"
                    + " log-likelihood)"));
        } else {
            c.init(MixtureInit.INPUT).kmeansInit(10);
            why.add(new Choice("init", "input, 10 restarts", "k-means on the standardised features (best restart by inertia), its"
                    + " clusters' moments in code space: a table's codes are a warped copy of its features, and k-means on them"
                    + " found worse partitions"));
        }
        c.selection(Selection.LAST);
        why.add(new Choice("selection", "last", "the main stage's last epoch: a table's validation rows are too few to choose an epoch"));
    }

    /** Batch size and the stage lengths, given in steps and run as whole epochs (at least one); returns the pre-training epochs. */
    private static int stages(Shape s, VadeConfigBuilder c, List<Choice> why, int batch, int pretrainSteps, int mainSteps, int branchSteps) {
        int perEpoch = (s.trainObjects() + batch - 1) / batch;
        int pre = epochs(pretrainSteps, perEpoch);
        int main = epochs(mainSteps, perEpoch);
        int branch = epochs(branchSteps, perEpoch);
        c.batchSize(batch).pretrainEpochs(pre).epochs(main).branchEpochs(branch);
        why.add(new Choice("batch-size", Integer.toString(batch), s.imageRecipe() ? "the image recipe"
                : "a tenth of the training objects, a power of 2 in [" + MIN_BATCH + ", " + MAX_BATCH + "]"));
        why.add(new Choice("stages", pre + "+" + main + "+" + branch + " epochs",
                String.format(Locale.ROOT, "%d + %d + %d optimiser steps (pre-training, main, branch) at %d steps per epoch",
                        pretrainSteps, mainSteps, branchSteps, perEpoch)));
        return pre;
    }

    private static int epochs(int steps, int perEpoch) {
        return Math.max(1, (steps + perEpoch - 1) / perEpoch);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static boolean inUnitRange(float[] values) {
        for (float v : values) if (!(v >= 0f && v <= 1f)) return false;
        return true;
    }
}
