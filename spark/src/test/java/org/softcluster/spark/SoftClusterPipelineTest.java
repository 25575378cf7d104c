package org.softcluster.spark;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.DataException;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.neural.NeuralModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark ML face on {@code local[2]}: a {@code Pipeline} of a {@code VectorAssembler} and {@link SoftCluster}
 * fitted, saved, loaded and applied gives the same output; the fitted model scores table columns as it scores
 * their vector; it is loaded once per JVM however many partitions score; bad rows and columns fail with one line
 * naming the column, row and policy, or are skipped.
 */
class SoftClusterPipelineTest {
    @TempDir static Path dir;
    static SparkSession spark;
    static Dataset<Row> blobs;
    static PipelineModel fitted;
    static Path modelDir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("SoftClusterPipelineTest").config("spark.ui.enabled", false).getOrCreate();
        List<Row> rows = new ArrayList<>();
        Random r = new Random(11);
        for (int i = 0; i < 600; i++) {
            int c = i % 3;
            rows.add(RowFactory.create("r" + i, 6.0 * c + r.nextGaussian(), -3.0 * c + r.nextGaussian(), 100 + 20.0 * c + 3 * r.nextGaussian()));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType);
        blobs = spark.createDataFrame(rows, schema).repartition(4);
        modelDir = dir.resolve("model");
        fitted = pipeline().fit(blobs);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** An assembler and a tiny SoftCluster that trains on a 400-row sample. */
    static Pipeline pipeline() {
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("features");
        SoftCluster softCluster = new SoftCluster().setModelDir(modelDir.toString()).setK(3).setMaxTrainRows(400).setSeed(3)
                .setHiddenLayers(8).setLatentDim(2).setEpochs(2).setPretrainEpochs(1).setTrainBatchSize(32);
        return new Pipeline().setStages(new PipelineStage[] {assembler, softCluster});
    }

    /** id -> probability vector of a scored frame, in id order. */
    static List<double[]> probabilities(Dataset<Row> scored) {
        return scored.orderBy("id").select("probability").collectAsList().stream().map(r -> ((Vector) r.get(0)).toArray()).toList();
    }

    @Test
    void aFittedPipelineSavedAndLoadedGivesTheSameOutput() throws IOException {
        Dataset<Row> scored = fitted.transform(blobs);
        assertEquals(List.of("id", "a", "b", "c", "features", "prediction", "probability", "entropy", "confidence"), List.of(scored.columns()));
        List<Row> rows = scored.orderBy("id").collectAsList();
        assertEquals(600, rows.size());
        for (Row r : rows) {
            double[] p = ((Vector) r.getAs("probability")).toArray();
            assertEquals(3, p.length);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-5);
            assertEquals(AssignmentsCsv.cluster(p), (int) r.getAs("prediction"));
            assertEquals(AssignmentsCsv.entropy(p), (double) r.getAs("entropy"), 1e-12);
            assertEquals(p[AssignmentsCsv.cluster(p)], (double) r.getAs("confidence"), 1e-12);
        }
        Path saved = dir.resolve("pipeline");
        fitted.write().overwrite().save(saved.toString());
        PipelineModel loaded = PipelineModel.load(saved.toString());
        SoftClusterModel stage = (SoftClusterModel) loaded.stages()[1];
        assertEquals(modelDir.toString(), stage.getModelDir());
        List<double[]> before = probabilities(scored);
        List<double[]> after = probabilities(loaded.transform(blobs));
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), 0.0, "row " + i);

        // the unfitted pipeline saves and loads too: the same estimator parameters
        Path unfitted = dir.resolve("unfitted");
        pipeline().write().overwrite().save(unfitted.toString());
        SoftCluster est = (SoftCluster) Pipeline.load(unfitted.toString()).getStages()[1];
        assertEquals(400, (int) est.getOrDefault(est.maxTrainRows()));
        assertArrayEquals(new int[] {8}, est.getOrDefault(est.hiddenLayers()));
    }

    @Test
    void theSampleIsSeededAndAtMostMaxTrainRows() throws IOException {
        java.util.Map<String, Object> info = ModelCache.get(modelDir.toString()).info();
        assertEquals(400, ((Number) info.get("train_objects")).intValue() + ((Number) info.get("validation_objects")).intValue(),
                "the model trained on the 400-row sample of 600 rows: " + info);
        Path again = dir.resolve("model-again");
        SoftCluster second = (SoftCluster) pipeline().getStages()[1];
        second.setModelDir(again.toString());
        Dataset<Row> features = ((VectorAssembler) pipeline().getStages()[0]).transform(blobs);
        List<double[]> first = probabilities(fitted.transform(blobs));
        List<double[]> repeat = probabilities(second.fit(features).transform(features));
        for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), repeat.get(i), 1e-6, "row " + i);
    }

    @Test
    void tableColumnsScoreAsTheirVector() {
        Dataset<Row> byVector = fitted.transform(blobs);
        SoftClusterModel columns = new SoftClusterModel().setModelDir(modelDir.toString()).setInputCols("a", "b", "c");
        List<double[]> a = probabilities(byVector);
        List<double[]> b = probabilities(columns.transform(blobs));
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 1e-12, "row " + i);
    }

    /** reliabilityCol appends the model's reliability estimate for each row's cluster, as assign --reliability does. */
    @Test
    void theReliabilityColumnIsTheModelsEstimate() throws IOException {
        SoftClusterModel m = new SoftClusterModel().setModelDir(modelDir.toString()).setInputCols("a", "b", "c")
                .setReliabilityCol("reliability");
        List<Row> rows = m.transform(blobs).orderBy("id").collectAsList();
        float[] x = new float[rows.size() * 3];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 3; j++) x[i * 3 + j] = (float) (double) rows.get(i).getAs(List.of("a", "b", "c").get(j));
        }
        NeuralModel model = ModelCache.get(modelDir.toString());
        org.softcluster.data.Dataset data = org.softcluster.data.Dataset.of("blobs", x, rows.size(), 3);
        double[] expected = model.reliability(data, AssignmentsCsv.clusters(model.predictProba(data)));
        for (int i = 0; i < rows.size(); i++) assertEquals(expected[i], (double) rows.get(i).getAs("reliability"), 1e-6, "row " + i);
        Path old = Files.createDirectories(dir.resolve("model-without-references"));
        for (String f : List.of("model.json", "model.npz")) Files.copy(modelDir.resolve(f), old.resolve(f));
        DataException refused = assertThrows(DataException.class, () -> m.copy(new org.apache.spark.ml.param.ParamMap())
                .setModelDir(old.toString()).transform(blobs));
        assertTrue(refused.getMessage().startsWith("reliabilityCol: model " + old + " has no reference codes"), refused.getMessage());
    }

    @Test
    void theModelIsLoadedOncePerJvmNotPerTaskOrRow() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("model-copy"));
        try (Stream<Path> files = Files.list(modelDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        int before = ModelCache.loads();
        SoftClusterModel m = new SoftClusterModel().setModelDir(copy.toString()).setInputCols("a", "b", "c").setBatchSize(7);
        assertEquals(600, m.transform(blobs.repartition(8)).count());
        assertEquals(600, m.transform(blobs.repartition(5)).count());
        assertEquals(before + 1, ModelCache.loads(), "13 tasks in 2 jobs, one load");
    }

    /** A frame of one row with the given a, b, c (nulls allowed) besides the blobs. */
    static Dataset<Row> withRow(Double a, Double b, Double c) {
        StructType schema = blobs.schema();
        return blobs.union(spark.createDataFrame(List.of(RowFactory.create("bad", a, b, c)), schema));
    }

    @Test
    void badRowsFailNamingColumnRowAndPolicyOrAreSkipped() {
        SoftClusterModel m = new SoftClusterModel().setModelDir(modelDir.toString()).setInputCols("a", "b", "c").setIdCol("id");
        for (Double[] bad : new Double[][] {{null, 1.0, 1.0}, {1.0, Double.POSITIVE_INFINITY, 1.0}, {1.0, 1.0, Double.NaN}}) {
            Dataset<Row> data = withRow(bad[0], bad[1], bad[2]);
            Exception e = assertThrows(Exception.class, () -> m.transform(data).count());
            Throwable cause = SparkMain.cause(e);
            assertTrue(cause instanceof DataException, "a DataException inside Spark's failure: " + e);
            String column = bad[0] == null ? "a" : bad[1].isInfinite() ? "b" : "c";
            assertTrue(cause.getMessage().startsWith("column \"" + column + "\": "), cause.getMessage());
            assertTrue(cause.getMessage().contains("the row with id \"bad\"") && cause.getMessage().contains("handleInvalid=skip"),
                    cause.getMessage());
            assertFalse(cause.getMessage().contains("\n"));
            assertEquals(600, m.copy(new org.apache.spark.ml.param.ParamMap()).setHandleInvalid("skip").transform(data).count());
        }
    }

    @Test
    void aVectorOfAnotherSizeOrAMissingColumnIsRefused() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("features", SQLDataTypes.VectorType());
        Dataset<Row> two = spark.createDataFrame(List.of(RowFactory.create("x", Vectors.dense(1, 2))), schema);
        SoftClusterModel m = new SoftClusterModel().setModelDir(modelDir.toString());
        Throwable e = SparkMain.cause(assertThrows(Exception.class, () -> m.transform(two).count()));
        assertTrue(e.getMessage().contains("has a vector of 2 values, the model takes 3 features"), e.getMessage());

        DataException missing = assertThrows(DataException.class,
                () -> new SoftClusterModel().setModelDir(modelDir.toString()).setInputCols("a", "b", "d").transform(blobs));
        assertTrue(missing.getMessage().contains("no input column \"d\""), missing.getMessage());
        DataException noModel = assertThrows(DataException.class,
                () -> new SoftClusterModel().setModelDir(dir.resolve("nothing").toString()).setInputCols("a", "b", "c").transform(blobs));
        assertTrue(noModel.getMessage().startsWith("cannot load model"), noModel.getMessage());
    }
}
