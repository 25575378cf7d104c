package org.softcluster.cli;

import org.softcluster.neural.train.TrainingListener;
import org.softcluster.neural.train.NanPolicy;

import org.softcluster.data.Dataset;
import org.softcluster.io.AssignmentsCsv;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.CsvTable;
import org.softcluster.io.Json;
import org.softcluster.metrics.ClusterUse;
import org.softcluster.metrics.MetricReport;
import org.softcluster.neural.NeuralModel;

import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.dec.DecTrainer;
import org.softcluster.neural.vade.VadeTrainer;
import org.softcluster.report.ImageGrid;
import org.softcluster.report.Provenance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Trains one model and writes its run directory (model, config, provenance, log, assignments, metrics, prototypes). */
final class TrainRunner {
    private TrainRunner() { }

    /** What a run produced. */
    record Result(Path dir, MetricReport metrics, Map<String, Object> info) { }

    /**
     * Optional extra outputs for reports: {@code labels.csv}, {@code latent.csv} (z of the first
     * {@code latentSample} evaluation objects), the {@code uncertainTop} most uncertain objects and, when
     * {@code reliability} and the model keeps reference codes, {@code reliability.csv} (each evaluated object's
     * reliability estimate).
     */
    record Extras(int latentSample, int uncertainTop, boolean reliability) {
        static final Extras NONE = new Extras(0, 0);
        /** reliability.csv alone: what {@code compare}'s reliability column averages. */
        static final Extras RELIABILITY = new Extras(0, 0, true);

        /** The report's extras, reliability.csv with them (a sweep's figures need it where there are no labels). */
        Extras(int latentSample, int uncertainTop) {
            this(latentSample, uncertainTop, latentSample > 0 || uncertainTop > 0);
        }
    }

    /**
     * How to train: shared pre-training (or null), extra outputs, checkpointing into
     * {@code out/checkpoint} (and whether to resume from it), the policy for non-finite values and what to record of
     * the preset (or null).
     */
    record Options(VadeTrainer.Pretrained pretrained, Extras extras, boolean checkpoints, boolean resume,
                   NanPolicy nanPolicy, Map<String, Object> preset) {
        static final Options DEFAULT = new Options(null, Extras.NONE, true, false, NanPolicy.STOP);

        Options(VadeTrainer.Pretrained pretrained, Extras extras, boolean checkpoints, boolean resume, NanPolicy nanPolicy) {
            this(pretrained, extras, checkpoints, resume, nanPolicy, null);
        }

        /** A copy that records the preset (its name and, for auto, the derived choices) in config.json and provenance.json. */
        Options withPreset(Map<String, Object> p) {
            return new Options(pretrained, extras, checkpoints, resume, nanPolicy, p);
        }
    }

    /** The checkpoint directory of a run directory. */
    static Path checkpointDir(Path out) {
        return out.resolve("checkpoint");
    }

    /**
     * Trains and writes the run directory; {@code provenance.json} is written last, so its
     * presence marks a finished run (sweeps skip such runs when resumed). The checkpoint
     * directory is removed once every output is written.
     */
    static Result run(VadeConfig config, DataOptions.Prepared data, Path out, TrainingListener listener,
                      Map<String, Object> dataInfo, Options options) throws IOException {
        AtomicFiles.checkWritableDir(out);
        config.checkFeatures(data.rawTrain().dim());
        String started = Instant.now().toString();
        VadeTrainer trainer = vadeTrainer(config, listener, data).withNanPolicy(options.nanPolicy());
        if (options.checkpoints()) trainer = trainer.withCheckpoints(checkpointDir(out));
        try (NeuralModel model = options.resume() ? trainer.resume(data.rawTrain()) : trainer.fit(data.rawTrain(), options.pretrained())) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("coupling", config.loss().coupling().name().toLowerCase(Locale.ROOT));
            if (options.preset() != null) extra.put("preset", options.preset());
            return write(model, data, out, dataInfo, options.extras(), started, config.seed(), config.training().validationFraction(), extra);
        }
    }

    /**
     * Trains DEC and writes its run directory (same files as the method's), with checkpoints and resuming as
     * {@code options} say (its shared pre-training does not apply to DEC).
     */
    static Result runDec(DecConfig config, DataOptions.Prepared data, Path out, TrainingListener listener,
                         Map<String, Object> dataInfo, Options options) throws IOException {
        AtomicFiles.checkWritableDir(out);
        String started = Instant.now().toString();
        DecTrainer trainer = new DecTrainer(config, listener).withNanPolicy(options.nanPolicy()).withScaling(data.scaler().method());
        if (options.checkpoints()) trainer = trainer.withCheckpoints(checkpointDir(out));
        try (NeuralModel model = options.resume() ? trainer.resume(data.rawTrain()) : trainer.fit(data.rawTrain())) {
            return write(model, data, out, dataInfo, options.extras(), started, config.seed(), config.validationFraction(), Map.of());
        }
    }

    /** A trainer for {@code config} that fits the data's scaling on the raw training data (the model keeps it). */
    static VadeTrainer vadeTrainer(VadeConfig config, TrainingListener listener, DataOptions.Prepared data) {
        return new VadeTrainer(config, listener).withScaling(data.scaler().method());
    }

    /**
     * The training log's rows, and under {@code --softness auto} a last row {@code softness} (what the step chose: the
     * validation rows' mean confidence after it, with two more columns, the estimate and the calibration τ, empty on
     * every other row).
     */
    static List<Map<String, Object>> withSoftness(List<? extends Map<String, ?>> rows, Object softness) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, ?> r : rows) out.add(new LinkedHashMap<>(r));
        if (!(softness instanceof Map<?, ?> soft) || out.isEmpty()) return out;
        Map<String, Object> last = new LinkedHashMap<>();
        for (String column : out.get(0).keySet()) last.put(column, null);
        last.put("stage", "softness");
        last.put("epoch", 1);
        last.put("val_confidence", soft.get("confidence"));
        for (Map<String, Object> r : out) {
            r.put("softness_estimate", null);
            r.put("softness_calibration", null);
        }
        last.put("softness_estimate", soft.get("estimate"));
        last.put("softness_calibration", soft.get("calibration"));
        out.add(last);
        return out;
    }

    /** Writes every output of a trained model; provenance.json last, then the checkpoint is removed. */
    static Result write(NeuralModel model, DataOptions.Prepared data, Path out, Map<String, Object> dataInfo, Extras extras,
                        String started, long seed, double validationFraction, Map<String, Object> extra) throws IOException {
        Dataset eval = data.rawEval();
        double[][] gamma = model.predictProba(eval);
        MetricReport metrics = eval.hasLabels() ? MetricReport.of(eval.labels(), gamma) : null;
        // a collapse (clusters left empty or nearly) never passes silently, whatever the preset
        ClusterUse use = ClusterUse.of(gamma);
        if (use.collapsed()) Main.warn(use.warning());
        Map<String, Object> metricsMap = metrics == null ? null : metrics.toMap();
        if (metricsMap != null) metricsMap.putAll(Json.ordered("clusters_used", use.used(), "collapsed", use.collapsed()));
        if (metricsMap != null && model.info().get("softness") instanceof Map<?, ?> soft) {
            // what --softness auto chose, beside the measured calibration it aims at
            metricsMap.put("softness_estimate", soft.get("estimate"));
            metricsMap.put("softness_calibration", soft.get("calibration"));
        }

        model.save(out);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("method", model.method());
        cfg.putAll(extra);
        cfg.put("config", model.config());
        cfg.put("data", dataInfo);
        Json.write(out.resolve("config.json"), cfg);
        CsvTable.write(out.resolve("train_log.csv"), withSoftness(model.logRows(), model.info().get("softness")));
        AssignmentsCsv.write(out.resolve("assignments.csv"), eval, gamma);
        if (metricsMap != null) Json.write(out.resolve("metrics.json"), metricsMap);
        writePrototypes(model, out.resolve(eval.isImage() ? "prototypes.png" : "prototypes.csv"));
        writeExtras(model, eval, gamma, out, extras);

        Map<String, Object> prov = Provenance.environment();
        prov.put("started", started);
        prov.put("finished", Instant.now().toString());
        prov.put("method", model.method());
        prov.put("config", model.config());
        prov.put("seed", seed);
        prov.putAll(extra);
        Map<String, Object> d = new LinkedHashMap<>(dataInfo);
        d.put("train_sha256", data.train().sha256());
        d.put("train_objects", data.train().size());
        d.put("eval_sha256", data.eval().sha256());
        d.put("eval_objects", eval.size());
        d.put("evaluated_on", data.evalDescription());
        d.put("validation_fraction", validationFraction);
        d.put("validation_split_seed", seed);
        prov.put("data", d);
        prov.put("training", model.info());
        prov.put("engine", Engines.describe());
        prov.put("clusters", Json.ordered("k", use.k(), "used", use.used(), "collapsed", use.collapsed(),
                "sizes_on_eval", use.sizes()));
        if (metricsMap != null) prov.put("metrics", metricsMap);
        Json.write(out.resolve("provenance.json"), prov);
        deleteRecursively(checkpointDir(out));
        return new Result(out, metrics, model.info());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }

    private static void writeExtras(NeuralModel model, Dataset eval, double[][] gamma, Path out, Extras extras) throws IOException {
        if (extras.uncertainTop() > 0) UncertainCommand.write(gamma, eval, extras.uncertainTop(), out);
        if (eval.hasLabels() && (extras.latentSample() > 0 || extras.uncertainTop() > 0)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int y : eval.labels()) rows.add(Map.of("label", y));
            CsvTable.write(out.resolve("labels.csv"), rows);
        }
        if (extras.reliability() && model.hasReferences()) {
            // each evaluated object's label-free reliability estimate: the report's figure where there are no labels
            double[] r = model.reliability(eval, AssignmentsCsv.clusters(gamma));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < r.length; i++) rows.add(Json.ordered("id", eval.id(i), "reliability", r[i]));
            CsvTable.write(out.resolve("reliability.csv"), rows);
        }
        if (extras.latentSample() > 0) {
            int n = Math.min(extras.latentSample(), eval.size());
            int[] first = new int[n];
            for (int i = 0; i < n; i++) first[i] = i;
            double[][] z = model.transform(eval.subset(first));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (double[] row : z) {
                Map<String, Object> r = new LinkedHashMap<>();
                for (int j = 0; j < row.length; j++) r.put("z_" + j, row[j]);
                rows.add(r);
            }
            CsvTable.write(out.resolve("latent.csv"), rows);
        }
    }

    /** Writes decoded prototypes: a PNG grid for images, a CSV in original feature units for tables. */
    static void writePrototypes(NeuralModel model, Path target) throws IOException {
        float[][] protos = model.prototypes();
        double[] pi = model.weights();
        if (model.imageShape() != null) {
            int[] s = model.imageShape();
            List<float[]> images = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            for (int k = 0; k < protos.length; k++) {
                images.add(protos[k]);
                captions.add(String.format(java.util.Locale.ROOT, "k=%d π=%.3f", k, pi[k]));
            }
            ImageGrid.writePng(target, images, captions, s[0], s[1], Math.min(10, protos.length), 3);
        } else {
            writePrototypesCsv(model, target);
        }
    }

    /**
     * Writes the prototypes as CSV rows (cluster, weight π_k, features in original units); a table's categorical
     * column shows its most likely category (the largest entry of its one-hot block).
     */
    static void writePrototypesCsv(NeuralModel model, Path target) throws IOException {
        float[][] protos = model.prototypes();
        double[] pi = model.weights();
        List<String> names = model.featureNames();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < protos.length; k++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("cluster", k);
            r.put("weight", pi[k]);
            if (model.encoding() != null) {
                r.putAll(model.encoding().decode(protos[k]));
            } else {
                for (int j = 0; j < protos[k].length; j++) r.put(names.get(j), (double) protos[k][j]);
            }
            rows.add(r);
        }
        CsvTable.write(target, rows);
    }
}
