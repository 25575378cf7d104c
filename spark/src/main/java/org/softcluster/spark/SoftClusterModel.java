package org.softcluster.spark;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.DataException;
import org.softcluster.neural.NeuralModel;

import java.util.List;

/**
 * A trained softcluster model as a Spark ML {@link Model}: {@link #transform} appends each row's most likely
 * cluster ({@code prediction}, int), its soft assignment ({@code probability}, an ML vector of K values, as
 * Spark's {@code GaussianMixtureModel} gives), the entropy of that assignment in nats and its confidence (the
 * largest probability) — the columns of {@code softcluster assign} — and, when {@code reliabilityCol} is set, each row's
 * label-free reliability estimate for its cluster ({@code assign --reliability}'s last column).
 *
 * <p>The model itself stays in its model directory (written by {@code softcluster train} or {@link SoftCluster}),
 * named by the {@code modelDir} parameter: <b>every executor must be able to read that path</b> (shared storage, or
 * a directory shipped with {@code spark-submit --archives}). Each executor JVM loads it once, on first use, and its
 * tasks share it; each partition is scored in batches of {@code batchSize} rows. The features come from a vector
 * column ({@code featuresCol}) or from table columns ({@code inputCols}, the model's columns) encoded with the
 * model's own encoding; the model applies its own scaling.
 *
 * <p>Saved and loaded with Spark ML persistence ({@code write().save(path)}, {@link #load}), alone or inside a
 * {@code PipelineModel}; what is saved is the parameters, the model directory's path among them, not a copy of it.
 */
public final class SoftClusterModel extends Model<SoftClusterModel> implements DefaultParamsWritable, SoftClusterColumns {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ColumnParams cols;
    private final Param<String> modelDir;
    private final Param<String> missing;
    private final IntParam batchSize;
    private final Param<String> idCol;
    private final Param<String> reliabilityCol;

    /** A model with a fresh uid; set {@link #setModelDir} before use. */
    public SoftClusterModel() {
        this(Identifiable$.MODULE$.randomUID("softclusterModel"));
    }

    /** A model with the given uid (Spark's persistence calls this). */
    @SuppressWarnings("unchecked")
    public SoftClusterModel(String uid) {
        this.uid = uid;
        cols = new ColumnParams(this);
        modelDir = new Param<>(this, "modelDir", "the model directory (written by softcluster train); executors must read it");
        missing = new Param<>(this, "missing", "missing-cell policy for input columns: empty for the model's own,"
                + " or error, drop, mean, mode", ParamValidators.inArray(List.of("", "error", "drop", "mean", "mode")));
        batchSize = new IntParam(this, "batchSize", "rows scored per model call", ParamValidators.gtEq(1));
        idCol = new Param<>(this, "idCol", "a column that names rows in error messages (empty: none)");
        reliabilityCol = new Param<>(this, "reliabilityCol", "output column: each row's label-free reliability estimate for"
                + " its cluster (empty: none; needs a model that keeps reference codes)");
        for (Object[] d : cols.defaults()) setDefault((Param<Object>) d[0], d[1]);
        setDefault(modelDir, "");
        setDefault(missing, "");
        setDefault(batchSize, 4096);
        setDefault(idCol, "");
        setDefault(reliabilityCol, "");
    }

    @Override
    public String uid() { return uid; }

    @Override
    public ColumnParams columnParams() { return cols; }

    /** The model directory parameter. */
    public Param<String> modelDir() { return modelDir; }

    /** The missing-cell policy parameter (default empty: the model's own). */
    public Param<String> missing() { return missing; }

    /** The rows-per-model-call parameter (default 4096). */
    public IntParam batchSize() { return batchSize; }

    /** The id column parameter, used only to name rows in error messages (default empty). */
    public Param<String> idCol() { return idCol; }

    /** The reliability output column parameter (default empty: no reliability estimate). */
    public Param<String> reliabilityCol() { return reliabilityCol; }

    /** Sets the model directory (a path every executor can read). */
    public SoftClusterModel setModelDir(String value) { return (SoftClusterModel) set(modelDir, value); }

    /** Takes the features from this ML vector column. */
    public SoftClusterModel setFeaturesCol(String value) { return (SoftClusterModel) set(cols.featuresCol, value); }

    /** Takes the features from these table columns, encoded with the model's encoding. */
    public SoftClusterModel setInputCols(String... value) { return (SoftClusterModel) set(cols.inputCols, value); }

    /** Names the cluster output column. */
    public SoftClusterModel setPredictionCol(String value) { return (SoftClusterModel) set(cols.predictionCol, value); }

    /** Names the soft assignment output column. */
    public SoftClusterModel setProbabilityCol(String value) { return (SoftClusterModel) set(cols.probabilityCol, value); }

    /** Names the entropy output column. */
    public SoftClusterModel setEntropyCol(String value) { return (SoftClusterModel) set(cols.entropyCol, value); }

    /** Names the confidence output column. */
    public SoftClusterModel setConfidenceCol(String value) { return (SoftClusterModel) set(cols.confidenceCol, value); }

    /** Sets what a row that cannot be scored does: {@code error} or {@code skip}. */
    public SoftClusterModel setHandleInvalid(String value) { return (SoftClusterModel) set(cols.handleInvalid, value); }

    /** Sets the missing-cell policy for input columns ({@code error}, {@code drop}, {@code mean}, {@code mode}). */
    public SoftClusterModel setMissing(String value) { return (SoftClusterModel) set(missing, value); }

    /** Sets how many rows one model call scores. */
    public SoftClusterModel setBatchSize(int value) { return (SoftClusterModel) set(batchSize, value); }

    /** Names a column that identifies rows in error messages. */
    public SoftClusterModel setIdCol(String value) { return (SoftClusterModel) set(idCol, value); }

    /** Names the reliability output column (empty: none), as {@code assign --reliability} adds it. */
    public SoftClusterModel setReliabilityCol(String value) { return (SoftClusterModel) set(reliabilityCol, value); }

    /** The model directory. */
    public String getModelDir() { return getOrDefault(modelDir); }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = cols.outputSchema(this, schema);
        String reliability = getOrDefault(reliabilityCol);
        if (reliability.isEmpty()) return out;
        if (List.of(schema.fieldNames()).contains(reliability)) {
            throw new DataException("output column \"" + reliability + "\" already exists in the data");
        }
        return out.add(reliability, DataTypes.DoubleType, false);
    }

    /**
     * Scores the rows: the input columns with prediction, probability, entropy and confidence appended. The model
     * is loaded on the driver too, to check the columns before a job starts.
     *
     * @throws DataException (one line) for a missing or unreadable model directory, a missing column, a column of an
     *         unusable type, input columns that are not the model's, or a reliability column under a model without
     *         reference codes
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        return dataset.toDF().mapPartitions(scorer(in, null), Encoders.row(transformSchema(in)));
    }

    /**
     * Scores the rows straight into rows of {@code out} made by {@code maker} from each input row and its soft
     * assignment, in one pass (spark-assign's output rows: no probability vector column built and read back).
     */
    Dataset<Row> transformInto(Dataset<?> dataset, StructType out, PartitionScorer.RowMaker maker) {
        return dataset.toDF().mapPartitions(scorer(dataset.schema(), maker), Encoders.row(out));
    }

    /** The partition scorer for rows of {@code in}, after the driver-side checks of the model and the columns. */
    private PartitionScorer scorer(StructType in, PartitionScorer.RowMaker maker) {
        transformSchema(in);
        ScoringSpec spec = spec();
        NeuralModel model = ModelCache.get(getModelDir());
        if (spec.reliability() && !model.hasReferences()) {
            throw new DataException("reliabilityCol: model " + getModelDir() + " has no reference codes"
                    + (model.hasResponsibilities() ? " (trained before models kept them); retrain it" : " (a " + model.method() + " model)"));
        }
        RowFeatures.of(model, in, spec, -1);
        int batch = (Integer) getOrDefault(batchSize);
        return maker == null ? new PartitionScorer(getModelDir(), spec, in, batch)
                : new PartitionScorer(getModelDir(), spec, in, batch, maker);
    }

    private ScoringSpec spec() {
        return new ScoringSpec(getOrDefault(cols.featuresCol), List.of(getOrDefault(cols.inputCols)), getOrDefault(missing),
                "skip".equals(getOrDefault(cols.handleInvalid)), getOrDefault(idCol), !getOrDefault(reliabilityCol).isEmpty());
    }

    @Override
    public SoftClusterModel copy(ParamMap extra) {
        SoftClusterModel copy = new SoftClusterModel(uid);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    /** The reader of Spark ML persistence (what {@code PipelineModel.load} calls by reflection). */
    public static MLReader<SoftClusterModel> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a model saved with {@code write().save(path)}. */
    public static SoftClusterModel load(String path) {
        return read().load(path);
    }
}
