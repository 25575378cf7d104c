package org.softcluster.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One training run of a sweep, the folder {@code runs/eta=<eta>/seed=<seed>/}, with readers for the files in it.
 *
 * @param eta the entropy weight η of the run, trailing zeros stripped
 * @param seed the run's seed
 * @param dir the run folder
 */
public record SweepRun(BigDecimal eta, long seed, Path dir) {

    /** Largest tolerated |Σ_k p_k − 1| of a row of {@code assignments.csv} before it is renormalised (rounding). */
    public static final double ROW_SUM_TOLERANCE = 1e-2;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ETA_DIR = Pattern.compile("eta=(.+)");
    private static final Pattern SEED_DIR = Pattern.compile("seed=(-?\\d+)");

    /** Normalises η by stripping trailing zeros. */
    public SweepRun {
        eta = ResultsTable.normalize(eta);
    }

    /**
     * The soft assignments of a run, read from {@code assignments.csv}.
     *
     * @param ids the object ids, in file order
     * @param clusters the hard cluster of each object (the file's {@code cluster} column, argmax γ)
     * @param proba the soft assignments γ, N × K, each row renormalised to sum to one
     * @param entropy the entropy H(γ_i) of each object in nats, recomputed from {@code proba}
     */
    public record Assignments(List<String> ids, int[] clusters, double[][] proba, double[] entropy) {

        /** Returns the number of clusters K. */
        public int k() {
            return proba[0].length;
        }

        /** Returns the number of objects N. */
        public int n() {
            return proba.length;
        }
    }

    /** Lists the runs of a sweep folder ({@code runs/eta=*}{@code /seed=*}), sorted by η then seed. */
    public static List<SweepRun> list(Path sweepDir) {
        Path runs = sweepDir.resolve("runs");
        List<SweepRun> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        try (Stream<Path> etas = Files.list(runs)) {
            for (Path etaDir : etas.filter(Files::isDirectory).toList()) {
                Matcher me = ETA_DIR.matcher(etaDir.getFileName().toString());
                if (!me.matches()) {
                    continue;
                }
                BigDecimal eta;
                try {
                    eta = new BigDecimal(me.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                try (Stream<Path> seeds = Files.list(etaDir)) {
                    for (Path seedDir : seeds.filter(Files::isDirectory).toList()) {
                        Matcher ms = SEED_DIR.matcher(seedDir.getFileName().toString());
                        if (ms.matches()) {
                            out.add(new SweepRun(eta, Long.parseLong(ms.group(1)), seedDir));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(SweepRun::eta).thenComparingLong(SweepRun::seed));
        return out;
    }

    /** Returns, for every η in ascending order, the run with the smallest seed (seed 0 when there is one). */
    public static Map<BigDecimal, SweepRun> representatives(List<SweepRun> runs) {
        Map<BigDecimal, SweepRun> out = new TreeMap<>();
        for (SweepRun r : runs) {
            out.merge(r.eta(), r, (a, b) -> a.seed() <= b.seed() ? a : b);
        }
        return out;
    }

    /** Returns "η = 0.05, seed 0". */
    public String label() {
        return "η = " + ResultsTable.etaLabel(eta) + ", seed " + seed;
    }

    /** Returns a file-name-safe tag such as {@code eta0.05_seed0}. */
    public String tag() {
        return "eta" + ResultsTable.etaLabel(eta) + "_seed" + seed;
    }

    /** Returns a file of the run folder if it exists as a regular file. */
    public Optional<Path> file(String name) {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Reads {@code assignments.csv} (id, cluster, p_0..p_{K-1}, entropy, confidence). */
    public Assignments assignments() {
        Path csv = file("assignments.csv").orElseThrow(() ->
                new IllegalStateException("run " + label() + " has no assignments.csv in " + dir));
        List<String[]> raw = new ArrayList<>();
        List<String> header;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .build().parse(reader)) {
            header = parser.getHeaderNames();
            for (CSVRecord rec : parser) {
                raw.add(rec.values());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        TreeMap<Integer, Integer> pCols = new TreeMap<>();
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (h.matches("p_\\d+")) {
                pCols.put(Integer.parseInt(h.substring(2)), c);
            }
        }
        int k = pCols.size();
        if (k == 0 || pCols.lastKey() != k - 1) {
            throw new IllegalArgumentException(csv + ": expected columns p_0..p_{K-1}, got " + header);
        }
        if (raw.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no rows");
        }
        int idCol = header.indexOf("id");
        List<String> ids = new ArrayList<>(raw.size());
        int[] clusters = new int[raw.size()];
        double[][] proba = new double[raw.size()][k];
        double[] entropy = new double[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            String[] row = raw.get(i);
            ids.add(idCol >= 0 ? row[idCol] : Integer.toString(i));
            double sum = 0.0;
            int best = 0;
            for (int j = 0; j < k; j++) {
                double v = Double.parseDouble(row[pCols.get(j)]);
                if (!(v >= 0.0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(csv + ", row " + (i + 1) + ": p_" + j + " = " + v);
                }
                proba[i][j] = v;
                sum += v;
                if (v > proba[i][best]) {
                    best = j;
                }
            }
            if (Math.abs(sum - 1.0) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException(csv + ", row " + (i + 1) + ": probabilities sum to " + sum);
            }
            double h = 0.0;
            for (int j = 0; j < k; j++) {
                proba[i][j] /= sum;
                if (proba[i][j] > 0.0) {
                    h -= proba[i][j] * Math.log(proba[i][j]);
                }
            }
            entropy[i] = h;
            int clusterCol = header.indexOf("cluster");
            clusters[i] = clusterCol >= 0 ? Integer.parseInt(row[clusterCol]) : best;
        }
        return new Assignments(List.copyOf(ids), clusters, proba, entropy);
    }

    /** Reads {@code labels.csv} (one column {@code label}, same row order as the assignments), empty if absent. */
    public Optional<int[]> labels() {
        Optional<Path> csv = file("labels.csv");
        if (csv.isEmpty()) {
            return Optional.empty();
        }
        List<double[]> rows = readNumeric(csv.get(), "label");
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) rows.get(i)[0];
        }
        return Optional.of(out);
    }

    /** Reads {@code latent.csv} (columns z_0..z_{d-1}, first ≤ 2000 objects), empty if absent. */
    public Optional<double[][]> latent() {
        Optional<Path> csv = file("latent.csv");
        return csv.map(p -> readNumeric(p, "z_").toArray(new double[0][]));
    }

    /**
     * Reads {@code reliability.csv} (column {@code reliability}: each evaluated object's label-free reliability estimate,
     * same row order as the assignments), empty if absent.
     */
    public Optional<double[]> reliability() {
        return file("reliability.csv").map(p -> readNumeric(p, "reliability").stream().mapToDouble(r -> r[0]).toArray());
    }

    /**
     * The calibration τ that {@code --softness auto} put on γ's temperature ({@code training.softness.calibration} of
     * {@code provenance.json}), empty when the run has none (fixed softness, older runs) or the file is unreadable.
     */
    public OptionalDouble calibration() {
        Optional<Path> p = file("provenance.json");
        if (p.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            JsonNode tau = JSON.readTree(p.get().toFile()).path("training").path("softness").path("calibration");
            return tau.isNumber() ? OptionalDouble.of(tau.asDouble()) : OptionalDouble.empty();
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
    }

    /** Reads the numeric columns whose names start with a prefix, in file order. */
    private static List<double[]> readNumeric(Path csv, String prefix) {
        List<double[]> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .build().parse(reader)) {
            List<String> header = parser.getHeaderNames();
            List<Integer> cols = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).startsWith(prefix)) {
                    cols.add(c);
                }
            }
            if (cols.isEmpty()) {
                throw new IllegalArgumentException(csv + ": no column named " + prefix + "…, header " + header);
            }
            for (CSVRecord rec : parser) {
                double[] row = new double[cols.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Double.parseDouble(rec.get(cols.get(j)));
                }
                out.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }
}
