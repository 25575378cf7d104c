package org.softcluster.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SerializableWritable;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.CsvColumns;
import org.softcluster.data.CsvReader;
import org.softcluster.data.CsvRecords;
import org.softcluster.data.DataException;
import org.softcluster.data.DataLoader;
import scala.Tuple2;

import java.io.IOException;
import java.io.Serializable;
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
     * {@link SparkInput#ROW_INDEX} when the options name no id column; ids are checked to be unique (one more pass).
     *
     * @param location a path or URI, as Spark's file systems take it
     * @param options the options {@code assign} reads the table with ({@code ModelInput#tableOptions})
     */
    static SparkInput read(SparkSession spark, String location, DataLoader.Options options) {
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
        String id = columns.idColumn();
        if (id == null) {
            return new SparkInput(spark.createDataFrame(SparkInput.indexed(rows), schema.add(SparkInput.ROW_INDEX, DataTypes.StringType, false)),
                    SparkInput.ROW_INDEX, List.of(columns.featureNames()));
        }
        Dataset<Row> frame = spark.createDataFrame(rows, schema.add(id, DataTypes.StringType, false).add(AT, DataTypes.LongType, false));
        requireUniqueIds(frame, id, files);
        return new SparkInput(frame.drop(AT), id, List.of(columns.featureNames()));
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
     * As {@code assign} refuses a repeated id, naming the first row that repeats one (in the order of the files and
     * their rows) and the row that used it first.
     */
    private static void requireUniqueIds(Dataset<Row> frame, String id, List<String> files) {
        List<Tuple2<String, long[]>> repeated = frame.select(id, AT).javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getString(0), new long[] {r.getLong(1), Long.MAX_VALUE}))
                .reduceByKey(CsvInput::firstTwo)
                .filter(t -> t._2[1] != Long.MAX_VALUE)
                .takeOrdered(1, new BySecondUse());
        if (repeated.isEmpty()) return;
        long[] at = repeated.get(0)._2;
        String again = name(files.get((int) (at[1] >>> 32)));
        String first = name(files.get((int) (at[0] >>> 32)));
        throw new DataException(again + " row " + (int) at[1] + ", column \"" + id + "\": duplicate id \"" + repeated.get(0)._1
                + "\" (first used in " + (first.equals(again) ? "" : first + " ") + "row " + (int) at[0] + ")");
    }

    /** The two earliest places of an id. */
    private static long[] firstTwo(long[] a, long[] b) {
        long[] all = {a[0], a[1], b[0], b[1]};
        Arrays.sort(all);
        return new long[] {all[0], all[1]};
    }

    /** Orders repeated ids by where they are first repeated. */
    private static final class BySecondUse implements java.util.Comparator<Tuple2<String, long[]>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<String, long[]> a, Tuple2<String, long[]> b) {
            return Long.compare(a._2[1], b._2[1]);
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
