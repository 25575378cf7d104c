package org.softcluster.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.metrics.Reliability;
import org.softcluster.metrics.SoftMetrics;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calibration section of report.html for the chosen softness: a run softened by {@code --softness auto} (τ in its
 * provenance.json) shows the reliability diagram of γ as used and of γ as trained beside it, each with its ECE; a run
 * without labels shows the reliability estimate's histogram (reliability.csv), or says why there is no diagram.
 */
class SoftnessReportTest {
    private static final double TAU = 1.5;

    @TempDir
    static Path tmp;
    private static Path out;
    private static String html;
    private static double[][] trained;
    private static int[] labels;

    @BeforeAll
    static void build() throws IOException {
        Path sweep = tmp.resolve("sweep");
        out = tmp.resolve("report");
        SyntheticSweep.write(sweep, List.of("0", "0.05", "0.1"), List.of(0L), 60, 3, 5);
        // η = 0.05: trained γ, written as used at τ = 1.5 (as --softness auto does), τ in the provenance
        Path soft = sweep.resolve("runs/eta=0.05/seed=0");
        SweepRun run = new SweepRun(new BigDecimal("0.05"), 0, soft);
        trained = run.assignments().proba();
        labels = run.labels().orElseThrow();
        double[][] used = Reliability.temper(trained, TAU);
        StringBuilder a = new StringBuilder("id,cluster,p_0,p_1,p_2,entropy,confidence\n");
        for (int i = 0; i < used.length; i++) {
            a.append(i).append(",0");
            for (double v : used[i]) a.append(',').append(String.format(Locale.ROOT, "%.8f", v));
            a.append(",0,0\n");
        }
        Files.writeString(soft.resolve("assignments.csv"), a.toString());
        Files.writeString(soft.resolve("provenance.json"), "{\"training\":{\"softness\":{\"mode\":\"auto\",\"calibration\":" + TAU + "}}}");
        // η = 0: no labels, a reliability estimate per object; η = 0.1: neither
        Path unlabelled = sweep.resolve("runs/eta=0/seed=0");
        Files.delete(unlabelled.resolve("labels.csv"));
        StringBuilder r = new StringBuilder("id,reliability\n");
        for (int i = 0; i < 60; i++) r.append(i).append(',').append(i % 3 == 0 ? "0.4" : "0.9").append('\n');
        Files.writeString(unlabelled.resolve("reliability.csv"), r.toString());
        Files.delete(sweep.resolve("runs/eta=0.1/seed=0/labels.csv"));
        html = Files.readString(SweepReport.build(sweep, out, SweepReport.Options.defaults().withEmbeddings(false)).html());
    }

    @Test
    void aSoftenedRunShowsGammaAsUsedAndAsTrainedEachWithItsEce() {
        assertTrue(Files.isRegularFile(out.resolve("reliability_eta0.05_seed0.png")));
        assertTrue(Files.isRegularFile(out.resolve("reliability_trained_eta0.05_seed0.png")));
        double usedEce = captionEce("Reliability diagram of max γ as used (temperature × τ = 1.500)");
        double trainedEce = captionEce("Reliability diagram of max γ as trained (τ = 1");
        assertEquals(SoftMetrics.ece(labels, Reliability.temper(trained, TAU)), usedEce, 1e-4);
        assertEquals(SoftMetrics.ece(labels, trained), trainedEce, 1e-3, "γ as trained, recovered from γ as used");
        assertTrue(Math.abs(usedEce - trainedEce) > 1e-3, "two different diagrams: " + usedEce + " vs " + trainedEce);
        int used = html.indexOf("as used (temperature");
        int asTrained = html.indexOf("Reliability diagram of max γ as trained (τ = 1", used);
        assertTrue(used >= 0 && asTrained > used && html.substring(used, asTrained).split("<figure>", -1).length == 2,
                "side by side, in one grid, γ as used first");
    }

    @Test
    void aRunAtTheTrainedSoftnessShowsOneDiagram() {
        assertFalse(Files.exists(out.resolve("reliability_trained_eta0_seed0.png")));
        assertFalse(Files.exists(out.resolve("reliability_trained_eta0.1_seed0.png")));
    }

    @Test
    void withoutLabelsTheEstimatesDistributionOrTheReasonIsShown() {
        assertTrue(Files.isRegularFile(out.resolve("reliability_estimate_eta0_seed0.png")));
        assertTrue(html.contains("No labels, so no reliability diagram: the distribution of the label-free reliability estimate"
                + " instead (mean 0.7333"), html);
        assertTrue(html.contains("η = 0.1, seed 0: no reliability diagram: the run has no labels.csv (a diagram needs labels)"
                + " and no reliability.csv"), html);
        assertFalse(Files.exists(out.resolve("reliability_estimate_eta0.1_seed0.png")));
    }

    private static double captionEce(String start) {
        Matcher m = Pattern.compile(Pattern.quote(start) + "[^<]*?; ECE = ([0-9.]+)\\.</figcaption>").matcher(html);
        assertTrue(m.find(), "no caption starting '" + start + "' with an ECE");
        return Double.parseDouble(m.group(1));
    }
}
