package org.softcluster.spark;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softcluster.cli.DataOptions;
import org.softcluster.cli.ModelInput;
import org.softcluster.data.DataException;
import org.softcluster.data.Mnist;
import org.softcluster.data.Encoding;
import org.softcluster.neural.NeuralModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The data of {@code spark-assign} as a Spark DataFrame with an id column: tables (a CSV or TSV file, perhaps
 * gzip-compressed, a directory of CSV part files, a Parquet file or directory) are read by Spark on the executors
 * and keep their columns, which the model encodes; an MNIST directory or a {@code .npy} array is read on the
 * driver exactly as {@code assign} reads it and handed to Spark as a features vector column.
 *
 * @param frame the rows
 * @param idColumn the column holding each row's id (the {@code --id-column}, or the row index in the input)
 * @param inputCols the model's table columns to encode, or empty when {@code frame} has a {@link #FEATURES} vector
 */
record SparkInput(Dataset<Row> frame, String idColumn, List<String> inputCols) {
    /** The vector column of data read on the driver. */
    static final String FEATURES = "features";
    /** The id column added when the data names none: the row's index in the input, from 0, as {@code assign} numbers rows. */
    static final String ROW_INDEX = "_softcluster_row";

    /**
     * Reads {@code --data} for the model (driver-side checks first: one-line errors for bad options). {@code location}
     * is the option as typed: a local path, or a URI that Spark reads ({@code hdfs://}, {@code s3a://}, ...).
     */
    static SparkInput read(SparkSession spark, ModelInput input, String location, NeuralModel model, Integer partitions) {
        String kind = kind(spark, location);
        SparkInput read = kind.equals("driver") ? driverRead(spark, input, model, partitions)
                : tableRead(spark, input.data(), model, location, kind);
        return partitions == null || kind.equals("driver") ? read
                : new SparkInput(read.frame.repartition(partitions), read.idColumn, read.inputCols);
    }

    /** Whether a location is a URI with a scheme ({@code hdfs://...}, {@code s3a://...}, {@code file:/...}) rather than a plain path. */
    static boolean isUri(String location) {
        return location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:");
    }

    /** {@code csv}, {@code tsv} or {@code parquet} for what Spark reads, {@code driver} for MNIST and .npy (local files). */
    private static String kind(SparkSession spark, String location) {
        if (!isUri(location) || location.startsWith("file:")) {
            Path path = location.startsWith("file:") ? Path.of(java.net.URI.create(location)) : Path.of(location);
            if (!Files.exists(path)) throw new DataException(location + ": no such file or directory");
            if (!Files.isDirectory(path) && String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT).endsWith(".npy")) return "driver";
            if (Files.isDirectory(path) && Mnist.isMnistDirectory(path)) return "driver";
        }
        String name = location.replaceAll("/+$", "").toLowerCase(Locale.ROOT);
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) throw new DataException(location + ": no such file or directory");
            if (!fs.getFileStatus(p).isDirectory()) return tableKind(location, name);
            for (FileStatus f : fs.listStatus(p)) {
                String child = f.getPath().getName().toLowerCase(Locale.ROOT);
                if (child.endsWith(".parquet")) return "parquet";
                if (child.endsWith(".csv") || child.endsWith(".csv.gz")) return "csv";
            }
        } catch (IOException e) {
            throw new DataException(location + ": cannot read (" + e.getMessage() + ")", e);
        }
        throw new DataException(location + ": neither an MNIST directory nor a directory of .csv or .parquet files");
    }

    private static String tableKind(String location, String name) {
        if (name.endsWith(".parquet")) return "parquet";
        if (name.endsWith(".tsv") || name.endsWith(".tsv.gz")) return "tsv";
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) return "csv";
        throw new DataException(location + ": unsupported input type; expected an MNIST directory, a .csv, .tsv, .parquet"
                + " or .npy file, or a directory of .csv or .parquet files");
    }

    /**
     * The column names of a CSV/TSV file's header line (of the first part file, by name, of a directory; gzip read
     * as such), parsed as a CSV record (quoted names allowed).
     */
    static List<String> header(SparkSession spark, String location, char sep) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path file = p;
            if (fs.getFileStatus(p).isDirectory()) {
                file = java.util.Arrays.stream(fs.listStatus(p)).map(FileStatus::getPath)
                        .filter(f -> !f.getName().startsWith("_") && !f.getName().startsWith("."))
                        .filter(f -> f.getName().toLowerCase(Locale.ROOT).matches(".*\\.csv(\\.gz)?$"))
                        .sorted().findFirst()
                        .orElseThrow(() -> new DataException(location + ": no .csv part files"));
            }
            org.apache.hadoop.io.compress.CompressionCodec codec =
                    new org.apache.hadoop.io.compress.CompressionCodecFactory(spark.sparkContext().hadoopConfiguration()).getCodec(file);
            try (java.io.InputStream raw = fs.open(file);
                 java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                         codec == null ? raw : codec.createInputStream(raw), java.nio.charset.StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (line == null || line.isBlank()) throw new DataException(file + ": empty file (no header line)");
                if (line.startsWith("\uFEFF")) line = line.substring(1);
                try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(line,
                        org.apache.commons.csv.CSVFormat.DEFAULT.builder().setDelimiter(sep).build())) {
                    List<String> names = new ArrayList<>();
                    for (String name : parser.getRecords().get(0)) names.add(name);
                    if (new HashSet<>(names).size() < names.size()) throw new DataException(file + ": repeated column names in the header " + names);
                    return names;
                }
            }
        } catch (IOException e) {
            throw new DataException(location + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** MNIST or .npy: read as assign reads them, then distributed as (id, features vector) rows. */
    private static SparkInput driverRead(SparkSession spark, ModelInput input, NeuralModel model, Integer partitions) {
        org.softcluster.data.Dataset d = input.dataFor(model);
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            float[] r = d.row(i);
            double[] v = new double[r.length];
            for (int j = 0; j < r.length; j++) v[j] = r[j];
            rows.add(RowFactory.create(d.id(i), Vectors.dense(v)));
        }
        StructType schema = new StructType().add(ROW_INDEX, DataTypes.StringType, false).add(FEATURES, SQLDataTypes.VectorType(), false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rdd = partitions == null ? jsc.parallelize(rows) : jsc.parallelize(rows, partitions);
        return new SparkInput(spark.createDataFrame(rdd, schema), ROW_INDEX, List.of());
    }

    /** A table read by Spark: every column as text (cells are judged as assign judges them), ids attached. */
    private static SparkInput tableRead(SparkSession spark, DataOptions data, NeuralModel model, String path, String kind) {
        Encoding encoding = ModelInput.tableEncoding(model);
        if (encoding == null) {
            throw new DataException(path + ": a table needs a model trained on a table with named columns (this model was"
                    + " trained on images or an array)");
        }
        List<String> columns = encoding.columnNames();
        if (data.columns() != null && !new HashSet<>(data.columns()).equals(new HashSet<>(columns))) {
            throw new DataException("--columns " + String.join(",", data.columns()) + " are not the model's columns " + columns);
        }
        if (data.categorical() != null && !new HashSet<>(data.categorical()).equals(new HashSet<>(encoding.categoricalColumns()))) {
            throw new DataException("--categorical " + String.join(",", data.categorical()) + " is not the model's categorical"
                    + " columns " + encoding.categoricalColumns());
        }
        String location = isUri(path) ? path : Path.of(path).toAbsolutePath().toString();
        Dataset<Row> frame;
        if (kind.equals("parquet")) {
            frame = spark.read().parquet(location);
        } else {
            // the header is read here, so that Spark needs no job of its own to find the columns (every cell is text)
            char sep = kind.equals("tsv") ? '\t' : ',';
            StructType text = new StructType();
            for (String c : header(spark, location, sep)) text = text.add(c, DataTypes.StringType, true);
            frame = spark.read().schema(text).option("header", true).option("enforceSchema", false)
                    .option("sep", String.valueOf(sep)).option("mode", "FAILFAST")
                    // RFC 4180 quotes ("" inside a quoted cell is one "), cells trimmed: as assign's reader reads them
                    .option("quote", "\"").option("escape", "\"")
                    .option("ignoreLeadingWhiteSpace", true).option("ignoreTrailingWhiteSpace", true).csv(location);
        }
        String id = data.idColumn();
        if (id != null) {
            if (!List.of(frame.columns()).contains(id)) {
                throw new DataException(path + ": no id column \"" + id + "\" (its columns: " + String.join(", ", frame.columns()) + ")");
            }
            return new SparkInput(frame.withColumn(id, functions.col(id).cast(DataTypes.StringType)), id, columns);
        }
        StructType schema = frame.schema().add(ROW_INDEX, DataTypes.StringType, false);
        JavaRDD<Row> indexed = frame.toJavaRDD().zipWithIndex().map(t -> {
            Object[] values = new Object[t._1.length() + 1];
            for (int c = 0; c < t._1.length(); c++) values[c] = t._1.get(c);
            values[values.length - 1] = Long.toString(t._2);
            return RowFactory.create(values);
        });
        return new SparkInput(spark.createDataFrame(indexed, schema), ROW_INDEX, columns);
    }
}
