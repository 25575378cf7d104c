package org.softcluster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Builds one report of a tiny synthetic sweep (2 η × 2 seeds, 60 objects, K = 3) and checks what it wrote. */
class SweepReportTest {

    @TempDir
    static Path tmp;

    private static Path sweep;
    private static Path out;
    private static SweepReport.Result result;

    @BeforeAll
    static void build() throws IOException {
        sweep = tmp.resolve("sweep");
        out = tmp.resolve("report");
        SyntheticSweep.write(sweep, List.of("0", "0.05"), List.of(0L, 1L), 60, 3, 5);
        result = SweepReport.build(sweep, out);
    }

    @Test
    void writesEveryExpectedFile() {
        List<String> expected = new ArrayList<>(List.of("table2.csv", "table2.md", "report.html"));
        for (String f : SweepFigures.FIGURE_NAMES) {
            expected.add(f + ".png");
            expected.add(f + ".svg");
        }
        for (String tag : List.of("eta0_seed0", "eta0.05_seed0")) {
            for (String kind : List.of("reliability_", "entropy_hist_")) {
                expected.add(kind + tag + ".png");
                expected.add(kind + tag + ".svg");
            }
            expected.add("tsne_" + tag + ".png");
            expected.add("umap_" + tag + ".png");
        }
        for (String name : expected) {
            Path p = out.resolve(name);
            assertTrue(Files.isRegularFile(p), "missing " + name + "; notes: " + result.notes());
            assertTrue(result.files().contains(p), "not listed in the result: " + name);
        }
        assertEquals(expected.size(), result.files().size(), "files: " + result.files());
        assertEquals(4, result.embeddings().size());
        assertEquals(out.resolve("report.html"), result.html());
    }

    @Test
    void everyPngDecodesAndIsNotBlank() throws IOException {
        List<Path> pngs = list(".png");
        assertTrue(pngs.size() >= 6 + 4 + 4, "PNGs: " + pngs);
        for (Path p : pngs) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertNotNull(img, p + " does not decode");
            Map<Integer, Integer> counts = new HashMap<>();
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    counts.merge(img.getRGB(x, y), 1, Integer::sum);
                }
            }
            int top = counts.values().stream().max(Integer::compare).orElseThrow();
            double total = (double) img.getWidth() * img.getHeight();
            assertTrue(counts.size() > 1, p + " has a single colour");
            assertTrue(top / total < 0.99, p + " is " + (100 * top / total) + "% one colour");
        }
    }

    @Test
    void everySvgIsNonEmptyXml() throws Exception {
        List<Path> svgs = list(".svg");
        assertEquals(6 + 2 * 2, svgs.size(), "SVGs: " + svgs);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        for (Path p : svgs) {
            assertTrue(Files.size(p) > 1000, p + " is nearly empty");
            Document d = b.parse(p.toFile());
            assertEquals("svg", d.getDocumentElement().getNodeName(), p.toString());
            assertTrue(d.getDocumentElement().getChildNodes().getLength() > 0, p + " has no content");
        }
    }

    @Test
    void tablesHaveThePapersValuesAndOurAggregates() throws IOException {
        String md = Files.readString(out.resolve("table2.md"));
        assertTrue(md.contains("| 0.05 | 0.542 |"), md);
        // η = 0.05 NMI of seeds 0 and 1: 0.50 and 0.56 → 0.530 ± 0.042.
        assertTrue(md.contains("0.530 ± 0.042"), md);
        assertTrue(md.contains("0.320 ± 0.028"), md);
        List<String> csv = Files.readAllLines(out.resolve("table2.csv"));
        assertTrue(csv.get(0).startsWith("method,eta,nmi_mean,nmi_std,ari_mean"), csv.get(0));
        assertTrue(csv.get(0).endsWith(",n_seeds"), csv.get(0));
        String[] r = csv.get(2).split(",");
        assertEquals("0.05", r[1]);
        assertEquals(0.53, Double.parseDouble(r[2]), 1e-12);
        assertEquals(Math.sqrt(0.0018), Double.parseDouble(r[3]), 1e-12);
        assertEquals("2", r[r.length - 1]);
    }

    @Test
    void htmlIsSelfContainedWithAllSections() throws IOException {
        String html = Files.readString(result.html());
        for (String ref : HtmlReport.externalReferences(html)) {
            assertTrue(Files.exists(out.resolve(ref)), "report.html references a missing file: " + ref);
        }
        assertEquals(List.of(), HtmlReport.externalReferences(html), "report.html should embed everything");
        for (String id : List.of("summary", "table2", "figures", "calibration", "entropy", "prototypes",
                "uncertain", "latent", "runs")) {
            assertTrue(html.contains("id=\"" + id + "\""), "missing section " + id);
        }
        long images = html.split("src=\"data:image/png;base64,", -1).length - 1;
        // 6 figures + 2×(reliability, entropy) + 2 prototypes + 1 uncertain + 2×(t-SNE, UMAP).
        assertEquals(6 + 4 + 2 + 1 + 4, images);
        assertEquals(4, html.split("<details>", -1).length - 1);
        assertTrue(html.contains("&lt;synthetic &amp; test&gt;"), "config.json should be escaped and shown");
        assertTrue(html.contains("<td>0.542</td>"));
        assertFalse(html.contains("<synthetic"));
    }

    /**
     * The paper's Table 2 is of MNIST (issue 30): a sweep of a table gets its own Table 2 alone — no paper-vs-ours
     * table, no "paper's best", no dashed paper series — and says why; the MNIST sweep above keeps them all.
     */
    @Test
    void aTableSweepSetsNoPaperNumbersBesideItsOwn() throws IOException {
        Path tableSweep = tmp.resolve("table-sweep");
        Path tableOut = tmp.resolve("table-report");
        SyntheticSweep.write(tableSweep, List.of("0", "0.05"), List.of(0L, 1L), 60, 3, 5, "table");
        SweepReport.build(tableSweep, tableOut, SweepReport.Options.defaults().withEmbeddings(false));
        String md = Files.readString(tableOut.resolve("table2.md"));
        assertTrue(md.contains("0.530 ± 0.042"), "our own numbers: " + md);
        assertFalse(md.contains("paper") || md.contains("0.542"), md);
        String html = Files.readString(tableOut.resolve("report.html"));
        for (String paper : List.of("paper vs ours", "paper&#39;s best", "0.542", "dashed lines are the paper")) {
            assertFalse(html.contains(paper), "'" + paper + "' in a table sweep's report");
        }
        assertTrue(html.contains("not set beside these numbers: the data is not MNIST (data kind: table)"), "says why");
        assertEquals(List.of(), paperSeries(ResultsTable.readSweep(tableSweep)), "no dashed paper series");
        assertEquals(7, paperSeries(ResultsTable.readSweep(sweep)).size(), "the MNIST sweep keeps its dashed lines (2 + 1 + 1 + 2 + 1): "
                + paperSeries(ResultsTable.readSweep(sweep)));
        String mnist = Files.readString(result.html());
        for (String paper : List.of("paper vs ours", "paper&#39;s best: 0.542", "dashed lines are the paper")) {
            assertTrue(mnist.contains(paper), "the MNIST sweep keeps '" + paper + "'");
        }
    }

    /** The names of the paper's series in Figures 2–7 of a table. */
    private static List<String> paperSeries(ResultsTable t) {
        List<String> names = new ArrayList<>();
        SweepFigures.nmiAriVsEta(t).ifPresent(c -> names.addAll(c.getSeriesMap().keySet()));
        SweepFigures.metricVsEta(t, "entropy", "H(γ)", "t", "y", java.awt.Color.BLACK, PaperTable2.Row::entropy)
                .ifPresent(c -> names.addAll(c.getSeriesMap().keySet()));
        SweepFigures.nmiVsEntropy(t).ifPresent(c -> names.addAll(c.getSeriesMap().keySet()));
        SweepFigures.relativeChange(t).ifPresent(c -> names.addAll(c.getSeriesMap().keySet()));
        SweepFigures.nmiOverEntropy(t).ifPresent(c -> names.addAll(c.getSeriesMap().keySet()));
        return names.stream().filter(n -> n.contains("paper")).toList();
    }

    @Test
    void onlyAnMnistSweepIsTakenForMnist() throws IOException {
        Path dir = tmp.resolve("kinds");
        Files.createDirectories(dir);
        assertEquals("unknown", SweepJson.dataKind(dir), "no sweep.json");
        Files.writeString(dir.resolve("sweep.json"), "{\"data\":{\"path\":\"d\",\"evaluated_on\":\"test split\"}}");
        assertTrue(SweepJson.onMnist(dir), "written before the kind was recorded: only MNIST has a test split");
        Files.writeString(dir.resolve("sweep.json"), "{\"data\":{\"path\":\"d\",\"evaluated_on\":\"all objects (transductive)\"}}");
        assertFalse(SweepJson.onMnist(dir));
        Files.writeString(dir.resolve("sweep.json"), "{\"data\":{\"kind\":\"array\",\"evaluated_on\":\"test split\"}}");
        assertEquals("array", SweepJson.dataKind(dir), "a recorded kind decides");
        Files.writeString(dir.resolve("sweep.json"), "{\"preset\":\"paper\"}");
        assertFalse(SweepJson.onMnist(dir), "no data recorded: not known to be MNIST");
    }

    @Test
    void embeddingsCanBeSwitchedOff() {
        Path out2 = tmp.resolve("report-no-maps");
        SweepReport.Result r = SweepReport.build(sweep, out2, SweepReport.Options.defaults().withEmbeddings(false));
        assertTrue(r.embeddings().isEmpty());
        assertFalse(Files.exists(out2.resolve("tsne_eta0_seed0.png")));
        assertTrue(Files.isRegularFile(out2.resolve("fig5_nmi_vs_entropy.png")));
        assertTrue(r.files().stream().allMatch(Files::isRegularFile));
    }

    private static List<Path> list(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
