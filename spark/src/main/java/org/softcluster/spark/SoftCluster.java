package org.softcluster.spark;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.softcluster.data.DataException;
import org.softcluster.data.Scaler;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadeTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a softcluster model (entropy-regularised VaDE, the paper's settings unless set here) as a Spark ML
 * {@link Estimator}, so that it can be a stage of a {@code Pipeline}.
 *
 * <p><b>Where training happens:</b> on the driver, in one JVM, with the library — not distributed. {@link #fit}
 * draws a seeded random sample of at most {@code maxTrainRows} rows (all rows when there are fewer), collects it
 * to the driver, trains on it and saves the model into {@code modelDir} (a path on the driver's file system;
 * put it on storage the executors can read). Scoring the full data is what is distributed: the returned
 * {@link SoftClusterModel} scores every partition on the executors. Size {@code maxTrainRows} to the driver's
 * memory and the time you allow training (a table of 100k rows of a few dozen columns trains in minutes).
 *
 * <p>Features: a vector column ({@code featuresCol}, e.g. from a {@code VectorAssembler}) or numeric input columns
 * ({@code inputCols}, named in the model so that {@code softcluster assign} can read the same columns from a CSV).
 * Categorical text columns are not one-hot encoded here: train such tables with {@code softcluster train} and
 * score them with {@link SoftClusterModel}, which applies the model's encoding.
 */
public final class SoftCluster extends Estimator<SoftClusterModel> implements DefaultParamsWritable, SoftClusterColumns {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ColumnParams cols;
    private final Param<String> modelDir;
    private final IntParam k;
    private final IntParam maxTrainRows;
    private final LongParam seed;
    private final IntParam epochs;
    private final IntParam pretrainEpochs;
    private final IntArrayParam hiddenLayers;
    private final IntParam latentDim;
    private final IntParam trainBatchSize;
    private final Param<String> scaling;

    /** An estimator with a fresh uid and the paper's settings; set {@link #setModelDir} and {@link #setK}. */
    public SoftCluster() {
        this(Identifiable$.MODULE$.randomUID("softcluster"));
    }

    /** An estimator with the given uid (Spark's persistence calls this). */
    @SuppressWarnings("unchecked")
    public SoftCluster(String uid) {
        this.uid = uid;
        cols = new ColumnParams(this);
        VadeConfig paper = VadeConfig.builder().build();
        modelDir = new Param<>(this, "modelDir", "where fit saves the trained model (a directory; executors must read it)");
        k = new IntParam(this, "k", "number of clusters", ParamValidators.gtEq(2));
        maxTrainRows = new IntParam(this, "maxTrainRows", "at most this many rows, sampled with the seed, train on the driver",
                ParamValidators.gtEq(1));
        seed = new LongParam(this, "seed", "random seed of the sample and of training");
        epochs = new IntParam(this, "epochs", "main-stage epochs", ParamValidators.gtEq(0));
        pretrainEpochs = new IntParam(this, "pretrainEpochs", "autoencoder pre-training epochs", ParamValidators.gtEq(0));
        hiddenLayers = new IntArrayParam(this, "hiddenLayers", "encoder hidden layer widths (the decoder mirrors them)");
        latentDim = new IntParam(this, "latentDim", "latent dimension", ParamValidators.gtEq(1));
        trainBatchSize = new IntParam(this, "trainBatchSize", "training mini-batch size", ParamValidators.gtEq(1));
        scaling = new Param<>(this, "scaling", "feature scaling fitted on the sample and kept in the model",
                ParamValidators.inArray(List.of("none", "standardize", "minmax")));
        for (Object[] d : cols.defaults()) setDefault((Param<Object>) d[0], d[1]);
        setDefault(modelDir, "");
        setDefault(k, paper.k());
        setDefault(maxTrainRows, 100_000);
        setDefault(seed, paper.seed());
        setDefault(epochs, paper.main().epochs());
        setDefault(pretrainEpochs, paper.pretraining().epochs());
        setDefault(hiddenLayers, paper.network().encoderDims());
        setDefault(latentDim, paper.network().latentDim());
        setDefault(trainBatchSize, paper.training().batchSize());
        setDefault(scaling, "standardize");
    }

    @Override
    public String uid() { return uid; }

    @Override
    public ColumnParams columnParams() { return cols; }

    /** Where fit saves the model. */
    public Param<String> modelDir() { return modelDir; }

    /** The number of clusters (default 10). */
    public IntParam k() { return k; }

    /** The training sample's largest size (default 100000). */
    public IntParam maxTrainRows() { return maxTrainRows; }

    /** The seed of the sample and of training (default 0). */
    public LongParam seed() { return seed; }

    /** Main-stage epochs. */
    public IntParam epochs() { return epochs; }

    /** Pre-training epochs. */
    public IntParam pretrainEpochs() { return pretrainEpochs; }

    /** Encoder hidden layer widths. */
    public IntArrayParam hiddenLayers() { return hiddenLayers; }

    /** Latent dimension. */
    public IntParam latentDim() { return latentDim; }

    /** Training mini-batch size. */
    public IntParam trainBatchSize() { return trainBatchSize; }

    /** Feature scaling: none, standardize (default) or minmax. */
    public Param<String> scaling() { return scaling; }








    /** Sets where fit saves the model. */
    public SoftCluster setModelDir(String value) { return (SoftCluster) set(modelDir, value); }

    /** Sets the number of clusters. */
    public SoftCluster setK(int value) { return (SoftCluster) set(k, value); }

    /** Sets the training sample's largest size. */
    public SoftCluster setMaxTrainRows(int value) { return (SoftCluster) set(maxTrainRows, value); }

    /** Sets the seed. */
    public SoftCluster setSeed(long value) { return (SoftCluster) set(seed, value); }

    /** Sets the main-stage epochs. */
    public SoftCluster setEpochs(int value) { return (SoftCluster) set(epochs, value); }

    /** Sets the pre-training epochs. */
    public SoftCluster setPretrainEpochs(int value) { return (SoftCluster) set(pretrainEpochs, value); }

    /** Sets the encoder hidden layer widths. */
    public SoftCluster setHiddenLayers(int... value) { return (SoftCluster) set(hiddenLayers, value); }

    /** Sets the latent dimension. */
    public SoftCluster setLatentDim(int value) { return (SoftCluster) set(latentDim, value); }

    /** Sets the training mini-batch size. */
    public SoftCluster setTrainBatchSize(int value) { return (SoftCluster) set(trainBatchSize, value); }

    /** Sets the feature scaling. */
    public SoftCluster setScaling(String value) { return (SoftCluster) set(scaling, value); }

    /** Takes the features from this ML vector column. */
    public SoftCluster setFeaturesCol(String value) { return (SoftCluster) set(cols.featuresCol, value); }

    /** Takes the features from these numeric columns. */
    public SoftCluster setInputCols(String... value) { return (SoftCluster) set(cols.inputCols, value); }

    /** Sets what an unusable row does: error or skip. */
    public SoftCluster setHandleInvalid(String value) { return (SoftCluster) set(cols.handleInvalid, value); }

    @Override
    public StructType transformSchema(StructType schema) {
        return cols.outputSchema(this, schema);
    }

    /**
     * Trains on a seeded sample of at most {@code maxTrainRows} rows, on the driver, saves the model into
     * {@code modelDir} and returns a {@link SoftClusterModel} that scores with it.
     *
     * @throws DataException (one line) when modelDir is not set, the sample is empty, or a sampled row is unusable
     */
    @Override
    public SoftClusterModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String dir = getOrDefault(modelDir);
        if (dir.isEmpty()) throw new DataException("SoftCluster needs modelDir: the directory the trained model is saved to");
        List<Row> rows = sample(dataset.toDF());
        if (rows.isEmpty()) throw new DataException("SoftCluster.fit: the data has no rows");
        ScoringSpec spec = new ScoringSpec(getOrDefault(cols.featuresCol), List.of(getOrDefault(cols.inputCols)), "",
                "skip".equals(getOrDefault(cols.handleInvalid)), "");
        org.softcluster.data.Dataset data = features(rows, dataset.schema(), spec);
        VadeConfig config = VadeConfig.builder().k((Integer) getOrDefault(k)).seed((Long) getOrDefault(seed))
                .epochs((Integer) getOrDefault(epochs)).pretrainEpochs((Integer) getOrDefault(pretrainEpochs))
                .encoderDims(getOrDefault(hiddenLayers)).latentDim((Integer) getOrDefault(latentDim))
                .batchSize((Integer) getOrDefault(trainBatchSize)).build();
        try (VadeModel model = new VadeTrainer(config).withScaling(Scaler.Method.parse(getOrDefault(scaling))).fit(data)) {
            model.save(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
        SoftClusterModel fitted = new SoftClusterModel(uid);
        copyValues(fitted, ParamMap.empty());
        return fitted.setParent(this);
    }

    /** At most maxTrainRows rows, drawn with the seed (all rows when there are no more than that). */
    private List<Row> sample(Dataset<Row> df) {
        int max = (Integer) getOrDefault(maxTrainRows);
        long n = df.count();
        if (n <= max) return df.collectAsList();
        // a Bernoulli sample a little larger than needed, cut to size: at most max rows, nearly always exactly max
        double fraction = Math.min(1.0, 1.1 * max / n + 10.0 / n);
        return df.sample(false, fraction, (Long) getOrDefault(seed)).limit(max).collectAsList();
    }

    /** The sampled rows as the library's data set, with the input columns' names as feature names. */
    private static org.softcluster.data.Dataset features(List<Row> rows, StructType schema, ScoringSpec spec) {
        int dim = spec.fromColumns() ? spec.inputCols().size() : vectorSize(rows, schema.fieldIndex(spec.featuresCol()));
        RowFeatures encoder = RowFeatures.forTraining(dim, schema, spec);
        float[] x = new float[rows.size() * dim];
        int n = 0;
        for (int i = 0; i < rows.size(); i++) if (encoder.encode(rows.get(i), i, x, n * dim)) n++;
        if (n == 0) throw new DataException("SoftCluster.fit: no usable row in the sample of " + rows.size());
        String[] names = spec.fromColumns() ? spec.inputCols().toArray(new String[0]) : null;
        return new org.softcluster.data.Dataset("spark sample", Arrays.copyOf(x, n * dim), n, dim, null, null, null, names);
    }

    private static int vectorSize(List<Row> rows, int column) {
        for (Row r : rows) if (!r.isNullAt(column)) return ((Vector) r.get(column)).size();
        throw new DataException("SoftCluster.fit: every sampled vector is null");
    }

    @Override
    public SoftCluster copy(ParamMap extra) {
        SoftCluster copy = new SoftCluster(uid);
        copyValues(copy, extra);
        return copy;
    }

    /** The reader of Spark ML persistence (what {@code Pipeline.load} calls by reflection). */
    public static MLReader<SoftCluster> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads an estimator saved with {@code write().save(path)}. */
    public static SoftCluster load(String path) {
        return read().load(path);
    }
}
