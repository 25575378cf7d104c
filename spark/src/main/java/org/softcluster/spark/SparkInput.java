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
 * The data of {@code spark-assign} as a Spark DataFrame with an id column: tables are read on the executors and keep
 * their columns, which the model encodes — a CSV or TSV file (perhaps gzip-compressed) or a directory of CSV part
 * files by core's CSV reader, with {@code assign}'s decisions ({@link CsvInput}), a Parquet file or directory by
 * Spark —; an MNIST directory or a {@code .npy} array is read on the driver exactly as {@code assign} reads it and
 * handed to Spark as a features vector column.
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
        return kind.equals("driver") ? driverRead(spark, input, model, partitions) : tableRead(spark, input, model, location, kind, partitions);
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

    /**
     * A table: a CSV or TSV file or directory read by core's reader ({@link CsvInput}), or Parquet read by Spark; every
     * cell is judged as assign judges it ({@link RowFeatures}), ids attached.
     */
    private static SparkInput tableRead(SparkSession spark, ModelInput input, NeuralModel model, String path, String kind,
                                        Integer partitions) {
        Encoding encoding = ModelInput.tableEncoding(model);
        if (encoding == null) {
            throw new DataException(path + ": a table needs a model trained on a table with named columns (this model was"
                    + " trained on images or an array)");
        }
        String location = isUri(path) ? path : Path.of(path).toAbsolutePath().toString();
        if (!kind.equals("parquet")) return CsvInput.read(spark, location, input.tableOptions(model), partitions);
        SparkInput read = parquetRead(spark, input.data(), encoding, path, location);
        return partitions == null ? read : new SparkInput(read.frame.repartition(partitions), read.idColumn, read.inputCols);
    }

    /** Parquet, typed as written: the model's columns taken by name (others ignored), ids attached. */
    private static SparkInput parquetRead(SparkSession spark, DataOptions data, Encoding encoding, String path, String location) {
        List<String> columns = encoding.columnNames();
        if (data.columns() != null && !new HashSet<>(data.columns()).equals(new HashSet<>(columns))) {
            throw new DataException("--columns " + String.join(",", data.columns()) + " are not the model's columns " + columns);
        }
        if (data.categorical() != null && !new HashSet<>(data.categorical()).equals(new HashSet<>(encoding.categoricalColumns()))) {
            throw new DataException("--categorical " + String.join(",", data.categorical()) + " is not the model's categorical"
                    + " columns " + encoding.categoricalColumns());
        }
        Dataset<Row> frame = spark.read().parquet(location);
        String id = data.idColumn();
        if (id != null) {
            if (!List.of(frame.columns()).contains(id)) {
                throw new DataException(path + ": no id column \"" + id + "\" (its columns: " + String.join(", ", frame.columns()) + ")");
            }
            return new SparkInput(frame.withColumn(id, functions.col(id).cast(DataTypes.StringType)), id, columns);
        }
        StructType schema = frame.schema().add(ROW_INDEX, DataTypes.StringType, false);
        return new SparkInput(spark.createDataFrame(indexed(frame.toJavaRDD()), schema), ROW_INDEX, columns);
    }

    /** The rows, each with its index in the input (from 0, as text) appended: the {@link #ROW_INDEX} column's values. */
    static JavaRDD<Row> indexed(JavaRDD<Row> rows) {
        return rows.zipWithIndex().map(t -> {
            Object[] values = new Object[t._1.length() + 1];
            for (int c = 0; c < t._1.length(); c++) values[c] = t._1.get(c);
            values[values.length - 1] = Long.toString(t._2);
            return RowFactory.create(values);
        });
    }
}
