package org.softcluster.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterUseTest {

    private static double[][] oneHot(int[] labels, int k) {
        double[][] p = new double[labels.length][k];
        for (int i = 0; i < labels.length; i++) p[i][labels[i]] = 1;
        return p;
    }

    @Test
    void everyClusterWithATenthOfAnEvenShareCounts() {
        // 100 objects, K = 4: an even share is 25, a real share at least 2.5 objects
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = i < 3 ? 3 : i % 3;
        ClusterUse u = ClusterUse.of(oneHot(labels, 4));
        assertEquals(4, u.used());
        assertFalse(u.collapsed());
        assertNull(u.warning());
    }

    @Test
    void aClusterBelowItsShareOrEmptyMakesTheRunCollapsed() {
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = i < 2 ? 3 : 0; // cluster 3 has 2 < 2.5 objects, 1 and 2 none
        ClusterUse u = ClusterUse.of(oneHot(labels, 4));
        assertArrayEquals(new int[] {98, 0, 0, 2}, u.sizes());
        assertEquals(1, u.used());
        assertTrue(u.collapsed());
        assertEquals("only 1 of 4 clusters hold a real share of the objects (at least 10% of an even share):"
                + " the clustering collapsed; try another --seed, another --init or a smaller --k", u.warning());
    }

    @Test
    void aPartitionsSizesCountAsItsAssignmentsWould() {
        ClusterUse fromLabels = ClusterUse.of(oneHot(labelsOf(98, 0, 0, 2), 4));
        ClusterUse fromSizes = ClusterUse.ofSizes(new int[] {98, 0, 0, 2});
        assertEquals(fromLabels.used(), fromSizes.used());
        assertArrayEquals(fromLabels.sizes(), fromSizes.sizes());
        assertEquals(4, ClusterUse.ofSizes(new int[] {97, 1, 1, 1}).k());
        assertEquals(2, ClusterUse.ofSizes(new int[] {50, 50, 0}).used());
        assertEquals(3, ClusterUse.ofSizes(new int[] {40, 40, 4}).used());   // 4 >= 0.1 * 84 / 3 = 2.8
        assertThrows(IllegalArgumentException.class, () -> ClusterUse.ofSizes(new int[] {3, -1}));
        assertThrows(IllegalArgumentException.class, () -> ClusterUse.ofSizes(new int[0]));
    }

    private static int[] labelsOf(int... sizes) {
        int n = 0;
        for (int s : sizes) n += s;
        int[] labels = new int[n];
        for (int c = 0, i = 0; c < sizes.length; c++) for (int j = 0; j < sizes[c]; j++) labels[i++] = c;
        return labels;
    }

    @Test
    void softAssignmentsCountByArgmaxWithTheFirstMaximumOnTies() {
        double[][] p = {{0.5, 0.5}, {0.2, 0.8}, {0.6, 0.4}};
        ClusterUse u = ClusterUse.of(p);
        assertArrayEquals(new int[] {2, 1}, u.sizes());
        assertEquals(2, u.used());
    }
}
