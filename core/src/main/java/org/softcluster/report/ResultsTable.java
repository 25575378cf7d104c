package org.softcluster.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The long-format sweep results ({@code method,eta,seed,metric,value}) aggregated over seeds into the
 * project's Table 2: mean ± sample standard deviation per (method, η, metric).
 *
 * <p>The sample standard deviation divides by n − 1 and is NaN for a single seed. Non-finite values
 * (a metric a run could not compute) are left out of a cell's mean and standard deviation, and the cell's
 * count {@link Stat#n()} says how many values it has. η values are compared numerically (so {@code 1} and
 * {@code 1.0} are the same η) and printed with {@link #etaLabel(BigDecimal)}.
 *
 * <p>The paper's Table 2 is of MNIST, so a table sets it beside its own numbers only when told its data is MNIST
 * ({@link #withPaperTable}, {@link #readSweep}); by default it does not.
 */
public final class ResultsTable {

    /** Name of the method whose rows are compared with the paper's Table 2. */
    public static final String PAPER_METHOD = "ervade";

    /** The metrics the sweep writes, in the column order of {@code table2.csv}; other metrics follow them. */
    public static final List<String> KNOWN_METRICS = List.of("nmi", "ari", "acc", "entropy", "confidence", "ece",
            "brier", "clusters_used", "epochs_run", "best_epoch", "seconds");

    /**
     * One line of {@code results.csv}.
     *
     * @param method the method name (for example {@code ervade})
     * @param eta the entropy weight η, trailing zeros stripped
     * @param seed the run's seed
     * @param metric the metric name
     * @param value the metric value, NaN when the run could not compute it
     */
    public record Row(String method, BigDecimal eta, long seed, String metric, double value) {

        /** Normalises η by stripping trailing zeros. */
        public Row {
            eta = normalize(eta);
        }
    }

    /**
     * Mean and sample standard deviation of a metric over seeds.
     *
     * @param mean the arithmetic mean of the finite values, NaN when there are none
     * @param std the sample standard deviation (divisor n − 1), NaN when n &lt; 2
     * @param n the number of finite values
     */
    public record Stat(double mean, double std, int n) {

        /** Computes the mean and sample standard deviation of the finite values given (two-pass). */
        public static Stat of(Collection<Double> values) {
            double sum = 0.0;
            int n = 0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = sum / n;
            if (n == 1) {
                return new Stat(mean, Double.NaN, 1);
            }
            double ss = 0.0;
            for (double v : values) {
                if (Double.isFinite(v)) {
                    ss += (v - mean) * (v - mean);
                }
            }
            return new Stat(mean, Math.sqrt(ss / (n - 1)), n);
        }

        /** Returns "mean ± std" with the given number of decimals, "mean ± —" for one value, "—" for none. */
        public String format(int decimals) {
            if (n == 0) {
                return "—";
            }
            String m = fixed(mean, decimals);
            return m + " ± " + (Double.isNaN(std) ? "—" : fixed(std, decimals));
        }
    }

    /** Per method, η (ascending), metric: the value of every seed (ascending). */
    private final Map<String, TreeMap<BigDecimal, Map<String, TreeMap<Long, Double>>>> data;
    private final List<String> metrics;
    private final List<Row> rows;
    private final boolean paper;

    private ResultsTable(List<Row> rows, boolean paper) {
        this.rows = List.copyOf(rows);
        this.paper = paper;
        this.data = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Row r : rows) {
            seen.add(r.metric());
            TreeMap<Long, Double> cell = data.computeIfAbsent(r.method(), m -> new TreeMap<>())
                    .computeIfAbsent(r.eta(), e -> new LinkedHashMap<>())
                    .computeIfAbsent(r.metric(), m -> new TreeMap<>());
            if (cell.put(r.seed(), r.value()) != null) {
                throw new IllegalArgumentException("duplicate result for method " + r.method() + ", eta "
                        + etaLabel(r.eta()) + ", seed " + r.seed() + ", metric " + r.metric());
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String m : KNOWN_METRICS) {
            if (seen.contains(m)) {
                ordered.add(m);
            }
        }
        for (String m : seen) {
            if (!ordered.contains(m)) {
                ordered.add(m);
            }
        }
        this.metrics = Collections.unmodifiableList(ordered);
    }

    /** Builds a table from rows (for example from another source than a CSV file). */
    public static ResultsTable of(Collection<Row> rows) {
        return new ResultsTable(new ArrayList<>(rows), false);
    }

    /** Reads a sweep folder's {@code results.csv}, with the paper's Table 2 beside it when its data is MNIST ({@link SweepJson#onMnist}). */
    public static ResultsTable readSweep(Path sweepDir) {
        return read(sweepDir.resolve("results.csv")).withPaperTable(SweepJson.onMnist(sweepDir));
    }

    /** This table, setting the paper's Table 2 beside its {@value #PAPER_METHOD} rows or not ({@code mnist}: its data is MNIST). */
    public ResultsTable withPaperTable(boolean mnist) {
        return new ResultsTable(rows, mnist);
    }

    /** Whether the paper's Table 2 stands beside these numbers: the data is MNIST and the table has {@value #PAPER_METHOD}. */
    public boolean showsPaper() {
        return paper && data.containsKey(PAPER_METHOD);
    }

    /** Reads a {@code results.csv} with header {@code method,eta,seed,metric,value}; empty or "NaN" values become NaN. */
    public static ResultsTable read(Path csv) {
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = format.parse(reader)) {
            for (String col : List.of("method", "eta", "seed", "metric", "value")) {
                if (!parser.getHeaderMap().containsKey(col)) {
                    throw new IllegalArgumentException(csv + ": missing column '" + col
                            + "' (expected header method,eta,seed,metric,value)");
                }
            }
            for (CSVRecord rec : parser) {
                try {
                    rows.add(new Row(rec.get("method"), new BigDecimal(rec.get("eta")),
                            Long.parseLong(rec.get("seed")), rec.get("metric"), parseValue(rec.get("value"))));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv + ", line " + (rec.getRecordNumber() + 1)
                            + ": cannot parse number: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return of(rows);
    }

    private static double parseValue(String s) {
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(s);
    }

    /** Returns η without trailing zeros, as the sweep names its run folders. */
    public static BigDecimal normalize(BigDecimal eta) {
        BigDecimal s = eta.stripTrailingZeros();
        return s.signum() == 0 ? BigDecimal.ZERO : s;
    }

    /** Returns the label of an η as the sweep writes it: {@code stripTrailingZeros().toPlainString()} ("0", "0.05", "1"). */
    public static String etaLabel(BigDecimal eta) {
        return normalize(eta).toPlainString();
    }

    /** Returns all input rows in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** Returns the methods in order of first appearance. */
    public List<String> methods() {
        return List.copyOf(data.keySet());
    }

    /** Returns {@value #PAPER_METHOD} when present, else the first method; empty for an empty table. */
    public Optional<String> primaryMethod() {
        if (data.containsKey(PAPER_METHOD)) {
            return Optional.of(PAPER_METHOD);
        }
        return data.keySet().stream().findFirst();
    }

    /** Returns the metric names, known ones first in {@link #KNOWN_METRICS} order, then others by first appearance. */
    public List<String> metrics() {
        return metrics;
    }

    /** Returns the η values of a method in ascending order (empty for an unknown method). */
    public List<BigDecimal> etas(String method) {
        TreeMap<BigDecimal, ?> m = data.get(method);
        return m == null ? List.of() : List.copyOf(m.keySet());
    }

    /** Returns the value of every seed of a cell, by ascending seed (empty when the cell has no rows). */
    public SortedMap<Long, Double> perSeed(String method, BigDecimal eta, String metric) {
        TreeMap<BigDecimal, Map<String, TreeMap<Long, Double>>> m = data.get(method);
        if (m == null) {
            return Collections.emptySortedMap();
        }
        Map<String, TreeMap<Long, Double>> e = m.get(normalize(eta));
        if (e == null || !e.containsKey(metric)) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(e.get(metric));
    }

    /** Returns mean ± sample std over seeds of a cell; n = 0 and NaNs when the cell is empty. */
    public Stat stat(String method, BigDecimal eta, String metric) {
        return Stat.of(perSeed(method, eta, metric).values());
    }

    /** Returns the number of distinct seeds with any result for a method and η. */
    public int seeds(String method, BigDecimal eta) {
        TreeMap<BigDecimal, Map<String, TreeMap<Long, Double>>> m = data.get(method);
        if (m == null || !m.containsKey(normalize(eta))) {
            return 0;
        }
        Set<Long> s = new TreeSet<>();
        m.get(normalize(eta)).values().forEach(c -> s.addAll(c.keySet()));
        return s.size();
    }

    /** Returns the aggregated table as CSV: method, eta, {@code <metric>_mean}, {@code <metric>_std} per metric, n_seeds. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("method", "eta"));
        for (String m : metrics) {
            header.add(m + "_mean");
            header.add(m + "_std");
        }
        header.add("n_seeds");
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            p.printRecord(header);
            for (String method : data.keySet()) {
                for (BigDecimal eta : etas(method)) {
                    List<String> rec = new ArrayList<>(List.of(method, etaLabel(eta)));
                    for (String m : metrics) {
                        Stat s = stat(method, eta, m);
                        rec.add(Double.toString(s.mean()));
                        rec.add(Double.toString(s.std()));
                    }
                    rec.add(Integer.toString(seeds(method, eta)));
                    p.printRecord(rec);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    /** Returns the "ours" table of each method, then, where {@link #showsPaper}, the paper-vs-ours table of {@value #PAPER_METHOD}. */
    public List<TextTable> tables() {
        List<TextTable> out = new ArrayList<>();
        for (String method : data.keySet()) {
            out.add(oursTable(method));
        }
        if (paper) {
            paperVsOurs(PAPER_METHOD).ifPresent(out::add);
        }
        return out;
    }

    /** Returns the Table 2 of a method: one row per η, every cell mean ± sample std over seeds. */
    public TextTable oursTable(String method) {
        List<String> headers = List.of("η", "NMI", "ARI", "ACC", "H(γ) (nats)", "confidence", "ECE",
                "clusters used", "epochs", "seconds", "seeds");
        String[] cols = {"nmi", "ari", "acc", "entropy", "confidence", "ece", "clusters_used", "epochs_run",
            "seconds"};
        List<List<String>> rows = new ArrayList<>();
        for (BigDecimal eta : etas(method)) {
            List<String> row = new ArrayList<>();
            row.add(etaLabel(eta));
            for (String c : cols) {
                row.add(stat(method, eta, c).format(decimals(c)));
            }
            row.add(Integer.toString(seeds(method, eta)));
            rows.add(row);
        }
        return new TextTable("Table 2, ours: " + method, "Mean ± sample standard deviation over seeds (divisor n − 1;"
                + " — where a single seed gives no spread). H(γ) is the mean entropy of the soft assignments in"
                + " nats, confidence the mean largest γ, ECE the 15-bin expected calibration error of max γ against"
                + " Hungarian-matched correctness, epochs the epochs actually run, seconds the wall time per run.",
                headers, rows);
    }

    /**
     * Returns the comparison with the paper's Table 2 for a method (NMI, ARI, H(γ), confidence: paper, ours,
     * ours − paper), one row per η of either source; empty if the method has no results.
     */
    public Optional<TextTable> paperVsOurs(String method) {
        if (!data.containsKey(method)) {
            return Optional.empty();
        }
        TreeSet<BigDecimal> all = new TreeSet<>(etas(method));
        PaperTable2.rows().forEach(r -> all.add(normalize(r.eta())));
        List<String> headers = List.of("η", "NMI paper", "NMI ours", "Δ NMI", "ARI paper", "ARI ours", "Δ ARI",
                "H(γ) paper", "H(γ) ours", "Δ H(γ)", "conf. paper", "conf. ours", "Δ conf.");
        String[] metricsCompared = {"nmi", "ari", "entropy", "confidence"};
        List<List<String>> rows = new ArrayList<>();
        for (BigDecimal eta : all) {
            Optional<PaperTable2.Row> paper = PaperTable2.row(eta);
            double[] pv = paper.map(p -> new double[] {p.nmi(), p.ari(), p.entropy(), p.confidence()}).orElse(null);
            List<String> row = new ArrayList<>();
            row.add(etaLabel(eta));
            for (int i = 0; i < metricsCompared.length; i++) {
                Stat ours = stat(method, eta, metricsCompared[i]);
                row.add(pv == null ? "—" : fixed(pv[i], 3));
                row.add(ours.format(3));
                row.add(pv == null || ours.n() == 0 ? "—" : signed(ours.mean() - pv[i], 3));
            }
            rows.add(row);
        }
        return Optional.of(new TextTable("Table 2, paper vs ours: " + method, "Paper: means of 3 runs on the MNIST"
                + " test set (METHOD.md §6). Ours: mean ± sample std over seeds. Δ = ours − paper, on the means."
                + " — marks an η that the paper or this sweep does not have.", headers, rows));
    }

    /** Returns {@code table2.md}: a title, then every table of {@link #tables()} in Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Table 2\n\n");
        for (TextTable t : tables()) {
            sb.append(t.toMarkdown());
        }
        return sb.toString();
    }

    /** Writes {@code table2.csv} and {@code table2.md} into a folder (atomically) and returns their paths. */
    public List<Path> write(Path outDir) {
        return List.of(ReportFiles.writeString(outDir.resolve("table2.csv"), toCsv()),
                ReportFiles.writeString(outDir.resolve("table2.md"), toMarkdown()));
    }

    /** Returns the number of decimals a metric is shown with (3 for scores and probabilities, 1 for counts and times). */
    public static int decimals(String metric) {
        return switch (metric) {
            case "clusters_used", "epochs_run", "best_epoch", "seconds" -> 1;
            default -> 3;
        };
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String signed(double v, int decimals) {
        return String.format(Locale.ROOT, "%+." + decimals + "f", v);
    }
}
