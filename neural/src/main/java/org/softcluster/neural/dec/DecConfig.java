package org.softcluster.neural.dec;

import java.util.Arrays;
import java.util.Locale;

/**
 * Hyper-parameters of DEC (Xie, Girshick and Farhadi 2016), validated on construction;
 * {@link #standard()} holds the defaults used here.
 *
 * <p>Differences from the paper, on purpose: the autoencoder is pre-trained end to end with
 * Adam and no dropout (the paper pre-trains it greedily layer by layer with 20% dropout for
 * 50,000 iterations per layer, then fine-tunes it for 100,000 iterations, i.e. hundreds of
 * epochs); the default here is {@value #DEFAULT_PRETRAIN_EPOCHS} epochs (about 10 minutes on MNIST on
 * the two CPU cores here), measured to give test NMI 0.83 on MNIST where 20 epochs were not enough
 * (docs/benchmarks.md); the clustering
 * stage uses Adam at 1e-4 instead of SGD at 0.01. tol = 0.1% is the paper's value and T = 140
 * batches the usual MNIST value of public DEC implementations.
 *
 * @param k number of clusters K
 * @param latentDim latent dimension d
 * @param encoderDims hidden widths of the encoder (the decoder mirrors them)
 * @param pretrainEpochs autoencoder pre-training epochs
 * @param pretrainLr Adam learning rate of pre-training
 * @param lr Adam learning rate of the clustering stage
 * @param batchSize mini-batch size of both stages
 * @param alpha degrees of freedom α of the Student-t kernel
 * @param updateInterval batches between recomputations of the target distribution P (DEC's T)
 * @param tol stop when fewer than this fraction of assignments change between target updates
 * @param maxEpochs maximum epochs of the clustering stage
 * @param kmeansInit k-means restarts for the centre initialisation
 * @param clipNorm global L2 gradient-norm bound in both stages; 0 disables clipping
 * @param validationFraction fraction of the training data held out for monitoring
 * @param seed the one seed that controls everything
 */
public record DecConfig(
        int k, int latentDim, int[] encoderDims, int pretrainEpochs, double pretrainLr, double lr, int batchSize, double alpha,
        int updateInterval, double tol, int maxEpochs, int kmeansInit, double clipNorm, double validationFraction, long seed) {

    /** Default autoencoder pre-training epochs of {@link #standard()}. */
    public static final int DEFAULT_PRETRAIN_EPOCHS = 50;

    /** Validates every field. */
    public DecConfig {
        require(k >= 1, "k must be >= 1, got " + k);
        require(latentDim >= 1, "latent dimension must be >= 1, got " + latentDim);
        require(encoderDims != null && encoderDims.length >= 1, "encoder needs at least one hidden layer");
        for (int w : encoderDims) require(w >= 1, "hidden widths must be >= 1, got " + Arrays.toString(encoderDims));
        encoderDims = encoderDims.clone();
        require(pretrainEpochs >= 0, "pre-training epochs must be >= 0, got " + pretrainEpochs);
        require(pretrainLr > 0 && Double.isFinite(pretrainLr), "pre-training learning rate must be > 0, got " + pretrainLr);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be > 0, got " + lr);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(alpha > 0 && Double.isFinite(alpha), "alpha must be > 0, got " + alpha);
        require(updateInterval >= 1, "update interval must be >= 1 batch, got " + updateInterval);
        require(tol >= 0 && tol <= 1, "tol must be in [0,1], got " + tol);
        require(maxEpochs >= 0, "epochs must be >= 0, got " + maxEpochs);
        require(kmeansInit >= 1, "k-means restarts must be >= 1, got " + kmeansInit);
        require(clipNorm >= 0 && Double.isFinite(clipNorm), "clip norm must be >= 0, got " + clipNorm);
        require(validationFraction >= 0 && validationFraction < 1, "validation fraction must be in [0,1), got " + validationFraction);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }

    /**
     * The defaults: K 10, encoder 500-500-2000, d 10, 50 pre-training epochs at lr 1e-3, clustering
     * at lr 1e-4 for at most 20 epochs, batch 256, α 1, T 140 batches, tol 0.001, 10 k-means
     * restarts, clip 5, 10% validation, seed 0.
     */
    public static DecConfig standard() {
        return new DecConfig(10, 10, new int[] {500, 500, 2000}, DEFAULT_PRETRAIN_EPOCHS, 1e-3, 1e-4, 256, 1.0,
                140, 0.001, 20, 10, 5.0, 0.1, 0L);
    }

    /** Returns the named preset ("standard"). */
    public static DecConfig preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "standard" -> standard();
            default -> throw new IllegalArgumentException("unknown preset '" + name + "' (known: standard)");
        };
    }

    /** A builder that starts from {@link #standard()}. */
    public static Builder builder() { return standard().toBuilder(); }

    /** A builder that starts from these settings. */
    public Builder toBuilder() { return new Builder(this); }

    /**
     * Changes a {@link DecConfig} one setting at a time; {@link #build()} validates the result, and a setting not
     * given keeps the start's value.
     */
    public static final class Builder {
        private final DecConfig start;
        // the settings given so far; null: not given, the start's value
        private Integer k;
        private Integer latentDim;
        private int[] encoderDims;
        private Integer pretrainEpochs;
        private Double pretrainLr;
        private Double lr;
        private Integer batchSize;
        private Double alpha;
        private Integer updateInterval;
        private Double tol;
        private Integer maxEpochs;
        private Integer kmeansInit;
        private Double clipNorm;
        private Double validationFraction;
        private Long seed;

        private Builder(DecConfig start) {
            this.start = start;
        }

        /** The validated configuration: the settings given, the start's values for the others. */
        public DecConfig build() {
            DecConfig s = start;
            return new DecConfig(or(k, s.k), or(latentDim, s.latentDim), or(encoderDims, s.encoderDims), or(pretrainEpochs, s.pretrainEpochs),
                    or(pretrainLr, s.pretrainLr), or(lr, s.lr), or(batchSize, s.batchSize), or(alpha, s.alpha),
                    or(updateInterval, s.updateInterval), or(tol, s.tol), or(maxEpochs, s.maxEpochs), or(kmeansInit, s.kmeansInit),
                    or(clipNorm, s.clipNorm), or(validationFraction, s.validationFraction), or(seed, s.seed));
        }

        private static <T> T or(T given, T start) {
            return given != null ? given : start;
        }

        /** The number of clusters K. */
        public Builder k(int v) { k = v; return this; }

        /** The latent dimension d. */
        public Builder latentDim(int v) { latentDim = v; return this; }

        /** The encoder's hidden widths (copied). */
        public Builder encoderDims(int... v) { encoderDims = v.clone(); return this; }

        /** The pre-training epochs. */
        public Builder pretrainEpochs(int v) { pretrainEpochs = v; return this; }

        /** The pre-training learning rate. */
        public Builder pretrainLr(double v) { pretrainLr = v; return this; }

        /** The clustering stage's learning rate. */
        public Builder lr(double v) { lr = v; return this; }

        /** The mini-batch size of both stages. */
        public Builder batchSize(int v) { batchSize = v; return this; }

        /** The Student-t degrees of freedom α. */
        public Builder alpha(double v) { alpha = v; return this; }

        /** The batches between target updates (DEC's T). */
        public Builder updateInterval(int v) { updateInterval = v; return this; }

        /** The stopping tolerance. */
        public Builder tol(double v) { tol = v; return this; }

        /** The clustering stage's maximum epochs. */
        public Builder maxEpochs(int v) { maxEpochs = v; return this; }

        /** The k-means restarts of the centre initialisation. */
        public Builder kmeansInit(int v) { kmeansInit = v; return this; }

        /** The global gradient-norm bound (0 = off). */
        public Builder clipNorm(double v) { clipNorm = v; return this; }

        /** The validation part of the training data. */
        public Builder validationFraction(double v) { validationFraction = v; return this; }

        /** The one seed. */
        public Builder seed(long v) { seed = v; return this; }
    }

    /** The encoder widths (a copy). */
    @Override
    public int[] encoderDims() { return encoderDims.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecConfig c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() { return toString().hashCode(); }

    @Override
    public String toString() {
        return "DecConfig[k=" + k + ", latentDim=" + latentDim + ", encoderDims=" + Arrays.toString(encoderDims)
                + ", pretrainEpochs=" + pretrainEpochs + ", pretrainLr=" + pretrainLr + ", lr=" + lr
                + ", batchSize=" + batchSize + ", alpha=" + alpha + ", updateInterval=" + updateInterval + ", tol=" + tol
                + ", maxEpochs=" + maxEpochs + ", kmeansInit=" + kmeansInit + ", clipNorm=" + clipNorm
                + ", validationFraction=" + validationFraction + ", seed=" + seed + "]";
    }
}
