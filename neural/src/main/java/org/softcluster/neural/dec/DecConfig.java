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

    /** Copy with another K. */
    public DecConfig withK(int v) { return new DecConfig(v, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another latent dimension. */
    public DecConfig withLatentDim(int v) { return new DecConfig(k, v, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with other encoder widths. */
    public DecConfig withEncoderDims(int[] v) { return new DecConfig(k, latentDim, v, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another pre-training budget. */
    public DecConfig withPretrainEpochs(int v) { return new DecConfig(k, latentDim, encoderDims, v, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another pre-training learning rate. */
    public DecConfig withPretrainLr(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, v, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another clustering-stage learning rate. */
    public DecConfig withLr(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, v, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another batch size. */
    public DecConfig withBatchSize(int v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, v, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another Student-t degrees of freedom α. */
    public DecConfig withAlpha(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, v, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another target update interval (batches). */
    public DecConfig withUpdateInterval(int v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, v, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another stopping tolerance. */
    public DecConfig withTol(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, v, maxEpochs, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another clustering-stage epoch budget. */
    public DecConfig withMaxEpochs(int v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, v, kmeansInit, clipNorm, validationFraction, seed); }
    /** Copy with another number of k-means restarts. */
    public DecConfig withKmeansInit(int v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, v, clipNorm, validationFraction, seed); }
    /** Copy with another clipping bound. */
    public DecConfig withClipNorm(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, v, validationFraction, seed); }
    /** Copy with another validation fraction. */
    public DecConfig withValidationFraction(double v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, v, seed); }
    /** Copy with another seed. */
    public DecConfig withSeed(long v) { return new DecConfig(k, latentDim, encoderDims, pretrainEpochs, pretrainLr, lr, batchSize, alpha, updateInterval, tol, maxEpochs, kmeansInit, clipNorm, validationFraction, v); }

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
