package org.softcluster.cli;

import org.softcluster.neural.vade.VadeConfig;
import picocli.CommandLine.Option;

/** Hyper-parameter options of the neural method; unset options keep the preset's value. */
public final class ModelOptions {
    @Option(names = "--preset", defaultValue = "paper", paramLabel = "NAME", description = "Hyper-parameter preset (default: ${DEFAULT-VALUE}).")
    String preset;
    @Option(names = "--method", paramLabel = "ervade|vade", description = "ervade (the method, default) or vade (original VaDE).")
    String method;
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

    /** Builds the config: the preset, then every given option. */
    VadeConfig toConfig() {
        VadeConfig c = VadeConfig.preset(preset);
        if (method != null) c = c.withMethod(VadeConfig.Method.parse(method));
        if (eta != null) c = c.withEta(eta);
        if (beta != null) c = c.withBeta(beta);
        if (temperature != null) c = c.withTemperature(temperature);
        if (k != null) c = c.withK(k);
        if (latent != null) c = c.withLatentDim(latent);
        if (hidden != null) c = c.withEncoderDims(hidden);
        if (epochs != null) c = c.withEpochs(epochs);
        if (pretrainEpochs != null) c = c.withPretrainEpochs(pretrainEpochs);
        if (batchSize != null) c = c.withBatchSize(batchSize);
        if (lr != null) c = c.withLr(lr);
        if (pretrainLr != null) c = c.withPretrainLr(pretrainLr);
        if (clip != null) c = c.withClipNorm(clip);
        if (patience != null) c = c.withPatience(patience);
        if (validationFraction != null) c = c.withValidationFraction(validationFraction);
        if (coupling != null) c = c.withCoupling(VadeConfig.Coupling.parse(coupling));
        if (distillDirection != null) c = c.withDistillDirection(VadeConfig.DistillDirection.parse(distillDirection));
        if (likelihood != null) c = c.withLikelihood(VadeConfig.Likelihood.parse(likelihood));
        if (variance != null) c = c.withVariance(VadeConfig.VarianceMode.parse(variance));
        if (kmeansInit != null) c = c.withKmeansInit(kmeansInit);
        if (seed != null) c = c.withSeed(seed);
        return c;
    }
}
