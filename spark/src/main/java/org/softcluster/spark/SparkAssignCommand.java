package org.softcluster.spark;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.commons.csv.CSVPrinter;
import org.softcluster.cli.CliException;
import org.softcluster.cli.Main;
import org.softcluster.cli.ModelInput;
import org.softcluster.data.Cells;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.io.AtomicFiles;
import org.softcluster.neural.NeuralModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code softcluster spark-assign}: {@code assign} on Apache Spark. The same model and data options; the rows are
 * scored by a {@link SoftClusterModel} on the executors, and the output is a directory of part files (CSV with
 * {@code assign}'s columns and number format, or Parquet with the same fields), written under a temporary name
 * and renamed when complete, so that a failed run leaves no output behind.
 */
@Command(name = "spark-assign", mixinStandardHelpOptions = true, showDefaultValues = true, versionProvider = Main.Version.class,
        description = {"Write soft assignments (id,cluster,p_0..p_{K-1},entropy,confidence[,reliability]) for data under a"
                + " trained model, scored on Apache Spark.",
                "Tables (.csv/.tsv, a directory of .csv or .parquet parts, a .parquet file) are read on the executors, CSV by"
                        + " assign's reader; an MNIST directory or a .npy file is read on the driver. The model directory must be"
                        + " readable by every executor."})
public final class SparkAssignCommand implements Callable<Integer> {
    @Mixin ModelInput input;
    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory of part files (replaced if it exists); a local path or a URI such as hdfs://...")
    String out;
    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet", description = "Output format.")
    String format;
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] (default: the one spark-submit set, else local[*]).")
    String master;
    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the input into N partitions (default: as read).")
    Integer partitions;
    @Option(names = "--batch-size", defaultValue = "4096", paramLabel = "N", description = "Rows per model call.")
    int batchSize;
    @Option(names = "--handle-invalid", defaultValue = "error", paramLabel = "error|skip",
            description = "A row that cannot be scored (a refused missing cell, an infinite or non-numeric value): fail, or drop it.")
    String handleInvalid;
    @Option(names = "--reliability", description = {"Add a last column 'reliability': each row's label-free reliability estimate for its cluster,",
            "as assign --reliability (the model's reference codes are needed)."})
    boolean reliability;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("csv") && !format.equals("parquet")) throw CliException.input("--format must be csv or parquet, got '" + format + "'");
        if (!handleInvalid.equals("error") && !handleInvalid.equals("skip")) {
            throw CliException.input("--handle-invalid must be error or skip, got '" + handleInvalid + "'");
        }
        if (partitions != null && partitions < 1) throw CliException.input("--partitions must be at least 1, got " + partitions);
        if (batchSize < 1) throw CliException.input("--batch-size must be at least 1, got " + batchSize);
        if (input.data().path() == null) throw CliException.input("--data is required");
        if (!SparkInput.isUri(out)) {
            Path local = Path.of(out).toAbsolutePath();
            if (Files.exists(local) && !Files.isDirectory(local)) throw CliException.input(out + " exists and is not a directory");
            AtomicFiles.checkWritableDir(local.getParent());
        }
        NeuralModel model = ModelCache.get(input.modelDir().toString());
        if (reliability) input.requireReferences(model, "--reliability");
        // a session that already runs in this JVM (a test's, an application's) is used and left running
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session();
        try {
            // the option as typed: picocli's Path would fold the "//" of a URI such as hdfs://namenode/...
            String location = spec.commandLine().getParseResult().matchedOption("--data").stringValues().get(0);
            SparkInput data = SparkInput.read(spark, input, location, model, partitions);
            SoftClusterModel scorer = new SoftClusterModel().setModelDir(input.modelDir().toString())
                    .setBatchSize(batchSize).setHandleInvalid(handleInvalid).setIdCol(data.idColumn());
            if (input.data().missingPolicy() != null) scorer.setMissing(input.data().missingPolicy().id());
            if (reliability) scorer.setReliabilityCol("reliability");
            if (!data.inputCols().isEmpty()) scorer.setInputCols(data.inputCols().toArray(new String[0]));
            else scorer.setFeaturesCol(SparkInput.FEATURES);
            LongAccumulator rows = spark.sparkContext().longAccumulator("rows");
            LongAccumulator dropped = spark.sparkContext().longAccumulator("dropped");
            LongAccumulator unseen = spark.sparkContext().longAccumulator("unseen");
            boolean text = format.equals("csv");
            int id = data.frame().schema().fieldIndex(data.idColumn());
            Dataset<Row> table = scorer.transformInto(data.frame(), outputSchema(model.k(), text, reliability),
                    new OutputRow(id, text, model.k(), reliability, rows, dropped, unseen));
            writeAtomically(spark, table, out);
            // the same warnings as assign's (one line each), counted over every partition
            if (dropped.value() > 0) {
                warn(String.format(java.util.Locale.ROOT, "%s: dropped %d of %d rows (%s)", location, dropped.value(),
                        dropped.value() + rows.value(), "a missing cell under --missing drop, or an invalid row under --handle-invalid skip"));
            }
            if (unseen.value() > 0) {
                warn(String.format(java.util.Locale.ROOT, "%s: %d rows have a category not seen in training (encoded as all zeros)",
                        location, unseen.value()));
            }
            spec.commandLine().getOut().println("wrote " + rows.value() + " assignments to " + out + " (" + format + ")");
        } finally {
            if (ownSession) spark.stop();
        }
        return 0;
    }

    private void warn(String message) {
        spec.commandLine().getErr().println("softcluster: warning: " + message);
    }

    /** The session: the master spark-submit set, or --master, or local[*]. */
    private SparkSession session() {
        SparkSession.Builder b = SparkSession.builder().appName("softcluster spark-assign");
        if (master != null) b.master(master);
        else if (System.getProperty("spark.master") == null) b.master("local[*]");
        if (master != null && master.startsWith("local") || System.getProperty("spark.master") == null) b.config("spark.ui.enabled", false);
        return b.getOrCreate();
    }

    /**
     * Writes into a temporary sibling directory, then renames it to {@code target} (replacing an older one); on
     * failure removes it. Through Hadoop's file system API, so that the same holds on HDFS or S3 as on a local disk.
     */
    private void writeAtomically(SparkSession spark, Dataset<Row> table, String target) throws IOException {
        org.apache.hadoop.fs.Path dest = new org.apache.hadoop.fs.Path(SparkInput.isUri(target) ? target
                : Path.of(target).toAbsolutePath().toUri().toString());
        org.apache.hadoop.fs.Path tmp = dest.suffix(".tmp-" + UUID.randomUUID().toString().substring(0, 8));
        FileSystem fs = dest.getFileSystem(spark.sparkContext().hadoopConfiguration());
        boolean done = false;
        try {
            if (format.equals("csv")) {
                // the rows are finished CSV lines (assign's quoting, a header first in each part): written as text,
                // then named .csv
                table.write().text(tmp.toString());
                for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(tmp)) {
                    String name = f.getPath().getName();
                    if (name.startsWith("part-") && name.endsWith(".txt")) {
                        org.apache.hadoop.fs.Path csv = new org.apache.hadoop.fs.Path(tmp, name.substring(0, name.length() - 4) + ".csv");
                        if (!fs.rename(f.getPath(), csv)) throw new IOException("cannot rename " + f.getPath() + " to " + csv);
                    }
                }
            } else {
                table.write().parquet(tmp.toString());
            }
            if (fs.exists(dest)) fs.delete(dest, true);
            if (!fs.rename(tmp, dest)) throw new IOException("cannot rename " + tmp + " to " + dest);
            done = true;
        } finally {
            if (!done) fs.delete(tmp, true);
        }
    }

    /**
     * assign's columns: id, cluster, p_0..p_{K-1}, entropy, confidence[, reliability], typed (Parquet); or one text column
     * of CSV lines.
     */
    static StructType outputSchema(int k, boolean text, boolean reliability) {
        if (text) return new StructType().add("value", DataTypes.StringType, false);
        StructType s = new StructType().add("id", DataTypes.StringType, false).add("cluster", DataTypes.IntegerType, false);
        for (int j = 0; j < k; j++) s = s.add("p_" + j, DataTypes.DoubleType, false);
        s = s.add("entropy", DataTypes.DoubleType, false).add("confidence", DataTypes.DoubleType, false);
        return reliability ? s.add("reliability", DataTypes.DoubleType, false) : s;
    }

    /**
     * One output row from an input row and its soft assignment, counted: the typed fields (Parquet), or the CSV line
     * assign writes for it — its quoting and number format — with assign's header line first in each part.
     */
    private static final class OutputRow implements PartitionScorer.RowMaker {
        private static final long serialVersionUID = 1L;
        private final int idIndex;
        private final boolean text;
        private final int k;
        private final boolean reliability;
        private final LongAccumulator count;
        private final LongAccumulator dropped;
        private final LongAccumulator unseen;
        private transient StringBuilder line;
        private transient CSVPrinter printer;
        private transient List<String> fields;

        OutputRow(int idIndex, boolean text, int k, boolean reliability, LongAccumulator count, LongAccumulator dropped,
                  LongAccumulator unseen) {
            this.idIndex = idIndex;
            this.text = text;
            this.k = k;
            this.reliability = reliability;
            this.count = count;
            this.dropped = dropped;
            this.unseen = unseen;
        }

        @Override
        public void tally(long droppedRows, long unseenRows) {
            if (droppedRows > 0) dropped.add(droppedRows);
            if (unseenRows > 0) unseen.add(unseenRows);
        }

        @Override
        public Row header() {
            if (!text) return null;
            List<String> names = new ArrayList<>(List.of("id", "cluster"));
            for (int j = 0; j < k; j++) names.add("p_" + j);
            names.add("entropy");
            names.add("confidence");
            if (reliability) names.add("reliability");
            return new GenericRow(new Object[] {csv(names)});
        }

        @Override
        public Row make(Row input, double[] p, double r) {
            int best = AssignmentsCsv.cluster(p);
            count.add(1);
            if (!text) {
                Object[] v = new Object[p.length + (reliability ? 5 : 4)];
                v[0] = Cells.trim(input.getString(idIndex));
                v[1] = best;
                for (int j = 0; j < p.length; j++) v[2 + j] = p[j];
                v[p.length + 2] = AssignmentsCsv.entropy(p);
                v[p.length + 3] = p[best];
                if (reliability) v[p.length + 4] = r;
                return new GenericRow(v);
            }
            if (fields == null) fields = new ArrayList<>(p.length + 5);
            fields.clear();
            fields.add(Cells.trim(input.getString(idIndex)));   // as assign's reader trims it
            fields.add(Integer.toString(best));
            for (double x : p) fields.add(AssignmentsCsv.num(x));
            fields.add(AssignmentsCsv.num(AssignmentsCsv.entropy(p)));
            fields.add(AssignmentsCsv.num(p[best]));
            if (reliability) fields.add(AssignmentsCsv.num(r));
            return new GenericRow(new Object[] {csv(fields)});
        }

        /** One record as assign's CSVPrinter writes it, without the line end. */
        private String csv(List<String> values) {
            try {
                if (printer == null) {
                    line = new StringBuilder(256);
                    printer = new CSVPrinter(line, AssignmentsCsv.FORMAT);
                }
                line.setLength(0);
                printer.printRecord(values);
                return line.substring(0, line.length() - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
