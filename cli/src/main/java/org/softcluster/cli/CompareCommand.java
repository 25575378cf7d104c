package org.softcluster.cli;

import org.softcluster.cluster.KMeansConfig;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.CsvTable;
import org.softcluster.io.Json;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.train.NanPolicy;
import org.softcluster.neural.vade.AutoPreset;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeConfigBuilder;
import org.softcluster.neural.vade.VadePresets;
import org.softcluster.neural.vade.VadeTrainer;
import org.softcluster.report.CompareReport;
import org.softcluster.report.ResultsTable;
import org.softcluster.report.SweepRun;
import org.softcluster.report.TextTable;
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

/** {@code softcluster compare}: every method on the same split with the same seeds, in one table. */
@Command(name = "compare", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Run k-means, GMM, DEC, the mixture's start alone, original VaDE and the method (ervade) on the same data with",
                "the same seeds (start: the autoencoder pre-trained as for vade and ervade and the preset's mixture start on its codes,",
                "no main stage; under strong, and auto on images, that start is N2D's recipe: UMAP maps of the codes and a GMM there);",
                "write comparison.csv, comparison.md and comparison.html (mean ± std of NMI, ARI, ACC, H(gamma), confidence, the",
                "label-free reliability estimate (start, vade, ervade), ECE, seconds; bar charts; reliability diagram and entropy",
                "histogram per method).",
                "Resumable: finished runs (runs/METHOD/seed=S/provenance.json) are skipped."})
final class CompareCommand implements Callable<Integer> {
    static final List<String> ALL = List.of("kmeans", "gmm", "dec", "start", "vade", "ervade");
    /** The methods that share each seed's pre-training. */
    static final List<String> SHARED = List.of("start", "vade", "ervade");

    @Mixin DataOptions data;
    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds 0..N-1.")
    int seeds;
    @Option(names = "--methods", split = ",", paramLabel = "M", description = "Subset of kmeans,gmm,dec,start,vade,ervade (default: all).")
    List<String> methods;
    @Option(names = "--k", defaultValue = "10", paramLabel = "K", description = "Clusters.")
    int k;
    @Mixin CommonOptions.Eta eta;
    @Option(names = "--preset", defaultValue = "auto", paramLabel = "auto|paper|strong|quick",
            description = "Preset of vade and ervade (auto: derived from the data's shape, see train --help).")
    String preset;
    @Option(names = "--epochs", paramLabel = "N", description = "Override the neural methods' epochs (tests, quick looks).")
    Integer epochs;
    @Option(names = "--pretrain-epochs", paramLabel = "N", description = "Override the neural methods' pre-training epochs.")
    Integer pretrainEpochs;
    @Option(names = "--dec-pretrain-epochs", paramLabel = "N", description = "DEC's pre-training epochs (default: DEC's standard, "
            + DecConfig.DEFAULT_PRETRAIN_EPOCHS + "; overrides --pretrain-epochs for DEC).")
    Integer decPretrainEpochs;
    @Option(names = "--hidden", split = ",", paramLabel = "W", description = "Override the neural methods' hidden widths.")
    int[] hidden;
    @Mixin CommonOptions.OutputDir output;

    @Override
    public Integer call() throws Exception {
        List<String> chosen = methods == null ? ALL : methods.stream().map(m -> m.trim().toLowerCase(Locale.ROOT)).toList();
        for (String m : chosen) if (!ALL.contains(m)) throw CliException.input("unknown method '" + m + "' (known: " + String.join(", ", ALL) + ")");
        if (seeds < 1) throw CliException.input("--seeds must be >= 1, got " + seeds);
        boolean auto = preset.trim().equalsIgnoreCase(ModelOptions.AUTO);
        VadeConfigBuilder vade = (auto ? VadePresets.paper() : VadePresets.preset(preset)).toBuilder().k(k).eta(eta.value);
        DecConfig.Builder dec = DecConfig.builder().k(k);
        if (epochs != null) { vade.epochs(epochs); dec.maxEpochs(epochs); }
        if (pretrainEpochs != null) { vade.pretrainEpochs(pretrainEpochs); dec.pretrainEpochs(pretrainEpochs); }
        if (decPretrainEpochs != null) dec.pretrainEpochs(decPretrainEpochs);
        if (hidden != null) { vade.encoderDims(hidden); dec.encoderDims(hidden); }
        VadeConfig vadeBase = vade.build();
        DecConfig decBase = dec.build();
        Path out = output.writable();
        DataOptions.Prepared p = data.prepare(auto);
        Map<String, Object> presetInfo = new LinkedHashMap<>(Map.of("name", preset.trim().toLowerCase(Locale.ROOT)));
        int threads = 0;
        if (auto) {
            // the same overrides on the settings derived from the data
            AutoPreset.Derived derived = AutoPreset.derive(AutoPreset.Shape.of(p.rawTrain(), k), 0L);
            threads = derived.threads();
            presetInfo.putAll(ModelOptions.announce(derived));
            VadeConfigBuilder b = derived.config().toBuilder().eta(eta.value);
            if (epochs != null) b.epochs(epochs);
            if (pretrainEpochs != null) b.pretrainEpochs(pretrainEpochs);
            if (hidden != null) b.encoderDims(hidden);
            vadeBase = b.build();
        }
        if (!p.train().isImage()) vadeBase = vadeBase.toBuilder().augment(VadeConfig.Augment.NONE).build();  // a preset's augmentation is for images
        if (k > p.train().size()) throw CliException.input("k = " + k + " is larger than the number of objects (" + p.train().size() + ")");
        Map<String, Object> dataInfo = new LinkedHashMap<>();
        dataInfo.put("path", data.data.toString());
        dataInfo.put("scale", p.scaler().method().id());
        Json.write(out.resolve("compare.json"), Map.of("methods", chosen, "seeds", seeds, "k", k, "eta", eta.value, "preset", presetInfo,
                "vade_config", vadeBase, "dec_config", decBase, "data", dataInfo));
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Engines.Threads t = Engines.threads(threads)) {
            for (int s = 0; s < seeds; s++) {
                // start, vade and ervade of a seed share one pre-training (the same weights as three separate ones, see
                // ShareKey.PretrainKey), made under the method's settings, whose snapshot also holds the branch head;
                // when the method fits its branch after the main stage, vade and ervade share the trunk too
                VadeConfig method = vadeBase.toBuilder().seed(s).build();
                VadeConfig plain = method.toBuilder().method(VadeConfig.Method.VADE).build();
                boolean trunkShared = chosen.contains("vade") && chosen.contains("ervade") && VadeTrainer.sharesTrunk(method, plain);
                VadeTrainer.Pretrained shared = null;
                VadeTrainer.Pretrained trunk = null;
                for (String m : chosen) {
                    Path dir = out.resolve("runs").resolve(m).resolve("seed=" + s);
                    if (!Files.exists(dir.resolve("provenance.json"))) {
                        System.err.println("compare: " + m + " seed " + s);
                        ProgressListener listener = new ProgressListener(System.err, false);
                        if (SHARED.contains(m) && shared == null) {
                            System.err.println("compare: pre-training seed " + s + " (shared by start, vade and ervade)");
                            shared = TrainRunner.vadeTrainer(method, listener, p).pretrainOnly(p.rawTrain());
                        }
                        boolean onTrunk = trunkShared && (m.equals("vade") || m.equals("ervade"));
                        if (onTrunk && trunk == null) {
                            System.err.println("compare: mixture start and main stage of seed " + s + " (shared by vade and ervade)");
                            trunk = TrainRunner.vadeTrainer(method, listener, p).trunkOnly(p.rawTrain(), shared);
                        }
                        TrainRunner.Options neural = new TrainRunner.Options(onTrunk ? trunk : shared,
                                TrainRunner.Extras.RELIABILITY, true, false, NanPolicy.STOP);
                        switch (m) {
                            case "kmeans", "gmm" -> BaselineCommand.fitAndWrite(m, k, s, KMeansConfig.DEFAULT_N_INIT, null, p, dir, dataInfo);
                            case "dec" -> TrainRunner.runDec(decBase.toBuilder().seed(s).build(), p, dir, listener, dataInfo, TrainRunner.Options.DEFAULT);
                            case "vade" -> TrainRunner.run(plain, p, dir, listener, dataInfo, neural);
                            // what the stages after the start add: the same pre-training and start, no main stage, γ = γ*
                            case "start" -> TrainRunner.run(plain.toBuilder().epochs(0).build(), p, dir, listener, dataInfo, neural);
                            default -> TrainRunner.run(method, p, dir, listener, dataInfo, neural);
                        }
                    }
                    rows.addAll(resultRows(m, s, dir));
                }
            }
        }
        CsvTable.write(out.resolve("results.csv"), rows);
        ResultsTable table = ResultsTable.read(out.resolve("results.csv"));
        List<Map<String, Object>> summary = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Comparison\n\nMean ± sample std over seeds 0.." + (seeds - 1) + ", evaluated on the "
                + p.evalDescription() + ". H(γ) in nats; hard models (k-means) have one-hot assignments, so H = 0 and confidence = 1. "
                + RELIABILITY_NOTE + "\n\n"
                + "| method | NMI | ARI | ACC | H(γ) | confidence | reliability | ECE | seconds | seeds |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<List<String>> cells = new ArrayList<>();
        for (String m : chosen) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("method", m);
            List<String> rowCells = new ArrayList<>(List.of(m));
            StringBuilder line = new StringBuilder("| " + m + " |");
            int n = 0;
            for (String metric : List.of("nmi", "ari", "acc", "entropy", "confidence", "reliability", "ece", "seconds")) {
                ResultsTable.Stat st = table.stat(m, ResultsTable.normalize(BigDecimal.ZERO), metric);
                r.put(metric + "_mean", st.mean());
                r.put(metric + "_std", st.std());
                n = Math.max(n, st.n());
                String fmt = metric.equals("seconds") ? "%.0f" : "%.3f";
                // no value in any seed (reliability of k-means, GMM, DEC; metrics without labels): a dash, not NaN
                String cell = st.n() == 0 ? "—" : String.format(Locale.ROOT, fmt, st.mean())
                        + " ± " + (Double.isNaN(st.std()) ? "—" : String.format(Locale.ROOT, fmt, st.std()));
                line.append(' ').append(cell).append(" |");
                rowCells.add(cell);
            }
            r.put("seeds", n);
            summary.add(r);
            md.append(line).append(' ').append(n).append(" |\n");
            rowCells.add(Integer.toString(n));
            cells.add(rowCells);
        }
        CsvTable.write(out.resolve("comparison.csv"), summary);
        AtomicFiles.writeString(out.resolve("comparison.md"), md.toString());
        String intro = "Mean ± sample std over seeds 0.." + (seeds - 1) + ", evaluated on the " + p.evalDescription()
                + ". Same split and seeds for every method; neural methods: vade/ervade preset '" + preset + "' (η " + eta.value
                + " for ervade), DEC with " + decBase.pretrainEpochs() + " pre-training epochs; start, vade and ervade of a seed share one"
                + " pre-training, and vade and ervade their main stage when the method fits its branch afterwards (the weights separate"
                + " runs would give). Seconds are training wall time, a shared part's counted in each row that used it. " + RELIABILITY_NOTE;
        TextTable htmlTable = new TextTable("Comparison", "", List.of("method", "NMI", "ARI", "ACC", "H(γ)", "confidence", "reliability",
                "ECE", "seconds", "seeds"), cells);
        int[] labels = p.eval().hasLabels() ? p.eval().labels() : null;
        Path html = CompareReport.build(out, chosen, k, labels, intro, htmlTable);
        System.err.println("compare: wrote " + html);
        System.out.print(md);
        return 0;
    }

    /**
     * What the reliability column is, and why three methods have none: the estimate (docs/method.md) needs a mixture's
     * responsibilities and the codes of training objects, which the models of start, vade and ervade keep; for GMM it
     * would repeat its confidence, and neighbours in the input space fail on noisy features (issue 19).
     */
    static final String RELIABILITY_NOTE = "Reliability: the mean label-free estimate that an object's cluster is right,"
            + " min(γ* of its cluster, share of its 10 nearest training codes there, itself left out), to set beside confidence"
            + " and ACC where there are no labels; none (—) for k-means (no soft belief), GMM (its posterior is its γ) and DEC"
            + " (no mixture).";

    /** The long-format result rows of one finished run (eta column 0, as ResultsTable expects). */
    private static List<Map<String, Object>> resultRows(String method, int seed, Path dir) throws Exception {
        var prov = Json.MAPPER.readTree(dir.resolve("provenance.json").toFile());
        List<Map<String, Object>> rows = new ArrayList<>();
        var m = prov.get("metrics");
        Map<String, Double> values = new LinkedHashMap<>();
        if (m != null) for (String key : List.of("nmi", "ari", "acc", "entropy", "confidence", "ece", "brier")) if (m.has(key)) values.put(key, m.get(key).asDouble());
        // reliability.csv: written for models with reference codes (absent in runs finished before compare asked for it)
        new SweepRun(BigDecimal.ZERO, seed, dir).reliability()
                .ifPresent(r -> values.put("reliability", java.util.Arrays.stream(r).average().orElse(Double.NaN)));
        var t = prov.get("training");
        values.put("seconds", t != null && t.has("train_seconds") ? t.get("train_seconds").asDouble() : prov.path("fit_seconds").asDouble());
        for (var e : values.entrySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("method", method);
            r.put("eta", 0);
            r.put("seed", seed);
            r.put("metric", e.getKey());
            r.put("value", e.getValue());
            rows.add(r);
        }
        return rows;
    }
}
