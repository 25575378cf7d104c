package org.softcluster.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.data.DataLoader;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.metrics.Reliability;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadeNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-object reliability estimate at the command line (issue 19): {@code assign --reliability} adds a last column
 * that equals {@link Reliability}'s per-object values under the reference codes kept with the model, and
 * {@code uncertain --by reliability} ranks the objects by it, lowest first.
 */
class ReliabilityCliTest {
    @TempDir
    static Path dir;
    static Path csv;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        csv = CliTest.table(dir);
        model = dir.resolve("model");
        CliTest.Run r = CliTest.run("train", "--data", csv.toString(), "--id-column", "id", "--label-column", "kind", "--k", "3",
                "--hidden", "16", "--latent", "2", "--epochs", "2", "--pretrain-epochs", "2", "--kmeans-init", "1", "--no-progress",
                "--out", model.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static List<String[]> assign(Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("assign", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "kind", "--out", out.toString()));
        args.addAll(List.of(extra));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return Files.readAllLines(out).stream().map(l -> l.split(",", -1)).toList();
    }

    @Test
    void assignAddsEachRowsReliabilityEstimateAsTheLastColumn() throws Exception {
        List<String[]> plain = assign(dir.resolve("plain.csv"));
        List<String[]> with = assign(dir.resolve("with.csv"), "--reliability");
        assertEquals(String.join(",", plain.get(0)) + ",reliability", String.join(",", with.get(0)));
        assertEquals(91, with.size());
        try (VadeModel m = VadeModel.load(model)) {
            Dataset d = DataLoader.load(csv, DataLoader.Options.defaults().withIdColumn("id").withLabelColumn("kind")
                    .withEncoding(ModelInput.tableEncoding(m))).train();
            VadeNetwork.Inference inf = m.infer(d);
            ReferenceCodes refs = m.references().orElseThrow();
            int k = inf.k();
            int[] clusters = new int[d.size()];
            double[] mixture = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                clusters[i] = Integer.parseInt(with.get(i + 1)[1]);
                mixture[i] = inf.gammaStar()[i * k + clusters[i]];
            }
            double[] agreement = Reliability.neighbourAgreement(refs.codes(), refs.clusters(), inf.mu(), clusters, refs.dim(),
                    Reliability.NEIGHBOURS);
            double sum = 0;
            for (int i = 0; i < d.size(); i++) {
                String[] row = with.get(i + 1);
                assertEquals(String.join(",", plain.get(i + 1)), String.join(",", java.util.Arrays.copyOf(row, row.length - 1)),
                        "the other columns are unchanged, row " + i);
                double r = Double.parseDouble(row[row.length - 1]);
                assertEquals(Math.min(mixture[i], agreement[i]), r, 1e-6, "row " + i);
                sum += r;
            }
            assertEquals(Reliability.estimate(mixture, agreement), sum / d.size(), 1e-6);
        }
    }

    @Test
    void uncertainByReliabilityRanksTheLowestEstimatesFirst() throws Exception {
        Map<String, Double> all = new HashMap<>();
        List<String[]> with = assign(dir.resolve("for-ranking.csv"), "--reliability");
        for (String[] row : with.subList(1, with.size())) all.put(row[0], Double.parseDouble(row[row.length - 1]));
        Path out = dir.resolve("uncertain");
        CliTest.Run r = CliTest.run("uncertain", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "kind", "--by", "reliability", "--top", "12", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("uncertain.csv"));
        assertEquals(13, lines.size());
        List<String> header = List.of(lines.get(0).split(","));
        int id = header.indexOf("id");
        int rel = header.indexOf("reliability");
        assertTrue(rel >= 0, "a reliability column: " + header);
        List<Double> ranked = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",");
            double v = Double.parseDouble(row[rel]);
            assertEquals(all.get(row[id]), v, 1e-6, "the same estimate as assign's for " + row[id]);
            if (!ranked.isEmpty()) assertTrue(ranked.get(ranked.size() - 1) <= v, "lowest first: " + lines);
            ranked.add(v);
        }
        List<Double> lowest = all.values().stream().sorted().limit(12).toList();
        for (int i = 0; i < 12; i++) assertEquals(lowest.get(i), ranked.get(i), 1e-6, "the 12 lowest of all 90");
        Path byEntropy = dir.resolve("by-entropy");
        assertEquals(0, CliTest.run("uncertain", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "kind", "--top", "3", "--out", byEntropy.toString()).code());
        assertTrue(Files.readAllLines(byEntropy.resolve("uncertain.csv")).get(0).startsWith("rank,id,entropy,"), "entropy stays the default");
    }

    @Test
    void aModelWithoutReferenceCodesStillAssignsWithoutTheColumn() throws Exception {
        Path old = dir.resolve("old-model");
        Files.createDirectories(old);
        for (String f : List.of("model.json", "model.npz")) Files.copy(model.resolve(f), old.resolve(f));
        Path out = dir.resolve("old.csv");
        assertEquals(0, CliTest.run("assign", "--model", old.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "kind", "--out", out.toString()).code());
        assertTrue(Files.readAllLines(out).get(0).endsWith(",confidence"));
        Path refused = dir.resolve("refused.csv");
        CliTest.assertOneLineError(CliTest.run("assign", "--model", old.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "kind", "--reliability", "--out", refused.toString()), 2,
                "has no reference codes (trained before models kept them); retrain it");
        assertTrue(Files.notExists(refused), "no output file");
    }
}
