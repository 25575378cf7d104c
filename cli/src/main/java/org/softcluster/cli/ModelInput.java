package org.softcluster.cli;

import org.softcluster.data.DataLoader;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.neural.ModelFiles;
import org.softcluster.neural.NeuralModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of the commands that score data under a trained model ({@code assign}, {@code uncertain},
 * {@code embed}): the model directory, the data options and the MNIST split. The model applies its own
 * scaling, so the data is read as it is; a table is read with the model's encoding (its columns, categories
 * and fill values), so that it has the features the model was trained on. Public so that commands outside this
 * module ({@code spark-assign} in the Spark module) take the same options.
 */
public final class ModelInput {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory written by train.")
    Path modelDir;
    @Mixin DataOptions data;
    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test", description = "MNIST split to score (tables: all rows).")
    String split;

    /** The model directory ({@code --model}). */
    public Path modelDir() { return modelDir; }

    /** The data options. */
    public DataOptions data() { return data; }

    /** The MNIST split to score ({@code --split}). */
    public String split() { return split; }

    /** Loads the model (one-line error, exit 2, when it cannot be read). */
    public NeuralModel model() {
        return Main.loadModel(modelDir);
    }

    /**
     * One-line error (exit 2), naming {@code flag}, unless the model keeps the reference codes its reliability estimate
     * needs ({@link NeuralModel#hasReferences()}).
     */
    public void requireReferences(NeuralModel model, String flag) {
        if (model.hasReferences()) return;
        if (!model.hasResponsibilities()) {
            throw CliException.input(flag + ": a " + model.method() + " model has no mixture responsibilities, so no reliability estimate");
        }
        throw CliException.input(flag + ": model " + modelDir + " has no reference codes (trained before models kept them); retrain it");
    }

    /** Reads the data to score, unscaled and encoded as in training, and checks its feature count against the model's. */
    public Dataset dataFor(NeuralModel model) {
        boolean table = data.data != null && DataLoader.isTable(data.data);
        DataLoader.Loaded loaded = data.load(table ? tableOptions(model) : withoutEncoding());
        Dataset d = loaded.hasTest() && !"train".equalsIgnoreCase(split) ? loaded.test() : loaded.train();
        model.checkDim(d);
        return d;
    }

    /**
     * The options a table is read with for the model: the data flags and the model's encoding (its columns, categories
     * and fill values), nothing fitted; {@code spark-assign} reads its tables with the same. A model without named
     * columns reads a table's columns in order, as numbers.
     */
    public DataLoader.Options tableOptions(NeuralModel model) {
        Encoding encoding = tableEncoding(model);
        return encoding == null ? withoutEncoding() : data.options().withEncoding(encoding);
    }

    /** The data flags alone, refusing those that need a model's encoding. */
    private DataLoader.Options withoutEncoding() {
        if (data.categorical != null || data.missingPolicy() == Encoding.Missing.MEAN || data.missingPolicy() == Encoding.Missing.MODE) {
            throw CliException.input("--categorical and --missing mean|mode need a model trained on a table with named columns");
        }
        return data.options();
    }

    /**
     * The model's encoding; for a model trained on a table of numbers alone, its named numeric columns; null for a
     * model trained without column names (images, arrays).
     */
    public static Encoding tableEncoding(NeuralModel model) {
        if (model.encoding() != null) return model.encoding();
        return model.metadata().containsKey(ModelFiles.FEATURE_NAMES) ? Encoding.numeric(model.featureNames()) : null;
    }
}
