package org.softcluster.cli;

import org.softcluster.neural.train.NanPolicy;
import org.softcluster.neural.train.NonFiniteException;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.softcluster.data.DataLoader;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.CsvTable;
import org.softcluster.io.Json;
import org.softcluster.neural.vade.Checkpoint;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.report.ResultsTable;
import org.softcluster.neural.vade.VadeTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code softcluster sweep}: the paper's η sweep over several seeds, resumable, with results.csv and Table 2. */
@Command(name = "sweep", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Train every (eta, seed) of an eta sweep (the paper's Section 3) and write results.csv, table2.csv, table2.md.",
                "Resumable: finished runs (runs/eta=E/seed=S/provenance.json present) are skipped.",
                "Pre-training is shared per seed by default (identical to unshared: stage 3 has its own random streams)."})
final class SweepCommand implements Callable<Integer> {
    static final String PAPER_ETAS = "0,0.05,0.1,0.2,0.3,0.5,1.0";

    @Mixin DataOptions data;
    @Mixin ModelOptions model;
    @Option(names = "--etas", split = ",", defaultValue = PAPER_ETAS, paramLabel = "η", description = "η values.")
    List<Double> etas;
    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds F..F+N-1, F from --first-seed.")
    int seeds;
    @Option(names = "--first-seed", defaultValue = "0", paramLabel = "F",
            description = "First seed; e.g. two processes into one --out: --seeds 1 and --first-seed 1 --seeds 2.")
    int firstSeed;
    @Option(names = "--target-entropies", split = ",", paramLabel = "H", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Also train, per seed, one run in target-entropy mode per H (nats), in runs/target=H/seed=S; summary in targets.csv and targets.md.")
    List<Double> targetEntropies = new ArrayList<>();
    @Option(names = "--no-shared-pretraining", description = "Pre-train every run from scratch.")
    boolean noSharedPretraining;
    @Option(names = "--latent-sample", defaultValue = "2000", paramLabel = "N",
            description = "Save z of the first N evaluation objects per run for t-SNE/UMAP maps.")
    int latentSample;
    @Option(names = "--uncertain-top", defaultValue = "20", paramLabel = "N", description = "Most uncertain objects saved per run.")
    int uncertainTop;
    @Mixin CommonOptions.OnNan onNan;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Sweep directory.")
    Path out;

    static String etaName(double eta) {
        return new BigDecimal(Double.toString(eta)).stripTrailingZeros().toPlainString();
    }

    @Override
    public Integer call() throws Exception {
        if (model.eta != null) throw CliException.input("use --etas for a sweep, not --eta");
        if (model.seed != null) throw CliException.input("use --seeds N for a sweep (seeds 0..N-1), not --seed");
        if (seeds < 1) throw CliException.input("--seeds must be >= 1, got " + seeds);
        if (firstSeed < 0) throw CliException.input("--first-seed must be >= 0, got " + firstSeed);
        if (etas.isEmpty()) throw CliException.input("--etas needs at least one value");
        VadeConfig base = model.toConfig();
        NanPolicy policy = onNan.policy();
        for (double e : etas) base.toBuilder().eta(e).build();   // validates every η and target before any work
        for (double h : targetEntropies) base.toBuilder().targetEntropy(h).build();
        DataOptions.Prepared prepared = data.prepare(model.isAuto());
        if (base.k() > prepared.train().size()) {   // before anything is printed or written for a sweep that cannot start
            throw CliException.input("k = " + base.k() + " is larger than the number of objects (" + prepared.train().size() + ")");
        }
        ModelOptions.Resolved preset = model.resolve(prepared.rawTrain());
        base = model.forData(preset.config(), prepared.train());
        base.checkFeatures(prepared.train().dim());   // before the output directory is made
        AtomicFiles.checkWritableDir(out);
        // under branch gradient 'head' with a branch stage, η and the target act on the branch alone:
        // the trunk (pre-training, initialisation, main stage) is trained once per seed
        boolean trunk = base.method() == VadeConfig.Method.ERVADE && base.branch().gradient() == VadeConfig.BranchGradient.HEAD
                && base.branch().epochs() > 0;
        boolean shared = !noSharedPretraining;
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("preset", preset.record());
        sweep.put("etas", etas);
        List<Integer> seedList = new ArrayList<>();
        for (int s = firstSeed; s < firstSeed + seeds; s++) seedList.add(s);
        // another process may sweep other seeds into the same folder: keep theirs in the list
        Path existing = out.resolve("sweep.json");
        if (Files.exists(existing)) {
            JsonNode old = Json.MAPPER.readTree(existing.toFile()).get("seeds");
            if (old != null) for (JsonNode v : old) if (!seedList.contains(v.asInt())) seedList.add(v.asInt());
            java.util.Collections.sort(seedList);
        }
        sweep.put("seeds", seedList);
        sweep.put("target_entropies", targetEntropies);
        sweep.put("shared_pretraining", shared);
        sweep.put("shared_trunk", shared && trunk);
        sweep.put("on_nan", onNan.word);
        sweep.put("method", base.method().name().toLowerCase(Locale.ROOT));
        sweep.put("coupling", base.loss().coupling().name().toLowerCase(Locale.ROOT));
        sweep.put("config", base);
        // the kind tells the report whether the paper's Table 2 (MNIST) may stand beside the sweep's numbers
        sweep.put("data", Json.ordered("path", data.data.toString(), "kind", DataLoader.kind(data.data).id(),
                "evaluated_on", prepared.evalDescription()));
        Json.write(out.resolve("sweep.json"), sweep);
        System.err.println("sweep: " + etas.size() + " etas" + (targetEntropies.isEmpty() ? "" : " + " + targetEntropies.size() + " targets")
                + " x " + seeds + " seeds, coupling " + sweep.get("coupling")
                + (!shared ? ", pre-training per run" : trunk ? ", trunk shared per seed" : ", pre-training shared per seed"));

        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("path", data.data.toString());
        dataInfo.put("scale", prepared.scaler().method().id());
        int perSeed = etas.size() + targetEntropies.size();
        int total = perSeed * seeds;
        List<String> failed = new ArrayList<>();
        boolean console = System.console() != null;
        long t0 = System.nanoTime();
        int done = 0;
        int trained = 0;
        try (Engines.Threads threads = Engines.threads(preset.threads());
             ProgressBar bar = console ? new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
            for (int s = firstSeed; s < firstSeed + seeds; s++) {
                VadeTrainer.Pretrained pre = null;
                for (int r = 0; r < perSeed; r++) {
                    boolean byEta = r < etas.size();
                    double value = byEta ? etas.get(r) : targetEntropies.get(r - etas.size());
                    Path dir = byEta ? runDir(out, value, s) : targetDir(out, value, s);
                    String name = (byEta ? "eta " : "target entropy ") + etaName(value) + " seed " + s;
                    if (Files.exists(dir.resolve("provenance.json"))) {
                        done++;
                        if (bar != null) bar.step();
                        System.err.println("skip " + name + ": finished earlier");
                        continue;
                    }
                    VadeConfig c = (byEta ? base.toBuilder().eta(value) : base.toBuilder().targetEntropy(value)).seed(s).build();
                    if (shared && pre == null) {
                        VadeTrainer t = TrainRunner.vadeTrainer(c, new ProgressListener(System.err, false), prepared);
                        if (trunk) {
                            System.err.println("\ntraining the trunk of seed " + s + " (shared by its " + perSeed + " runs: eta acts in the branch stage only)");
                            pre = t.trunkOnly(prepared.rawTrain());
                        } else {
                            System.err.println("\npre-training seed " + s + " (shared by its " + perSeed + " runs)");
                            pre = t.pretrainOnly(prepared.rawTrain());
                        }
                    }
                    if (bar != null) bar.setExtraMessage(" " + name);
                    String eta2 = trained == 0 ? "?" : formatSeconds((System.nanoTime() - t0) / 1e9 / trained * (total - done));
                    System.err.println("\n[" + (done + 1) + "/" + total + "] run " + name + " (sweep ETA " + eta2 + ")");
                    try {
                        Files.deleteIfExists(dir.resolve("failed.json"));
                        TrainRunner.run(c, prepared, dir, new ProgressListener(System.err, false), dataInfo,
                                new TrainRunner.Options(pre, new TrainRunner.Extras(latentSample, uncertainTop), true,
                                        Checkpoint.exists(TrainRunner.checkpointDir(dir)), policy));
                    } catch (NonFiniteException e) {
                        // one diverging run must not end the sweep: record it, go on, and fail at the end
                        failed.add(name + ": " + Main.message(e));
                        Json.write(dir.resolve("failed.json"), Map.of("error", Main.message(e)));
                        System.err.println("run failed: " + failed.get(failed.size() - 1));
                    }
                    done++;
                    trained++;
                    if (bar != null) bar.step();
                }
            }
        }
        int rows = writeResults(out, base.method().name().toLowerCase(Locale.ROOT));
        if (!targetEntropies.isEmpty()) TargetSummary.write(out);
        if (rows > 0) {
            ResultsTable.readSweep(out).write(out);
            String note = "\n" + (shared && trunk
                    ? "Trunk: shared per seed — under branch gradient 'head' with a branch stage, pre-training, initialisation and the "
                            + "main stage do not depend on eta, so each seed's trunk was trained once and every eta run fitted only its "
                            + "branch on it (identical to unshared runs)."
                    : shared
                    ? "Pre-training: shared per seed — each seed's autoencoder was pre-trained once and reused by all its η runs "
                            + "(identical to pre-training each run, since stage 3 draws from its own seeded random streams), so the "
                            + "runs of one seed differ only in η."
                    : "Pre-training: every run pre-trained its own autoencoder.")
                    + " Coupling: " + sweep.get("coupling") + ". Evaluation: " + prepared.evalDescription() + ".\n";
            Path md = out.resolve("table2.md");
            AtomicFiles.writeString(md, Files.readString(md) + note);
        }
        if (!failed.isEmpty()) {
            throw CliException.runtime(failed.size() + " of " + total + " runs failed (see failed.json in their folders; "
                    + "start the sweep again to retry them, e.g. with --on-nan skip-batch): " + failed.get(0));
        }
        System.out.println("sweep finished: " + total + " runs, " + rows + " result rows in " + out.resolve("results.csv")
                + (targetEntropies.isEmpty() ? "" : "; target-entropy runs in targets.csv and targets.md")
                + "; tables in table2.csv and table2.md; figures and HTML: softcluster report --sweep " + out);
        return 0;
    }

    private static String formatSeconds(double s) {
        long t = Math.round(s);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    }

    static Path targetDir(Path sweepDir, double target, int seed) {
        return sweepDir.resolve("runs").resolve("target=" + etaName(target)).resolve("seed=" + seed);
    }

    static Path runDir(Path sweepDir, double eta, int seed) {
        return sweepDir.resolve("runs").resolve("eta=" + etaName(eta)).resolve("seed=" + seed);
    }

    /** A finished run of a sweep: the value in its folder name (after "eta=" or "target="), its seed and folder. */
    record FinishedRun(String value, String seed, Path dir) { }

    /**
     * The finished runs (provenance.json present) under runs/PREFIXvalue/seed=S of a sweep, ordered by
     * folder name of the value, then of the seed.
     */
    static List<FinishedRun> finishedRuns(Path sweepDir, String prefix) throws java.io.IOException {
        List<FinishedRun> out = new ArrayList<>();
        Path runs = sweepDir.resolve("runs");
        if (!Files.isDirectory(runs)) return out;
        List<Path> valueDirs;
        try (var s = Files.list(runs)) {
            valueDirs = s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
        for (Path valueDir : valueDirs) {
            List<Path> seedDirs;
            try (var s = Files.list(valueDir)) {
                seedDirs = s.filter(p -> Files.exists(p.resolve("provenance.json"))).sorted().toList();
            }
            for (Path run : seedDirs) {
                out.add(new FinishedRun(valueDir.getFileName().toString().substring(prefix.length()),
                        run.getFileName().toString().substring(5), run));
            }
        }
        return out;
    }

    /** Collects every finished run's metrics into results.csv (long format: method, eta, seed, metric, value). */
    static int writeResults(Path sweepDir, String method) throws java.io.IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!Files.isDirectory(sweepDir.resolve("runs"))) return 0;
        for (FinishedRun f : finishedRuns(sweepDir, "eta=")) {
            String eta = f.value();
            String seed = f.seed();
            Path run = f.dir();
            JsonNode prov = Json.MAPPER.readTree(run.resolve("provenance.json").toFile());
            JsonNode m = prov.get("metrics");
            JsonNode t = prov.get("training");
            Map<String, Double> values = new LinkedHashMap<>();
            if (m != null) {
                for (String k : List.of("nmi", "ari", "acc", "entropy", "confidence", "ece", "brier")) {
                    if (m.has(k)) values.put(k, m.get(k).asDouble());
                }
            }
            values.put("clusters_used", (double) clustersUsed(run.resolve("assignments.csv")));
            values.put("epochs_run", t.get("epochs_run").asDouble());
            values.put("best_epoch", t.get("best_epoch").asDouble());
            values.put("seconds", t.get("train_seconds").asDouble());
            for (var e : values.entrySet()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("method", method);
                r.put("eta", eta);
                r.put("seed", seed);
                r.put("metric", e.getKey());
                r.put("value", e.getValue());
                rows.add(r);
            }
        }
        CsvTable.write(sweepDir.resolve("results.csv"), rows);
        return rows.size();
    }

    private static int clustersUsed(Path assignments) throws java.io.IOException {
        java.util.Set<String> used = new java.util.HashSet<>();
        try (var r = Files.newBufferedReader(assignments);
             var p = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (var rec : p) used.add(rec.get("cluster"));
        }
        return used.size();
    }
}
