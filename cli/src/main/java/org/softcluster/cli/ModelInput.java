package org.softcluster.cli;

import org.softcluster.data.Dataset;
import org.softcluster.neural.NeuralModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of the commands that score data under a trained model ({@code assign}, {@code uncertain},
 * {@code embed}): the model directory, the data options and the MNIST split. The model applies its own
 * scaling, so the data is read as it is.
 */
final class ModelInput {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory written by train.")
    Path modelDir;
    @Mixin DataOptions data;
    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test", description = "MNIST split to score (tables: all rows).")
    String split;

    /** Loads the model (one-line error, exit 2, when it cannot be read). */
    NeuralModel model() {
        return Main.loadModel(modelDir);
    }

    /** Reads the data to score, unscaled, and checks its feature count against the model's. */
    Dataset dataFor(NeuralModel model) {
        Dataset d = data.loadRaw(!"train".equalsIgnoreCase(split));
        model.checkDim(d);
        return d;
    }
}
