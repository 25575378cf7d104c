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
            Dataset d = table(m);
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

    /** The table as {@code assign} reads it under the model. */
    private static Dataset table(VadeModel m) throws Exception {
        return DataLoader.load(csv, DataLoader.Options.defaults().withIdColumn("id").withLabelColumn("kind")
                .withEncoding(ModelInput.tableEncoding(m))).train();
    }

    /**
     * A training row is not its own neighbour (issue 30): each row's column is min(γ*, the share of its 10 nearest
     * reference codes in its cluster) with its own code left out, found here by sorting every distance; on this table
     * some training rows' own code would tip that minimum, so the test fails where a row counts itself. A training row
     * scored alone — its code a few ulps off its code in a batch — gets the same value.
     */
    @Test
    void aTrainingRowIsNotItsOwnNeighbour() throws Exception {
        List<String[]> with = assign(dir.resolve("own.csv"), "--reliability");
        int tipped = -1;
        try (VadeModel m = VadeModel.load(model)) {
            Dataset d = table(m);
            VadeNetwork.Inference inf = m.infer(d);
            ReferenceCodes refs = m.references().orElseThrow();
            int k = inf.k();
            int references = 0;
            for (int i = 0; i < d.size(); i++) {
                String[] row = with.get(i + 1);
                int cluster = Integer.parseInt(row[1]);
                double mixture = inf.gammaStar()[i * k + cluster];
                float[] code = java.util.Arrays.copyOfRange(inf.mu(), i * refs.dim(), (i + 1) * refs.dim());
                Sorted sorted = Sorted.of(refs, code);
                boolean isReference = sorted.atOwnPoint();
                double withoutSelf = Math.min(mixture, sorted.share(cluster, isReference ? 1 : 0));
                double withSelf = Math.min(mixture, sorted.share(cluster, 0));
                if (isReference) references++;
                assertEquals(withoutSelf, Double.parseDouble(row[row.length - 1]), 1e-6, "row " + i + " (a reference: " + isReference + ")");
                if (withSelf != withoutSelf && tipped < 0) tipped = i;
            }
            assertEquals(refs.size(), references, "every reference is a row of the table, found at its own point");
        }
        assertTrue(tipped >= 0, "some training row's own code tips its estimate (else this test proves nothing)");
        Path one = dir.resolve("one-row.csv");
        List<String> lines = Files.readAllLines(csv);
        Files.write(one, List.of(lines.get(0), lines.get(tipped + 1)));
        Path out = dir.resolve("one-row-out.csv");
        CliTest.Run r = CliTest.run("assign", "--model", model.toString(), "--data", one.toString(), "--id-column", "id",
                "--label-column", "kind", "--reliability", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String[] alone = Files.readAllLines(out).get(1).split(",");
        String[] inBatch = with.get(tipped + 1);
        assertEquals(inBatch[0], alone[0]);
        assertEquals(Double.parseDouble(inBatch[inBatch.length - 1]), Double.parseDouble(alone[alone.length - 1]), 1e-6,
                "row " + inBatch[0] + " scored alone is still not its own neighbour");
    }

    /** The reference codes in order of their distance to one code, every distance sorted: the test's own search. */
    private record Sorted(ReferenceCodes refs, Integer[] order, double[] dist) {
        static Sorted of(ReferenceCodes refs, float[] code) {
            int dim = refs.dim();
            double[] dist = new double[refs.size()];
            Integer[] order = new Integer[refs.size()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
                for (int c = 0; c < dim; c++) dist[j] += Math.pow(code[c] - refs.codes()[j * dim + c], 2);
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> dist[j]));
            return new Sorted(refs, order, dist);
        }

        /** Whether the nearest code lies at the code's own point (within 1e-5). */
        boolean atOwnPoint() {
            return dist[order[0]] <= 1e-10;
        }

        /** The share of the 10 nearest codes in {@code cluster} after the {@code skip} nearest. */
        double share(int cluster, int skip) {
            int same = 0;
            for (int t = skip; t < skip + Reliability.NEIGHBOURS; t++) if (refs.clusters()[order[t]] == cluster) same++;
            return same / (double) Reliability.NEIGHBOURS;
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
