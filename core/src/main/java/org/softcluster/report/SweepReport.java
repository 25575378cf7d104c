package org.softcluster.report;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.softcluster.embedding.Embedding;

/**
 * Builds the whole report of a finished sweep from the files in its folder, without any training: Table 2
 * ({@code table2.csv}, {@code table2.md}), Figures 2–7, per-η reliability diagrams and entropy histograms,
 * optional t-SNE/UMAP maps of the latent codes, and one self-contained {@code report.html}.
 *
 * <p>Per-η figures use the run with the smallest seed of each η (seed 0 in a normal sweep) and say so in their
 * titles. Every output is written atomically (temporary file, then a move). Problems with single runs (a
 * missing or unreadable file, a failed embedding) do not stop the report; they are listed in
 * {@link Result#notes()} and in the report's summary.
 */
public final class SweepReport {

    /** File name of the HTML report. */
    public static final String HTML_NAME = "report.html";

    /**
     * What to compute besides the tables and figures.
     *
     * @param embeddings whether to compute t-SNE and UMAP maps from {@code latent.csv} (smallest seed of each η)
     * @param maxEmbeddingPoints the largest number of latent rows mapped (a seeded sample beyond it)
     * @param embeddingSeed the seed of the maps and of their subsample
     */
    public record Options(boolean embeddings, int maxEmbeddingPoints, long embeddingSeed) {

        /** Returns the defaults: embeddings on, at most 2000 points, seed 0. */
        public static Options defaults() {
            return new Options(true, Embedding.DEFAULT_MAX_POINTS, 0L);
        }

        /** Returns these options with the t-SNE/UMAP maps switched on or off. */
        public Options withEmbeddings(boolean on) {
            return new Options(on, maxEmbeddingPoints, embeddingSeed);
        }
    }

    /**
     * What {@link #build} wrote.
     *
     * @param outDir the output folder
     * @param html the self-contained HTML report
     * @param files every file written, the HTML last
     * @param notes problems met and timings, one sentence each
     * @param embeddings the t-SNE and UMAP maps computed (empty when switched off or without latent codes)
     */
    public record Result(Path outDir, Path html, List<Path> files, List<String> notes,
                         List<Embedding.Result> embeddings) {

        /** Makes the lists unmodifiable. */
        public Result {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
            embeddings = List.copyOf(embeddings);
        }
    }

    private SweepReport() {
    }

    /** Builds the report with the default options (t-SNE and UMAP on, at most 2000 points). */
    public static Result build(Path sweepDir, Path outDir) {
        return build(sweepDir, outDir, Options.defaults());
    }

    /**
     * Builds the report of a sweep folder into an output folder.
     *
     * @param sweepDir the sweep folder (with {@code results.csv}, optionally {@code sweep.json} and {@code runs/})
     * @param outDir the folder to write into (created if needed; may be the sweep folder itself)
     * @param options what to compute
     * @return the files written and the notes
     * @throws IllegalArgumentException if {@code results.csv} is missing or malformed
     */
    public static Result build(Path sweepDir, Path outDir, Options options) {
        Path resultsCsv = sweepDir.resolve("results.csv");
        if (!Files.isRegularFile(resultsCsv)) {
            throw new IllegalArgumentException("no results.csv in " + sweepDir);
        }
        List<Path> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<Embedding.Result> maps = new ArrayList<>();

        ResultsTable table = ResultsTable.readSweep(sweepDir);
        files.addAll(table.write(outDir));
        List<Figure> sweepFigures = SweepFigures.writeSweepFigures(table, outDir);
        sweepFigures.forEach(f -> files.addAll(f.files()));
        for (String name : SweepFigures.FIGURE_NAMES) {
            if (sweepFigures.stream().noneMatch(f -> f.name().equals(name))) {
                notes.add(name + " was not drawn: results.csv lacks the metrics it needs.");
            }
        }

        List<SweepRun> runs = SweepRun.list(sweepDir);
        Map<BigDecimal, SweepRun> reps = SweepRun.representatives(runs);
        Map<BigDecimal, List<Figure>> runFigures = new LinkedHashMap<>();
        Map<BigDecimal, List<Path>> mapFiles = new LinkedHashMap<>();
        Map<Path, String> mapCaptions = new LinkedHashMap<>();
        for (SweepRun run : reps.values()) {
            String what = describe(run, runs);
            List<Figure> figs = new ArrayList<>();
            runFigures.put(run.eta(), figs);
            SweepRun.Assignments a;
            try {
                a = run.assignments();
            } catch (RuntimeException e) {
                notes.add("Run " + run.label() + ": no per-run figures (" + e.getMessage() + ").");
                continue;
            }
            int[] labels = null;
            try {
                Optional<int[]> l = run.labels();
                if (l.isEmpty()) {
                    notes.add("Run " + run.label() + ": no labels.csv, so no reliability diagram"
                            + (run.file("reliability.csv").isPresent() ? " (the reliability estimate's histogram instead)." : "."));
                } else if (l.get().length != a.n()) {
                    notes.add("Run " + run.label() + ": labels.csv has " + l.get().length + " rows but assignments.csv "
                            + a.n() + "; no reliability diagram.");
                } else {
                    labels = l.get();
                }
            } catch (RuntimeException e) {
                notes.add("Run " + run.label() + ": cannot read labels.csv (" + e.getMessage() + ").");
            }
            double[] reliability = null;
            if (labels == null) {
                try {
                    reliability = run.reliability().orElse(null);
                } catch (RuntimeException e) {
                    notes.add("Run " + run.label() + ": cannot read reliability.csv (" + e.getMessage() + ").");
                }
                if (reliability != null && reliability.length != a.n()) {
                    notes.add("Run " + run.label() + ": reliability.csv has " + reliability.length + " rows but assignments.csv "
                            + a.n() + "; no reliability histogram.");
                    reliability = null;
                }
            }
            figs.addAll(RunFigures.writeRunFigures(a, labels, run.calibration().orElse(1.0), reliability, what, run.tag(), outDir));
            figs.forEach(f -> files.addAll(f.files()));
            if (options.embeddings()) {
                List<Path> written = embed(run, a, what, options, outDir, notes, maps, mapCaptions);
                mapFiles.put(run.eta(), written);
                files.addAll(written);
            }
        }

        HtmlReport html = html(sweepDir, table, runs, reps, sweepFigures, runFigures, mapFiles, mapCaptions,
                notes, options);
        Path htmlPath = html.write(outDir.resolve(HTML_NAME));
        files.add(htmlPath);
        return new Result(outDir, htmlPath, files, notes, maps);
    }

    private static List<Path> embed(SweepRun run, SweepRun.Assignments a, String what, Options options, Path outDir,
                                    List<String> notes, List<Embedding.Result> maps, Map<Path, String> captions) {
        List<Path> out = new ArrayList<>();
        Optional<double[][]> latent;
        try {
            latent = run.latent();
        } catch (RuntimeException e) {
            notes.add("Run " + run.label() + ": cannot read latent.csv (" + e.getMessage() + ").");
            return out;
        }
        if (latent.isEmpty()) {
            notes.add("Run " + run.label() + ": no latent.csv, so no t-SNE/UMAP map.");
            return out;
        }
        double[][] z = latent.get();
        if (z.length > a.n()) {
            notes.add("Run " + run.label() + ": latent.csv has more rows than assignments.csv; no map.");
            return out;
        }
        int[] clusters = Arrays.copyOf(a.clusters(), z.length);
        int d = z.length == 0 ? 0 : z[0].length;
        for (Embedding.Method method : Embedding.Method.values()) {
            try {
                Embedding.Result r = method == Embedding.Method.TSNE
                        ? Embedding.tsne(z, options.embeddingSeed(), Embedding.DEFAULT_PERPLEXITY,
                                Embedding.DEFAULT_TSNE_ITERATIONS, options.maxEmbeddingPoints())
                        : Embedding.umap(z, options.embeddingSeed(), Embedding.DEFAULT_UMAP_NEIGHBORS,
                                options.maxEmbeddingPoints());
                maps.add(r);
                String param = method == Embedding.Method.TSNE
                        ? "perplexity " + trim(r.parameter()) : "k = " + (int) r.parameter() + " neighbours";
                int sampled = Math.min(z.length, options.maxEmbeddingPoints());
                String shown;
                if (r.size() == z.length) {
                    shown = "n = " + r.size();
                } else if (r.size() == sampled) {
                    shown = "n = " + r.size() + " of " + z.length + " (seeded sample)";
                } else if (sampled == z.length) {
                    shown = "n = " + r.size() + " of " + z.length + " (largest kNN component)";
                } else {
                    shown = "n = " + r.size() + " of " + z.length + " (" + sampled + " sampled, largest kNN comp.)";
                }
                String title = String.format(Locale.ROOT, "%s of z (d = %d), %s: %s", method.display(), d,
                        run.label(), shown);
                String file = (method == Embedding.Method.TSNE ? "tsne_" : "umap_") + run.tag() + ".png";
                Path png = EmbeddingPlot.writeScatter(r, clusters, title, outDir.resolve(file));
                out.add(png);
                captions.put(png, String.format(Locale.ROOT, "%s of the latent codes z of the first %d test objects,"
                        + " %s; %s; %d points shown, coloured by argmax γ; seed %d; %.1f s.", method.display(),
                        z.length, what, param, r.size(), r.seed(), r.seconds()));
                notes.add(String.format(Locale.ROOT, "%s of %s: %d points × %d dimensions in %.1f s.",
                        method.display(), run.label(), r.size(), d, r.seconds()));
            } catch (RuntimeException | LinkageError e) {
                notes.add("Run " + run.label() + ": " + method.display() + " failed (" + e + ").");
            }
        }
        return out;
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static String describe(SweepRun run, List<SweepRun> runs) {
        List<Long> seeds = runs.stream().filter(r -> r.eta().compareTo(run.eta()) == 0).map(SweepRun::seed).toList();
        String base = "η = " + ResultsTable.etaLabel(run.eta()) + ", seed " + run.seed();
        if (seeds.size() <= 1) {
            return base + " (the only seed)";
        }
        return base + " (smallest of seeds " + seeds.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + ")";
    }

    private static HtmlReport html(Path sweepDir, ResultsTable table, List<SweepRun> runs,
                                   Map<BigDecimal, SweepRun> reps, List<Figure> sweepFigures,
                                   Map<BigDecimal, List<Figure>> runFigures,
                                   Map<BigDecimal, List<Path>> mapFiles, Map<Path, String> mapCaptions,
                                   List<String> notes, Options options) {
        String name = sweepDir.toAbsolutePath().normalize().getFileName() == null ? sweepDir.toString()
                : sweepDir.toAbsolutePath().normalize().getFileName().toString();
        HtmlReport h = new HtmlReport("softcluster sweep report — " + name);

        h.section("summary", "Summary");
        List<String> facts = new ArrayList<>();
        facts.add("Sweep folder: " + sweepDir.toAbsolutePath().normalize());
        SweepJson.read(sweepDir).ifPresent(j -> {
            for (String key : List.of("preset", "etas", "seeds", "shared_pretraining")) {
                if (j.has(key)) {
                    // the preset is a name, or (since the auto preset) an object with its name and derived choices
                    boolean named = j.get(key).isObject() && j.get(key).has("name");
                    facts.add(key + ": " + (named ? j.get(key).get("name").asText() : j.get(key)));
                }
            }
        });
        facts.add("Methods in results.csv: " + String.join(", ", table.methods()) + "; metrics: "
                + String.join(", ", table.metrics()) + ".");
        facts.add("Run folders found: " + runs.size() + " (" + reps.size() + " η values).");
        table.primaryMethod().ifPresent(m -> bestEta(table, m).ifPresent(facts::add));
        if (!table.showsPaper()) {
            facts.add("The paper's Table 2 (MNIST) is not set beside these numbers: " + (SweepJson.onMnist(sweepDir)
                    ? "no " + ResultsTable.PAPER_METHOD + " runs" : "the data is not MNIST (data kind: " + SweepJson.dataKind(sweepDir) + ")") + ".");
        }
        facts.add("Per-η figures (calibration, entropy, prototypes, uncertain objects, latent maps) use the run with"
                + " the smallest seed of each η.");
        facts.add("Latent maps: " + (options.embeddings() ? "t-SNE (perplexity 30) and UMAP (k = 15) of at most "
                + options.maxEmbeddingPoints() + " latent codes, seed " + options.embeddingSeed() + "."
                : "switched off."));
        facts.add("This file is self-contained: every image is embedded as a base64 data URI and every JSON file is"
                + " copied in, so it references no other file.");
        h.list(facts);
        if (!notes.isEmpty()) {
            h.subsection("Notes");
            h.list(notes);
        }

        h.section("table2", table.showsPaper() ? "Table 2 (ours, and paper vs ours)" : "Table 2 (ours)");
        table.tables().forEach(h::table);

        h.section("figures", "Figures 2–7");
        h.paragraph("Means over seeds with ± one sample standard deviation as error bars"
                + (table.showsPaper() ? "; dashed lines are the paper's Table 2" : "") + ". Drawn from results.csv alone.");
        h.beginGrid();
        sweepFigures.forEach(f -> h.image(f.png(), f.caption()));
        h.endGrid();

        h.section("calibration", "Calibration (reliability diagrams)");
        h.paragraph("Accuracy per confidence bin uses Hungarian-matched correctness (an object is correct when its"
                + " argmax cluster is matched to its label); 15 equal-width bins of max γ, as the ECE. A run trained under"
                + " --softness auto shows γ as used (its temperature multiplied by the chosen τ) and, beside it, γ as trained"
                + " (τ = 1). A run without labels shows the distribution of its label-free reliability estimate"
                + " (reliability.csv) instead, when it has one.");
        perEta(h, reps, runFigures, "reliability_", "no reliability diagram: the run has no labels.csv (a diagram needs"
                + " labels) and no reliability.csv (a model without reference codes)");

        h.section("entropy", "Entropy histograms");
        perEta(h, reps, runFigures, "entropy_hist_", "no entropy histogram (assignments.csv unreadable)");

        h.section("prototypes", "Prototypes per η");
        runImages(h, reps, "prototypes.png", "prototypes");

        h.section("uncertain", "Most uncertain objects per η");
        runImages(h, reps, "uncertain.png", "most uncertain objects");

        h.section("latent", "Latent maps (t-SNE and UMAP)");
        if (!options.embeddings()) {
            h.paragraph("Latent maps were switched off for this report.");
        } else if (mapFiles.values().stream().allMatch(List::isEmpty)) {
            h.paragraph("No latent map: no run has a latent.csv (or the maps failed; see the notes).");
        } else {
            h.beginGrid();
            for (Map.Entry<BigDecimal, List<Path>> e : mapFiles.entrySet()) {
                for (Path p : e.getValue()) {
                    h.image(p, mapCaptions.getOrDefault(p, p.getFileName().toString()));
                }
            }
            h.endGrid();
        }

        h.section("runs", "Runs (config and provenance)");
        if (runs.isEmpty()) {
            h.paragraph("No run folders under runs/.");
        }
        for (SweepRun run : runs) {
            List<Path> json = new ArrayList<>();
            for (String f : List.of("config.json", "provenance.json", "metrics.json")) {
                run.file(f).ifPresent(json::add);
            }
            h.details(run.label() + " — " + sweepDir.relativize(run.dir()), json);
        }
        return h;
    }

    private static void perEta(HtmlReport h, Map<BigDecimal, SweepRun> reps,
                               Map<BigDecimal, List<Figure>> runFigures, String prefix, String missing) {
        if (reps.isEmpty()) {
            h.paragraph("No run folders under runs/.");
            return;
        }
        h.beginGrid();
        for (SweepRun run : reps.values()) {
            List<Figure> f = runFigures.getOrDefault(run.eta(), List.of()).stream()
                    .filter(x -> x.name().startsWith(prefix)).toList();
            if (f.isEmpty()) {
                h.paragraph(run.label() + ": " + missing + ".");
            }
            f.forEach(x -> h.image(x.png(), x.caption()));
        }
        h.endGrid();
    }

    private static void runImages(HtmlReport h, Map<BigDecimal, SweepRun> reps, String file, String what) {
        if (reps.isEmpty()) {
            h.paragraph("No run folders under runs/.");
            return;
        }
        h.beginGrid();
        for (SweepRun run : reps.values()) {
            Optional<Path> p = run.file(file);
            if (p.isPresent()) {
                h.image(p.get(), "The " + what + ", " + run.label() + " (" + file + ").");
            } else {
                h.paragraph(run.label() + ": no " + file + ".");
            }
        }
        h.endGrid();
    }

    private static Optional<String> bestEta(ResultsTable table, String method) {
        BigDecimal best = null;
        double bestNmi = Double.NEGATIVE_INFINITY;
        for (BigDecimal eta : table.etas(method)) {
            double m = table.stat(method, eta, "nmi").mean();
            if (Double.isFinite(m) && m > bestNmi) {
                bestNmi = m;
                best = eta;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Highest mean NMI for %s: %.3f at η = %s%s.", method, bestNmi,
                ResultsTable.etaLabel(best), table.showsPaper() ? " (the paper's best: 0.542 at η = 0.05)" : ""));
    }
}
