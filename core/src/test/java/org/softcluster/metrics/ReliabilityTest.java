package org.softcluster.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReliabilityTest {

    @Test
    void wellSeparatedBlobsAreNearCertain() {
        Random r = new Random(1);
        int d = 2;
        int n = 600;
        float[] ref = new float[n * d];
        int[] refLabels = new int[n];
        for (int i = 0; i < n; i++) {
            refLabels[i] = i % 3;
            ref[i * d] = (float) (20 * refLabels[i] + r.nextGaussian());
            ref[i * d + 1] = (float) r.nextGaussian();
        }
        float[] q = {0.3f, -0.2f, 19.5f, 0.4f, 40.2f, 1.1f};
        double[] agreement = Reliability.neighbourAgreement(ref, refLabels, q, new int[] {0, 1, 2}, d, Reliability.NEIGHBOURS);
        assertArrayEquals(new double[] {1, 1, 1}, agreement, 0);
        assertEquals(0.999, Reliability.estimate(new double[] {0.999, 0.999, 0.999}, agreement), 1e-12);
    }

    /**
     * Two overlapping blobs N(−1, 1) and N(+1, 1), equal weights: the mixture's posterior is the Bayes posterior, the
     * clusters its argmax; the estimate must come out at the Bayes accuracy Φ(1) = 0.8413 — where the neighbours alone
     * (labels that follow x) would claim far more.
     */
    @Test
    void twoOverlappingBlobsGiveTheBayesAccuracy() {
        Random r = new Random(7);
        int n = 20_000;
        int m = 2_000;
        float[] ref = new float[n];
        int[] refLabels = new int[n];
        for (int i = 0; i < n; i++) {
            ref[i] = (float) ((i % 2 == 0 ? -1 : 1) + r.nextGaussian());
            refLabels[i] = ref[i] < 0 ? 0 : 1;
        }
        float[] q = new float[m];
        int[] qLabels = new int[m];
        double[] posterior = new double[m];
        for (int i = 0; i < m; i++) {
            q[i] = (float) ((i % 2 == 0 ? -1 : 1) + r.nextGaussian());
            qLabels[i] = q[i] < 0 ? 0 : 1;
            double p1 = 1 / (1 + Math.exp(-2 * q[i]));         // N(x|1,1) / (N(x|−1,1) + N(x|1,1))
            posterior[i] = Math.max(p1, 1 - p1);
        }
        double[] agreement = Reliability.neighbourAgreement(ref, refLabels, q, qLabels, 1, Reliability.NEIGHBOURS);
        double neighboursAlone = java.util.Arrays.stream(agreement).average().orElseThrow();
        assertTrue(neighboursAlone > 0.95, "neighbours alone see only the boundary: " + neighboursAlone);
        assertEquals(0.8413, Reliability.estimate(posterior, agreement), 0.015);
    }

    @Test
    void theTemperatureSoftensToTheTargetAndNeverSharpens() {
        double[][] p = {{0.9, 0.05, 0.05}, {0.2, 0.7, 0.1}, {0.99, 0.005, 0.005}, {0.4, 0.35, 0.25}};
        double before = Reliability.meanConfidence(p);
        assertEquals(1.0, Reliability.temperatureFor(p, before + 0.01), "a target above the confidence leaves γ as trained");
        assertEquals(1.0, Reliability.temperatureFor(p, before));
        double tau = Reliability.temperatureFor(p, 0.6);
        assertTrue(tau > 1, "tau " + tau);
        double[][] soft = Reliability.temper(p, tau);
        assertEquals(0.6, Reliability.meanConfidence(soft), 1e-9);
        for (int i = 0; i < p.length; i++) {
            assertEquals(argmax(p[i]), argmax(soft[i]), "the clusters stay");
            assertEquals(1.0, java.util.Arrays.stream(soft[i]).sum(), 1e-12);
        }
        assertEquals(Reliability.MAX_TEMPERATURE, Reliability.temperatureFor(p, 0.1), 1e-9, "below the uniform's confidence: the largest");
        assertArrayEquals(p[1], Reliability.temper(p, 1.0)[1], 1e-12);
    }

    @Test
    void neighbourAgreementRefusesMismatchedInput() {
        float[] ref = {0, 1, 2};
        int[] labels = {0, 0, 1};
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Reliability.neighbourAgreement(ref, labels, new float[] {0}, new int[] {0}, 1, 4));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Reliability.neighbourAgreement(ref, new int[] {0, 1}, new float[] {0}, new int[] {0}, 1, 1));
        assertArrayEquals(new double[] {0.5}, Reliability.neighbourAgreement(ref, labels, new float[] {1.6f}, new int[] {0}, 1, 2), 0);
    }

    /** The blocked, parallel search gives what a plain sort of every distance gives, query by query (ties aside). */
    @Test
    void manyQueriesAgreeWithSortingEveryDistance() {
        Random r = new Random(3);
        int d = 3;
        int n = 500;
        int m = 1_000;                                          // several blocks of queries
        float[] ref = new float[n * d];
        int[] refLabels = new int[n];
        for (int i = 0; i < n * d; i++) ref[i] = (float) r.nextGaussian();
        for (int i = 0; i < n; i++) refLabels[i] = ref[i * d] > 0 ? 1 : (ref[i * d + 1] > 0 ? 2 : 0);
        float[] q = new float[m * d];
        int[] qLabels = new int[m];
        for (int i = 0; i < m * d; i++) q[i] = (float) r.nextGaussian();
        for (int i = 0; i < m; i++) qLabels[i] = i % 3;
        double[] agreement = Reliability.neighbourAgreement(ref, refLabels, q, qLabels, d, Reliability.NEIGHBOURS);
        for (int i = 0; i < m; i++) {
            final int qi = i;
            Integer[] order = new Integer[n];
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
                for (int c = 0; c < d; c++) dist[j] += Math.pow(q[qi * d + c] - ref[j * d + c], 2);
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> dist[j]));
            int same = 0;
            for (int t = 0; t < Reliability.NEIGHBOURS; t++) if (refLabels[order[t]] == qLabels[qi]) same++;
            assertEquals(same / 10.0, agreement[i], 0, "query " + i);
        }
    }

    /**
     * A training row among the references is not its own neighbour (issue 30): on a line, the row at 0 (cluster 0) has
     * clusters 0 at 1, 2, 3, 4 and clusters 1 at 1.5, 2.5, …, 6.5 beside it; counting itself its share would be 5/10 and
     * would tip its estimate above the mixture's 0.45; without itself it is 4/10. The same row scored alone, a few ulps
     * from its code in a batch, is still itself; a row a little way off is not; a copy of the row is another row.
     */
    @Test
    void aReferenceAtTheQuerysOwnPointIsTheQueryAndSkippedOnce() {
        float[] ref = {0, 1, 2, 3, 4, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f};
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
        int k = Reliability.NEIGHBOURS;
        double[] own = Reliability.neighbourAgreement(ref, labels, new float[] {0}, new int[] {0}, 1, k);
        assertArrayEquals(new double[] {0.4}, own, 0, "the row itself left out");
        assertEquals(0.4, Reliability.perObject(new double[] {0.45}, own)[0], 0, "its neighbours, not itself, bound the estimate");
        assertArrayEquals(new double[] {0.4}, Reliability.neighbourAgreement(ref, labels, new float[] {3e-7f}, new int[] {0}, 1, k), 0,
                "a few ulps off (the row scored alone): still itself");
        assertArrayEquals(new double[] {0.5}, Reliability.neighbourAgreement(ref, labels, new float[] {-0.01f}, new int[] {0}, 1, k), 0,
                "a held-out row near it counts the row at 0");
        float[] withCopy = java.util.Arrays.copyOf(ref, ref.length + 1);
        int[] copyLabels = java.util.Arrays.copyOf(labels, labels.length + 1);
        assertArrayEquals(new double[] {0.5}, Reliability.neighbourAgreement(withCopy, copyLabels, new float[] {0}, new int[] {0}, 1, k), 0,
                "a duplicate of the row is another row: skipped once, the copy counts");
        float[] refFar = java.util.Arrays.copyOf(ref, ref.length);
        refFar[0] = 1000;
        assertArrayEquals(new double[] {0.4}, Reliability.neighbourAgreement(refFar, labels, new float[] {1000.005f}, new int[] {0}, 1, k), 0,
                "the tolerance grows with the code's length");
        assertArrayEquals(new double[] {1}, Reliability.neighbourAgreement(new float[] {0}, new int[] {0}, new float[] {0}, new int[] {0}, 1, 1), 0,
                "a lone reference is kept: there is no other");
    }

    @Test
    void perObjectIsTheSmallerShareAndItsMeanTheEstimate() {
        double[] mixture = {0.9, 0.4, 1.0};
        double[] agreement = {0.7, 0.8, 1.0};
        assertArrayEquals(new double[] {0.7, 0.4, 1.0}, Reliability.perObject(mixture, agreement), 0);
        assertEquals(2.1 / 3, Reliability.estimate(mixture, agreement), 1e-15);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Reliability.perObject(mixture, new double[] {1}));
    }

    @Test
    void referenceCodesSearchTheirOwnNeighboursAndRefuseMismatchedSizes() {
        ReferenceCodes refs = new ReferenceCodes(1, new float[] {0, 1, 2}, new int[] {0, 0, 1});
        assertEquals(3, refs.neighbours(), "fewer codes than neighbours: all of them");
        assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, refs.agreement(new float[] {0.5f, 5}, new int[] {0, 1}), 1e-15);
        assertArrayEquals(new double[] {1 / 2.0}, refs.agreement(new float[] {0}, new int[] {0}), 1e-15,
                "a query at a reference's point is that reference: all of them less itself");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ReferenceCodes(2, new float[] {0, 1, 2}, new int[] {0, 1}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ReferenceCodes(1, new float[0], new int[0]));
    }

    private static int argmax(double[] row) {
        int b = 0;
        for (int i = 1; i < row.length; i++) if (row[i] > row[b]) b = i;
        return b;
    }
}
