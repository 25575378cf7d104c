package org.softcluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.softcluster.io.AtomicFiles;
import org.softcluster.io.CsvTable;
import org.softcluster.io.Json;
import org.softcluster.report.ResultsTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The target-entropy runs of a sweep (runs/target=H/seed=S) beside its fixed-η runs: per run the
 * evaluated mean H(γ) against the target, the η the dual ascent ended at, and the fixed-η run of the
 * same seed nearest in entropy with its NMI; written to targets.csv and targets.md.
 */
final class TargetSummary {
    private TargetSummary() { }

    /** One finished run: its metrics and the η of its last logged epoch. */
    record Run(double value, int seed, Map<String, Double> metrics, double finalEta) { }

    static void write(Path sweepDir) throws IOException {
        List<Run> targets = runs(sweepDir, "target=");
        List<Run> fixed = runs(sweepDir, "eta=");
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Double, List<Map<String, Object>>> byTarget = new TreeMap<>();
        for (Run t : targets) {
            Map<String, Object> r = new LinkedHashMap<>();
            double h = t.metrics().getOrDefault("entropy", Double.NaN);
            r.put("target", t.value());
            r.put("seed", t.seed());
            r.put("entropy", h);
            r.put("abs_error", Math.abs(h - t.value()));
            for (String k : List.of("nmi", "acc", "confidence", "ece")) r.put(k, t.metrics().getOrDefault(k, Double.NaN));
            r.put("final_eta", t.finalEta());
            Run near = null;
            for (Run f : fixed) {
                if (f.seed() != t.seed()) continue;
                double d = Math.abs(f.metrics().getOrDefault("entropy", Double.NaN) - h);
                if (near == null || d < Math.abs(near.metrics().getOrDefault("entropy", Double.NaN) - h)) near = f;
            }
            r.put("nearest_eta", near == null ? Double.NaN : near.value());
            r.put("nearest_entropy", near == null ? Double.NaN : near.metrics().getOrDefault("entropy", Double.NaN));
            r.put("nearest_nmi", near == null ? Double.NaN : near.metrics().getOrDefault("nmi", Double.NaN));
            r.put("delta_nmi", near == null ? Double.NaN : t.metrics().getOrDefault("nmi", Double.NaN) - near.metrics().getOrDefault("nmi", Double.NaN));
            rows.add(r);
            byTarget.computeIfAbsent(t.value(), k -> new ArrayList<>()).add(r);
        }
        CsvTable.write(sweepDir.resolve("targets.csv"), rows);
        StringBuilder md = new StringBuilder("# Target-entropy runs\n\n")
                .append("| target H | runs | evaluated H (mean ± std) | max |H − target| | NMI (mean ± std) | max |ΔNMI| to the nearest fixed-η run | final η (mean) |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : byTarget.entrySet()) {
            List<Map<String, Object>> rs = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %s | %.3f | %.3g |%n", SweepCommand.etaName(e.getKey()), rs.size(),
                    stat(rs, "entropy").format(3), max(rs, "abs_error"), stat(rs, "nmi").format(3), maxAbs(rs, "delta_nmi"),
                    stat(rs, "final_eta").mean()));
        }
        md.append("\nEvaluated H is the mean entropy of γ on the evaluation data; the dual ascent saw only the training part. ")
                .append("The nearest fixed-η run is the one of the same seed whose evaluated H is closest.\n");
        AtomicFiles.writeString(sweepDir.resolve("targets.md"), md.toString());
    }

    private static List<Run> runs(Path sweepDir, String prefix) throws IOException {
        List<Run> out = new ArrayList<>();
        for (SweepCommand.FinishedRun f : SweepCommand.finishedRuns(sweepDir, prefix)) {
            JsonNode m = Json.MAPPER.readTree(f.dir().resolve("provenance.json").toFile()).get("metrics");
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (m != null) m.fields().forEachRemaining(e -> { if (e.getValue().isNumber()) metrics.put(e.getKey(), e.getValue().asDouble()); });
            out.add(new Run(Double.parseDouble(f.value()), Integer.parseInt(f.seed()), metrics, lastEta(f.dir().resolve("train_log.csv"))));
        }
        return out;
    }

    /** The η column of the last row of a train_log.csv that has one (NaN if none). */
    static double lastEta(Path log) throws IOException {
        double eta = Double.NaN;
        if (!Files.exists(log)) return eta;
        try (var r = Files.newBufferedReader(log);
             var p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            for (CSVRecord rec : p) {
                String v = rec.get("eta");
                if (v != null && !v.isBlank()) eta = Double.parseDouble(v);
            }
        }
        return eta;
    }

    private static ResultsTable.Stat stat(List<Map<String, Object>> rs, String key) {
        return ResultsTable.Stat.of(rs.stream().map(r -> ((Number) r.get(key)).doubleValue()).toList());
    }

    private static double[] values(List<Map<String, Object>> rs, String key) {
        return rs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray();
    }

    private static double max(List<Map<String, Object>> rs, String key) {
        double mx = Double.NEGATIVE_INFINITY;
        for (double x : values(rs, key)) mx = Math.max(mx, x);
        return mx;
    }

    private static double maxAbs(List<Map<String, Object>> rs, String key) {
        double mx = 0;
        for (double x : values(rs, key)) mx = Math.max(mx, Math.abs(x));
        return mx;
    }
}
