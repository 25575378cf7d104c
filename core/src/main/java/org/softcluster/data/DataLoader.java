package org.softcluster.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The single entry point for reading input data: an MNIST directory, a {@code .csv}/{@code .tsv}
 * table or a {@code .npy} array, chosen by what the path is.
 */
public final class DataLoader {

    private DataLoader() { }

    /**
     * What was loaded.
     *
     * @param train the training data (for MNIST the training split, otherwise the whole file)
     * @param test the MNIST test split, or null for CSV and NPY input (the caller splits)
     * @param labelNames category names of labels 0..C-1 when a CSV label column held strings, else null
     * @param warnings one line each for a person: rows dropped for missing cells, categories unseen in training
     */
    public record Loaded(Dataset train, Dataset test, List<String> labelNames, List<String> warnings) {
        /** What was loaded, without warnings. */
        public Loaded(Dataset train, Dataset test, List<String> labelNames) {
            this(train, test, labelNames, List.of());
        }

        /** Whether a separate test split was loaded. */
        public boolean hasTest() { return test != null; }
    }

    /**
     * Reading options; the CSV ones are ignored for other inputs.
     *
     * @param labelColumn CSV column with class labels, or null
     * @param idColumn CSV column with object ids, or null
     * @param featureColumns CSV feature columns in order, or null/empty for all other columns
     * @param labelsFile a 1-D integer {@code .npy} with one label per row of a {@code .npy} input, or null
     * @param categoricalColumns CSV feature columns to one-hot encode besides those detected (text), or null
     * @param missing what a missing CSV feature cell does (null: refused, or the saved encoding's policy)
     * @param encoding a saved encoding (a model's) to read CSV data with, nothing fitted; null to fit one on the file
     */
    public record Options(String labelColumn, String idColumn, List<String> featureColumns, Path labelsFile,
                          List<String> categoricalColumns, Encoding.Missing missing, Encoding encoding) {

        /** Options with nothing set: unlabelled, all columns are features. */
        public static Options defaults() { return new Options(null, null, null, null, null, null, null); }

        /** A copy with the CSV label column set. */
        public Options withLabelColumn(String name) {
            return new Options(name, idColumn, featureColumns, labelsFile, categoricalColumns, missing, encoding);
        }

        /** A copy with the CSV id column set. */
        public Options withIdColumn(String name) {
            return new Options(labelColumn, name, featureColumns, labelsFile, categoricalColumns, missing, encoding);
        }

        /** A copy with the CSV feature columns set. */
        public Options withFeatureColumns(List<String> names) {
            return new Options(labelColumn, idColumn, names, labelsFile, categoricalColumns, missing, encoding);
        }

        /** A copy with the NPY labels file set. */
        public Options withLabelsFile(Path file) {
            return new Options(labelColumn, idColumn, featureColumns, file, categoricalColumns, missing, encoding);
        }

        /** A copy with the CSV categorical columns set. */
        public Options withCategoricalColumns(List<String> names) {
            return new Options(labelColumn, idColumn, featureColumns, labelsFile, names, missing, encoding);
        }

        /** A copy with the missing-cell policy set. */
        public Options withMissing(Encoding.Missing policy) {
            return new Options(labelColumn, idColumn, featureColumns, labelsFile, categoricalColumns, policy, encoding);
        }

        /** A copy that reads CSV data with a saved encoding. */
        public Options withEncoding(Encoding saved) {
            return new Options(labelColumn, idColumn, featureColumns, labelsFile, categoricalColumns, missing, saved);
        }

        private boolean hasCsvOptions() {
            return labelColumn != null || idColumn != null || (featureColumns != null && !featureColumns.isEmpty())
                    || (categoricalColumns != null && !categoricalColumns.isEmpty())
                    || (missing != null && missing != Encoding.Missing.ERROR) || encoding != null;
        }
    }

    /** Whether the path names a table: a {@code .csv} or {@code .tsv} file, perhaps gzip-compressed ({@code .gz}). */
    public static boolean isTable(Path path) {
        String lower = tableName(DataFiles.name(path));
        return !Files.isDirectory(path) && (lower.endsWith(".csv") || lower.endsWith(".tsv"));
    }

    /** A file name in lower case, less a trailing {@code .gz}. */
    private static String tableName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    }

    /** What a path is read as by {@link #load}: an MNIST directory, a table (.csv, .tsv) or an array (.npy). */
    public enum Kind {
        MNIST, TABLE, ARRAY;

        /** The lower-case name a sweep records in its sweep.json ("mnist", "table", "array"). */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What {@link #load} reads a path as, by the same rules (the content is not checked). */
    public static Kind kind(Path path) {
        if (Files.isDirectory(path)) {
            return Kind.MNIST;
        }
        return isTable(path) ? Kind.TABLE : Kind.ARRAY;
    }

    /**
     * The reader of a table named {@code location} (a path or a URI; {@code .tsv}, perhaps {@code .gz}, is tab-separated)
     * under the options: what {@link #load} reads a table with, for engines that read its records themselves.
     *
     * @throws DataException when an option does not apply to a table (a labels file)
     */
    public static CsvReader csvReader(String location, Options options) {
        Options opts = options == null ? Options.defaults() : options;
        if (opts.labelsFile() != null) {
            throw new DataException(location + ": a separate labels file applies only to .npy input; use a label column");
        }
        String trimmed = location.replaceAll("/+$", "");
        String name = tableName(trimmed.substring(trimmed.lastIndexOf('/') + 1));
        return CsvReader.builder()
                .delimiter(name.endsWith(".tsv") ? '\t' : ',')
                .labelColumn(opts.labelColumn())
                .idColumn(opts.idColumn())
                .featureColumns(opts.featureColumns())
                .categoricalColumns(opts.categoricalColumns())
                .missing(opts.missing())
                .encoding(opts.encoding())
                .build();
    }

    /** Loads with default options. */
    public static Loaded load(Path path) {
        return load(path, Options.defaults());
    }

    /**
     * Loads a directory as MNIST, a {@code .csv} (comma) or {@code .tsv} (tab) file as a table, or a
     * {@code .npy} file as an array (extensions are case-insensitive; a trailing {@code .gz} is
     * allowed for CSV and TSV).
     *
     * @throws DataException if the path is missing, of an unknown type, or its content is invalid
     */
    public static Loaded load(Path path, Options options) {
        Options opts = options == null ? Options.defaults() : options;
        if (!Files.exists(path)) {
            throw new DataException(path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            // Options that cannot apply are rejected so that a mistaken flag is not silently ignored.
            if (opts.hasCsvOptions() || opts.labelsFile() != null) {
                throw new DataException(path + ": label, id, feature-column, categorical-column, missing-cell and labels-file"
                        + " options do not apply to an"
                        + " MNIST directory (its labels are read from the IDX files)");
            }
            return Mnist.load(path);
        }
        if (isTable(path)) {
            CsvReader.Result r = csvReader(path.toString(), opts).read(path);
            return new Loaded(r.dataset(), null, r.labelNames(), r.warnings());
        }
        if (DataFiles.name(path).toLowerCase(Locale.ROOT).endsWith(".npy")) {
            if (opts.hasCsvOptions()) {
                throw new DataException(path + ": label, id, feature-column, categorical-column, missing-cell and encoding"
                        + " options apply only to CSV input; give .npy labels as a separate labels file");
            }
            return new Loaded(NpyReader.read(path, opts.labelsFile()), null, null);
        }
        throw new DataException(path + ": unsupported input type; expected an MNIST directory, a .csv or .tsv file,"
                + " or a .npy file");
    }
}
