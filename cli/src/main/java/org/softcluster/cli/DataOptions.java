package org.softcluster.cli;

import org.softcluster.data.DataException;
import org.softcluster.data.DataLoader;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.data.Scaler;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The options that say where the data is and how to read it (shared by data-reading commands). */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH",
            description = "An MNIST directory (IDX files), a .csv or a .npy file.")
    Path data;

    @Option(names = "--label-column", paramLabel = "NAME", description = "CSV: column with true labels (for metrics only).")
    String labelColumn;

    @Option(names = "--id-column", paramLabel = "NAME", description = "CSV: column with object ids.")
    String idColumn;

    @Option(names = "--columns", split = ",", paramLabel = "NAME", description = "CSV: feature columns to use (default: all others).")
    List<String> columns;

    @Option(names = "--labels", paramLabel = "FILE", description = "NPY: a .npy file of integer labels.")
    Path labelsFile;

    @Option(names = "--scale", paramLabel = "none|standardize|minmax",
            description = "Feature scaling fitted on the training data (default: none for MNIST, standardize for tables).")
    String scale;

    /** Reads the data. */
    DataLoader.Loaded load() {
        if (data == null) throw new CliException(2, "--data is required");
        if (!Files.exists(data)) throw new DataException(data + ": no such file or directory");
        DataLoader.Options o = DataLoader.Options.defaults().withLabelColumn(labelColumn).withIdColumn(idColumn)
                .withFeatureColumns(columns).withLabelsFile(labelsFile);
        return DataLoader.load(data, o);
    }

    /** Whether the data is an MNIST directory. */
    boolean isMnist() {
        return Files.isDirectory(data) && Mnist.isMnistDirectory(data);
    }

    /** The scaling method: explicit, or the default for the data kind. */
    Scaler.Method scaleMethod() {
        if (scale != null) return Scaler.Method.parse(scale);
        return isMnist() ? Scaler.Method.NONE : Scaler.Method.STANDARDIZE;
    }

    /**
     * Training data, evaluation data (MNIST: its test split; tables: the same rows, since
     * clustering is transductive) and the fitted scaler.
     */
    Prepared prepare() {
        DataLoader.Loaded loaded = load();
        Scaler scaler = Scaler.fit(scaleMethod(), loaded.train());
        Dataset rawEval = loaded.hasTest() ? loaded.test() : loaded.train();
        return Prepared.of(loaded.train(), rawEval, scaler, loaded.hasTest() ? "test split" : "all objects (transductive)");
    }

    /** Reads data for a trained model, unscaled (a model applies its own scaler): the MNIST test or training split, or the file. */
    Dataset loadRaw(boolean testSplit) {
        DataLoader.Loaded loaded = load();
        return loaded.hasTest() && testSplit ? loaded.test() : loaded.train();
    }

    /**
     * Data ready for training and evaluation: as read ({@link #rawTrain}, {@link #rawEval}; what a neural
     * trainer, which fits its own scaling, and its model take) and scaled by the fitted scaler ({@link #train},
     * {@link #eval}; what the baselines take).
     */
    record Prepared(Dataset rawTrain, Dataset rawEval, Scaler scaler, String evalDescription, Dataset train, Dataset eval) {
        static Prepared of(Dataset rawTrain, Dataset rawEval, Scaler scaler, String evalDescription) {
            Dataset train = scaler.transform(rawTrain);
            return new Prepared(rawTrain, rawEval, scaler, evalDescription, train,
                    rawEval == rawTrain ? train : scaler.transform(rawEval));
        }
    }
}
