package org.softcluster.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks behaviour that is not a golden value: sensitivity, edge cases, validation and the report format. */
class MetricsBehaviourTest {

    @Test
    void metricsSeparateAPermutedLabelingFromARandomOne() {
        int[] truth = Gen.labels(101, 600, 8);
        int[] permuted = Gen.relabel(truth, new int[] {3, 0, 7, 5, 1, 2, 6, 4});
        int[] random = Gen.labels(102, 600, 8);
        assertEquals(1.0, Nmi.score(truth, permuted), 1e-12);
        assertEquals(1.0, Ari.score(truth, permuted));
        assertEquals(1.0, HungarianAccuracy.score(truth, permuted));
        assertTrue(Nmi.score(truth, random) < 0.05);
        assertTrue(Math.abs(Ari.score(truth, random)) < 0.05);
        assertTrue(HungarianAccuracy.score(truth, random) < 0.3);
        // Flipping one object must move every metric away from 1.
        int[] oneWrong = permuted.clone();
        oneWrong[0] = permuted[0] == permuted[1] ? permuted[2] : permuted[1];
        assertTrue(Nmi.score(truth, oneWrong) < 1.0 - 1e-6);
        assertTrue(Ari.score(truth, oneWrong) < 1.0 - 1e-6);
        assertTrue(HungarianAccuracy.score(truth, oneWrong) < 1.0);
    }

    @Test
    void aWrongGoldenWouldFail() {
        // The golden comparison is not vacuous: a value one part in 1e9 away is rejected at the tolerance used.
        MetricsGoldenTest.Hard c = MetricsGoldenTest.hardCase("noisy_500_k10_pred12");
        double nmi = Nmi.score(c.truth(), c.pred());
        assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> assertEquals(c.nmi() * (1 + 1e-9), nmi, 1e-12));
    }

    @Test
    void ariAndNmiAreSymmetric() {
        int[] a = Gen.labels(103, 250, 4);
        int[] b = Gen.noisy(104, a, 6, 40, 1);
        assertEquals(Ari.score(a, b), Ari.score(b, a), 1e-15);
        assertEquals(Nmi.score(a, b), Nmi.score(b, a), 1e-15);
    }

    @Test
    void singleObjectIsValid() {
        assertEquals(1.0, Nmi.score(new int[] {3}, new int[] {9}));
        assertEquals(1.0, Ari.score(new int[] {3}, new int[] {9}));
        assertEquals(1.0, HungarianAccuracy.score(new int[] {3}, new int[] {9}));
        MetricReport r = MetricReport.of(new int[] {3}, new double[][] {{0.25, 0.75}});
        assertEquals(1, r.n());
        assertEquals(2, r.k());
        assertEquals(0.75, r.confidence());
        assertEquals(0.25, r.ece(), 1e-15);
        assertEquals(0.125, r.brier(), 1e-15);
    }

    @Test
    void softMetricsOfOneColumnAndOneHotRows() {
        double[][] one = {{1.0}, {1.0}};
        assertEquals(0.0, SoftMetrics.entropy(one));
        assertEquals(0.0, SoftMetrics.normalizedEntropy(one));
        assertEquals(1.0, SoftMetrics.confidence(one));
        double[][] uniform = {{0.25, 0.25, 0.25, 0.25}};
        assertEquals(Math.log(4), SoftMetrics.entropy(uniform), 1e-15);
        assertEquals(1.0, SoftMetrics.normalizedEntropy(uniform), 1e-15);
    }

    @Test
    void binBoundariesAreRightClosed() {
        assertEquals(0, SoftMetrics.bin(0.0));
        assertEquals(0, SoftMetrics.bin(1e-300));
        assertEquals(0, SoftMetrics.bin(1 / 15.0));
        assertEquals(1, SoftMetrics.bin(Math.nextUp(1 / 15.0)));
        assertEquals(2, SoftMetrics.bin(0.2));
        assertEquals(3, SoftMetrics.bin(Math.nextUp(0.2)));
        assertEquals(4, SoftMetrics.bin(1 / 3.0));
        assertEquals(14, SoftMetrics.bin(1.0));
        assertEquals(14, SoftMetrics.bin(Math.nextUp(1.0)));
        for (int b = 1; b <= 15; b++) {
            assertEquals(b - 1, SoftMetrics.bin(b / 15.0), "edge " + b);
            assertEquals(b - 1, SoftMetrics.bin(Math.nextDown(b / 15.0)), "below edge " + b);
        }
    }

    @Test
    void brierUsesAnAllZeroTargetForUnmatchedLabels() {
        // Three labels, two clusters: label 9 (one object) cannot be matched.
        int[] truth = {1, 1, 2, 2, 9};
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.1, 0.9}, {0.6, 0.4}};
        SoftMetrics.Result r = SoftMetrics.evaluate(truth, p);
        double expected = (0.01 + 0.01 + 0.04 + 0.04 + 0.09 + 0.09 + 0.01 + 0.01 + 0.36 + 0.16) / 5;
        assertEquals(expected, r.brier(), 1e-15);
        assertEquals(0.8, r.matching().accuracy(), 1e-15);
        assertFalse(r.matching().clusterOf(9).isPresent());
    }

    @Test
    void hardReportHasOnlyHardKeys() {
        MetricReport r = MetricReport.of(new int[] {0, 0, 1, 1}, new int[] {5, 5, 5, 7});
        assertFalse(r.hasProbabilities());
        assertEquals(2, r.k());
        Map<String, Object> m = r.toMap();
        assertEquals(List.of("n", "k", "nmi", "ari", "acc"), List.copyOf(m.keySet()));
        assertEquals(4, m.get("n"));
        assertEquals(2, m.get("k"));
        assertEquals(0.75, m.get("acc"));
    }

    @Test
    void softReportHasAllKeysInOrder() {
        int[] truth = {0, 0, 1, 1};
        double[][] p = {{0.9, 0.1, 0.0}, {0.6, 0.4, 0.0}, {0.2, 0.8, 0.0}, {0.3, 0.7, 0.0}};
        MetricReport r = MetricReport.of(truth, p);
        assertTrue(r.hasProbabilities());
        assertEquals(3, r.k());
        assertEquals(List.of("n", "k", "nmi", "ari", "acc", "entropy", "confidence", "ece", "brier"),
                List.copyOf(r.toMap().keySet()));
        assertEquals(1.0, r.acc());
        assertEquals(r.entropy(), r.toMap().get("entropy"));
        assertEquals(SoftMetrics.entropy(p), r.entropy());
    }

    @Test
    void invalidInputIsRejectedWithAClearMessage() {
        assertMessage("truth labels must not be null", () -> Nmi.score(null, new int[] {1}));
        assertMessage("predicted labels must not be null", () -> Ari.score(new int[] {1}, null));
        assertMessage("same length, got 2 and 1", () -> HungarianAccuracy.score(new int[] {1, 2}, new int[] {1}));
        assertMessage("must not be empty", () -> MetricReport.of(new int[0], new int[0]));
        assertMessage("must not be empty", () -> MetricReport.of(new int[0], new double[0][]));
        assertMessage("probabilities must not be null", () -> MetricReport.of(new int[] {1}, (double[][]) null));
        assertMessage("same length, got 2 and 1", () -> SoftMetrics.ece(new int[] {1, 2}, new double[][] {{1.0}}));
        assertMessage("row 1 has 1 columns", () -> SoftMetrics.entropy(new double[][] {{0.5, 0.5}, {1.0}}));
        assertMessage("row 1 is null", () -> SoftMetrics.confidence(new double[][] {{1.0}, null}));
        assertMessage("at least one column", () -> SoftMetrics.confidence(new double[][] {{}}));
        assertMessage("sums to", () -> SoftMetrics.brier(new int[] {0}, new double[][] {{0.5, 0.6}}));
        assertMessage("not a finite non-negative", () -> SoftMetrics.entropy(new double[][] {{1.5, -0.5}}));
        assertMessage("not a finite non-negative", () -> SoftMetrics.entropy(new double[][] {{Double.NaN, 1.0}}));
        assertMessage("outside [0, 2)", () -> Contingency.of(new int[] {0, 1}, new int[] {0, 2}, 2));
    }

    @Test
    void contingencyOfFixedColumnsKeepsEmptyClusters() {
        Contingency t = Contingency.of(new int[] {4, 4, 8}, new int[] {0, 2, 2}, 4);
        assertEquals(4, t.cols());
        assertEquals(2, t.nonEmptyCols());
        assertEquals(0, t.colSum(1));
        assertEquals(1, t.count(0, 2));
        assertEquals(-1, t.rowOf(5));
        assertEquals(Nmi.score(new int[] {4, 4, 8}, new int[] {0, 2, 2}), Nmi.score(t));
        assertEquals(Ari.score(new int[] {4, 4, 8}, new int[] {0, 2, 2}), Ari.score(t));
        assertNotEquals(0, t.nonZeroCells());
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
    }
}
