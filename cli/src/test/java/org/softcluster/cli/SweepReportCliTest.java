package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.report.HtmlReport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tiny sweep (2 η, 1 seed, 1 epoch, the committed subset) through sweep and report, as a user runs them. */
class SweepReportCliTest {

    @Test
    void tinySweepResumesAndReportsEverything(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        String[] args = {"sweep", "--data", "../testdata/mnist-subset", "--etas", "0,0.5", "--seeds", "1", "--epochs", "1",
                "--pretrain-epochs", "1", "--hidden", "32,32,64", "--kmeans-init", "1", "--latent-sample", "150",
                "--uncertain-top", "10", "--out", sweep.toString()};
        assertEquals(0, CliTest.run(args).code());
        for (String f : List.of("sweep.json", "results.csv", "table2.csv", "table2.md")) assertTrue(Files.exists(sweep.resolve(f)), f);
        Path run0 = sweep.resolve("runs/eta=0/seed=0");
        Path run05 = sweep.resolve("runs/eta=0.5/seed=0");
        for (Path run : List.of(run0, run05)) {
            for (String f : List.of("provenance.json", "assignments.csv", "labels.csv", "latent.csv", "uncertain.png", "prototypes.png",
                    "reliability.csv")) {
                assertTrue(Files.exists(run.resolve(f)), run + "/" + f);
            }
        }
        // resume: a run without provenance.json (as after a kill) is redone, a finished one is skipped
        long finishedBefore = Files.getLastModifiedTime(run05.resolve("provenance.json")).toMillis();
        Files.delete(run0.resolve("provenance.json"));
        assertEquals(0, CliTest.run(args).code());
        assertTrue(Files.exists(run0.resolve("provenance.json")));
        assertEquals(finishedBefore, Files.getLastModifiedTime(run05.resolve("provenance.json")).toMillis());
        assertEquals(1 + 2 * 11, Files.readAllLines(sweep.resolve("results.csv")).size(), "11 metrics per run, 2 runs");
        assertTrue(Files.readString(sweep.resolve("table2.md")).contains("0.542"), "the paper's value beside ours");
        assertTrue(Files.readString(sweep.resolve("sweep.json")).replaceAll("\\s", "").contains("\"kind\":\"mnist\""), "the data's kind");

        assertEquals(0, CliTest.run("report", "--sweep", sweep.toString()).code());
        Path report = sweep.resolve("report");
        for (int fig = 2; fig <= 7; fig++) {
            final int f = fig;
            try (Stream<Path> s = Files.list(report)) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("fig" + f + "_") && p.toString().endsWith(".png")), "fig " + f);
            }
        }
        List<Path> pngs;
        try (Stream<Path> s = Files.list(report)) {
            pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
        }
        assertTrue(pngs.size() >= 6 + 2 * 2 + 2 * 2, "figures, reliability + entropy per eta, t-SNE + UMAP per eta: " + pngs);
        for (Path png : pngs) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png.toString());
            assertFalse(blank(img), "blank image " + png);
        }
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(HtmlReport.externalReferences(html).stream().allMatch(ref -> Files.exists(report.resolve(ref))),
                "the HTML references only files that exist");
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("paper&#39;s best: 0.542") && html.contains("paper vs ours"), "an MNIST sweep keeps the paper");

        assertEquals(2, CliTest.run("report", "--sweep", dir.resolve("nothing").toString()).code());
        Path emb = dir.resolve("tsne.png");
        assertEquals(0, CliTest.run("embed", "--model", run05.toString(), "--data", "../testdata/mnist-subset", "--method", "umap",
                "--max-points", "200", "--out", emb.toString()).code());
        assertFalse(blank(ImageIO.read(emb.toFile())));
    }

    /** A sweep of a table (issue 30): its Table 2 and report stand alone, without the paper's MNIST numbers. */
    @Test
    void aTableSweepSetsNoPaperNumbersBesideItsOwn(@TempDir Path dir) throws Exception {
        Path csv = CliTest.table(dir);
        Path sweep = dir.resolve("sweep");
        CliTest.Run r = CliTest.run("sweep", "--data", csv.toString(), "--id-column", "id", "--label-column", "kind", "--k", "3",
                "--etas", "0,0.05", "--seeds", "1", "--epochs", "1", "--pretrain-epochs", "1", "--hidden", "16", "--latent", "2",
                "--kmeans-init", "1", "--latent-sample", "0", "--uncertain-top", "0", "--out", sweep.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(sweep.resolve("sweep.json")).replaceAll("\\s", "").contains("\"kind\":\"table\""), "the data's kind");
        String md = Files.readString(sweep.resolve("table2.md"));
        assertTrue(md.contains("Table 2, ours: ervade"), md);
        assertFalse(md.contains("paper vs ours") || md.contains("0.542"), md);
        assertEquals(0, CliTest.run("report", "--sweep", sweep.toString(), "--no-embeddings").code());
        String html = Files.readString(sweep.resolve("report").resolve("report.html"));
        for (String paper : List.of("paper vs ours", "paper&#39;s best", "0.542", "dashed lines are the paper")) {
            assertFalse(html.contains(paper), "'" + paper + "' in a table sweep's report");
        }
        assertTrue(html.contains("the data is not MNIST (data kind: table)"), "says why the paper is absent");
        assertFalse(Files.readString(sweep.resolve("report").resolve("table2.md")).contains("paper"), "the report's own table2.md");
    }

    @Test
    void strongSweepSharesTheTrunkAndSummarisesTargetEntropyRuns(@TempDir Path dir) throws Exception {
        Path sweep = dir.resolve("sweep");
        assertEquals(0, CliTest.run("sweep", "--preset", "strong", "--data", "../testdata/mnist-subset", "--etas", "0,0.5",
                "--target-entropies", "1.0", "--seeds", "1", "--first-seed", "1", "--epochs", "1", "--pretrain-epochs", "1", "--branch-epochs", "3",
                "--hidden", "32,32,64", "--kmeans-init", "1", "--latent-sample", "100", "--uncertain-top", "5",
                "--out", sweep.toString()).code());
        String json = Files.readString(sweep.resolve("sweep.json"));
        assertTrue(json.contains("\"shared_trunk\" : true"), json);
        assertTrue(json.replaceAll("\\s", "").contains("\"seeds\":[1]"), "--first-seed 1 --seeds 1 runs seed 1 only: " + json);
        Path a = sweep.resolve("runs/eta=0/seed=1");
        Path b = sweep.resolve("runs/eta=0.5/seed=1");
        Path t = sweep.resolve("runs/target=1/seed=1");
        for (Path run : List.of(a, b, t)) assertTrue(Files.exists(run.resolve("provenance.json")), run.toString());
        assertEquals(Files.readString(a.resolve("latent.csv")), Files.readString(b.resolve("latent.csv")),
                "one trunk per seed: the codes of the eta runs are identical");
        assertFalse(Files.readString(a.resolve("assignments.csv")).equals(Files.readString(b.resolve("assignments.csv"))),
                "eta changes the branch's gamma");
        List<String> targets = Files.readAllLines(sweep.resolve("targets.csv"));
        assertEquals(2, targets.size(), "header + one target run");
        assertTrue(targets.get(0).startsWith("target,seed,entropy,abs_error,nmi"), targets.get(0));
        assertTrue(Files.readString(sweep.resolve("targets.md")).contains("| 1 | 1 |"), "the summary row of target 1");
        List<String> log = Files.readAllLines(t.resolve("train_log.csv"));
        assertTrue(log.get(log.size() - 1).startsWith("branch,3,"), "the branch stage ends the log: " + log.get(log.size() - 1));
    }

    static boolean blank(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        int first = img.getRGB(0, 0);
        int same = 0;
        int total = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int c = img.getRGB(x, y);
                colours.add(c);
                if (c == first) same++;
                total++;
            }
        }
        return colours.size() < 2 || same > 0.99 * total;
    }
}
