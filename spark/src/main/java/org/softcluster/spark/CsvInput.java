package org.softcluster.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.CsvColumns;
import org.softcluster.data.CsvReader;
import org.softcluster.data.CsvRecords;
import org.softcluster.data.DataException;
import org.softcluster.data.DataLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * A CSV or TSV table (a file, perhaps gzip-compressed, or a directory of part files) read for {@code spark-assign}
 * by core's reader, so that Spark reads exactly what {@code assign} reads: the header, its quirks and the columns
 * chosen from it are decided on the driver by the {@link CsvReader} that {@code assign} builds from the same options
 * ({@link CsvColumns}: the model's columns, the label and id columns, with assign's errors), and each file's records
 * are read on an executor by {@link CsvRecords} (quoting, line breaks in quoted cells, trimming, gzip, empty lines),
 * one task per file. The cells reach Spark as text, which {@link RowFeatures} judges by core's {@code Cells}.
 */
final class CsvInput {
    /** A row's place in the input, file index and data row: what names the first use of a repeated id. */
    private static final String AT = "_softcluster_at";

    private CsvInput() { }

    /**
     * The table's feature columns (the model's, in its order) and its id column as text columns, or the row index as
     * {@link SparkInput#ROW_INDEX} when the options name no id column, spread over {@code partitions} (null: at least the
     * default parallelism, since a file is read by one task). With an id column the rows are partitioned by id and
     * sorted within each partition, so that a repeated id meets its first use in one task and is refused there, as
     * {@code assign} refuses it, in the scoring job itself (no pass of its own).
     *
     * @param location a path or URI, as Spark's file systems take it
     * @param options the options {@code assign} reads the table with ({@code ModelInput#tableOptions})
     */
    static SparkInput read(SparkSession spark, String location, DataLoader.Options options, Integer partitions) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> files = files(conf, location);
        CsvReader reader = DataLoader.csvReader(files.get(0), options);
        String[] header = header(conf, files.get(0), reader.delimiter());
        CsvColumns columns = reader.columns(name(files.get(0)), header);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Parts parts = new Parts(files, reader.delimiter(), header, columns, jsc.broadcast(new SerializableWritable<>(conf)));
        JavaRDD<Row> rows = jsc.parallelize(IntStream.range(0, files.size()).boxed().toList(), files.size()).mapPartitions(parts);
        StructType schema = new StructType();
        for (String name : columns.featureNames()) schema = schema.add(name, DataTypes.StringType, false);
        List<String> features = List.of(columns.featureNames());
        int cores = spark.sparkContext().defaultParallelism();
        String id = columns.idColumn();
        if (id == null) {
            Dataset<Row> frame = spark.createDataFrame(SparkInput.indexed(rows), schema.add(SparkInput.ROW_INDEX, DataTypes.StringType, false));
            Integer n = partitions != null ? partitions : files.size() < cores ? cores : null;
            return new SparkInput(n == null ? frame : frame.repartition(n), SparkInput.ROW_INDEX, features);
        }
        schema = schema.add(id, DataTypes.StringType, false);
        Dataset<Row> frame = spark.createDataFrame(rows, schema.add(AT, DataTypes.LongType, false))
                .repartition(partitions != null ? partitions : Math.max(files.size(), cores), functions.col(id))
                .sortWithinPartitions(id, AT);
        List<String> names = files.stream().map(CsvInput::name).toList();
        return new SparkInput(frame.mapPartitions(new UniqueIds(features.size(), id, names), Encoders.row(schema)), id, features);
    }

    /** The file itself, or a directory's part files ({@code .csv}, {@code .csv.gz}; not hidden, not empty) by name. */
    private static List<String> files(Configuration conf, String location) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.getFileStatus(p).isDirectory()) return List.of(p.toString());
            List<String> parts = Arrays.stream(fs.listStatus(p)).filter(f -> f.isFile() && f.getLen() > 0)
                    .map(FileStatus::getPath)
                    .filter(f -> !f.getName().startsWith("_") && !f.getName().startsWith("."))
                    .filter(f -> f.getName().toLowerCase(Locale.ROOT).matches(".*\\.csv(\\.gz)?$"))
                    .sorted().map(org.apache.hadoop.fs.Path::toString).toList();
            if (parts.isEmpty()) throw new DataException(location + ": no .csv part files");
            return parts;
        } catch (IOException e) {
            throw new DataException(location + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The header of a file, as core's reader decides it. */
    private static String[] header(Configuration conf, String file, char delimiter) {
        try (CsvRecords records = open(conf, file, delimiter)) {
            return records.header();
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static CsvRecords open(Configuration conf, String file, char delimiter) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
        return CsvRecords.open(p.getName(), p.getFileSystem(conf).open(p), delimiter);
    }

    private static String name(String file) {
        return new org.apache.hadoop.fs.Path(file).getName();
    }

    /**
     * The rows of a partition sorted by id and place, less their place, with a repeated id refused as {@code assign}
     * refuses it: naming the row that repeats it and the row that used it first.
     */
    private record UniqueIds(int idIndex, String id, List<String> files) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                private String previous;
                private long previousAt;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row r = rows.next();
                    String value = r.getString(idIndex);
                    long at = r.getLong(idIndex + 1);
                    if (value.equals(previous)) {
                        String again = files.get((int) (at >>> 32));
                        String first = files.get((int) (previousAt >>> 32));
                        throw new DataException(again + " row " + (int) at + ", column \"" + id + "\": duplicate id \"" + value
                                + "\" (first used in " + (first.equals(again) ? "" : first + " ") + "row " + (int) previousAt + ")");
                    }
                    previous = value;
                    previousAt = at;
                    Object[] values = new Object[idIndex + 1];
                    for (int c = 0; c <= idIndex; c++) values[c] = r.get(c);
                    return RowFactory.create(values);
                }
            };
        }
    }

    /**
     * The records of the files of one partition (one file each): every file's header must be the first file's, and
     * a single file must have a data row, as {@code assign} requires. A row is the feature cells, then, with an id
     * column, the id and its place ({@link #AT}); the label is checked (not empty) and left out.
     */
    private record Parts(List<String> files, char delimiter, String[] header, CsvColumns columns,
                         Broadcast<SerializableWritable<Configuration>> conf) implements FlatMapFunction<Iterator<Integer>, Row> {
        @Override
        public Iterator<Row> call(Iterator<Integer> indices) {
            return new Iterator<>() {
                private CsvRecords records;
                private int file;

                @Override
                public boolean hasNext() {
                    while (records == null || !records.hasNext()) {
                        if (records != null) close();
                        if (!indices.hasNext()) return false;
                        file = indices.next();
                        records = start(file);
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    String[] record = records.next();
                    int row = records.row();
                    String fname = records.name();
                    String[] cells = columns.featureCells(record);
                    columns.label(fname, row, record);
                    String id = columns.id(fname, row, record);
                    if (id == null) return RowFactory.create((Object[]) cells);
                    Object[] values = Arrays.copyOf(cells, cells.length + 2, Object[].class);
                    values[cells.length] = id;
                    values[cells.length + 1] = ((long) file << 32) | row;
                    return RowFactory.create(values);
                }

                private CsvRecords start(int index) {
                    try {
                        CsvRecords r = open(conf.value().value(), files.get(index), delimiter);
                        TaskContext task = TaskContext.get();
                        if (task != null) task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> closeQuietly(r));
                        if (!Arrays.equals(r.header(), header)) {
                            closeQuietly(r);
                            throw new DataException(r.name() + ": its columns " + List.of(r.header()) + " are not those of "
                                    + name(files.get(0)) + " " + List.of(header));
                        }
                        if (files.size() == 1 && !r.hasNext()) {
                            closeQuietly(r);
                            throw new DataException(r.name() + ": no data rows after the header");
                        }
                        return r;
                    } catch (IOException e) {
                        throw new UncheckedIOException(files.get(index) + ": cannot read (" + e.getMessage() + ")", e);
                    }
                }

                private void close() {
                    closeQuietly(records);
                    records = null;
                }
            };
        }

        private static void closeQuietly(CsvRecords r) {
            try {
                r.close();
            } catch (IOException e) {
                // read to the end, or the task is over: nothing is lost
            }
        }
    }
}
