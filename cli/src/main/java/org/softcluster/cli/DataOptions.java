package org.softcluster.cli;

import org.softcluster.data.DataException;
import org.softcluster.data.DataLoader;
import org.softcluster.data.Dataset;
import org.softcluster.data.Encoding;
import org.softcluster.data.Mnist;
import org.softcluster.data.Scaler;
import org.softcluster.neural.vade.AutoPreset;
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

    @Option(names = "--categorical", split = ",", paramLabel = "NAME",
            description = "CSV: feature columns to one-hot encode (text columns are detected; this forces e.g. numeric codes).")
    List<String> categorical;

    @Option(names = "--missing", paramLabel = "error|drop|mean|mode",
            description = {"CSV: what a missing cell (empty, NA, NaN, null, ...) in a feature column does: refuse it (default),"
                    + " drop its row, fill it with the training mean (numeric columns; mode for categorical ones) or mode.",
                    "A trained model fills with its own training values."})
    String missing;

    @Option(names = "--scale", paramLabel = "none|standardize|minmax",
            description = "Feature scaling fitted on the training data (default: none for MNIST, standardize for tables).")
    String scale;

    /** The data path ({@code --data}), or null when not given. */
    public Path path() { return data; }

    /** The id column ({@code --id-column}), or null. */
    public String idColumn() { return idColumn; }

    /** The feature columns named by {@code --columns}, or null. */
    public List<String> columns() { return columns; }

    /** The columns named by {@code --categorical}, or null. */
    public List<String> categorical() { return categorical; }

    /** Reads the data for training: text columns detected and encoded, missing cells handled, warnings printed. */
    DataLoader.Loaded load() {
        return load(options());
    }

    /** Reads the data with the given options and prints the reading's warnings (one line each). */
    DataLoader.Loaded load(DataLoader.Options options) {
        if (data == null) throw new CliException(2, "--data is required");
        if (!Files.exists(data)) throw new DataException(data + ": no such file or directory");
        DataLoader.Loaded loaded = DataLoader.load(data, options);
        loaded.warnings().forEach(Main::warn);
        return loaded;
    }

    /** The reading options of the flags. */
    DataLoader.Options options() {
        return DataLoader.Options.defaults().withLabelColumn(labelColumn).withIdColumn(idColumn)
                .withFeatureColumns(columns).withLabelsFile(labelsFile).withCategoricalColumns(categorical)
                .withMissing(missingPolicy());
    }

    /** The {@code --missing} policy, or null when not given. */
    public Encoding.Missing missingPolicy() {
        if (missing == null) return null;
        try {
            return Encoding.Missing.parse(missing);
        } catch (DataException e) {
            throw CliException.input("--missing must be error, drop, mean or mode, got '" + missing + "'");
        }
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

    /** The scaling method: explicit, the auto preset's rule for the data ({@code auto}), or the default for the data kind. */
    Scaler.Method scaleMethod(Dataset train, boolean auto) {
        if (scale != null || !auto) return scaleMethod();
        return AutoPreset.scaling(AutoPreset.Shape.of(train, 1));
    }

    /**
     * Training data, evaluation data (MNIST: its test split; tables: the same rows, since
     * clustering is transductive) and the fitted scaler.
     */
    Prepared prepare() {
        return prepare(false);
    }

    /** As {@link #prepare()}; {@code auto}: the scaling follows the auto preset's rule unless {@code --scale} is given. */
    Prepared prepare(boolean auto) {
        DataLoader.Loaded loaded = load();
        if (loaded.train().encoding() != null) System.err.println(data + ": " + loaded.train().encoding().describe());
        Scaler.Method method = scaleMethod(loaded.train(), auto);
        warnConstant(loaded.train(), method);
        Scaler scaler = Scaler.fit(method, loaded.train());
        Dataset rawEval = loaded.hasTest() ? loaded.test() : loaded.train();
        return Prepared.of(loaded.train(), rawEval, scaler, loaded.hasTest() ? "test split" : "all objects (transductive)");
    }

    /** How many constant columns a warning names before abbreviating. */
    private static final int LISTED_CONSTANT = 5;

    /** One warning line naming the constant feature columns of a table (images have constant border pixels by nature). */
    private void warnConstant(Dataset train, Scaler.Method method) {
        int[] constant = Scaler.constantFeatures(train);
        if (constant.length == 0 || train.isImage()) return;
        StringBuilder names = new StringBuilder();
        for (int c = 0; c < Math.min(LISTED_CONSTANT, constant.length); c++) {
            names.append(c == 0 ? "" : ", ").append('"').append(train.featureName(constant[c])).append('"');
        }
        if (constant.length > LISTED_CONSTANT) names.append(" and ").append(constant.length - LISTED_CONSTANT).append(" more");
        Main.warn(constant.length + " constant feature column" + (constant.length == 1 ? "" : "s") + " ("
                + names + ") kept: " + (constant.length == 1 ? "it carries" : "they carry") + " no information"
                + (method == Scaler.Method.NONE ? "" : " and " + method.id() + " maps " + (constant.length == 1 ? "it" : "them") + " to 0"));
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
