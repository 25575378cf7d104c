package org.softcluster.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UncertaintyTest {
    private static final double[][] P = {{0.9, 0.1}, {0.5, 0.5}, {0.6, 0.4}, {0.99, 0.01}, {0.7, 0.3}};

    @Test
    void theMostUncertainHaveTheHighestEntropy() {
        assertEquals(List.of(1, 2, 4), Uncertainty.mostUncertain(P, 3).stream().map(Uncertainty.Entry::index).toList());
    }

    @Test
    void theLeastReliableComeLowestFirstTiesByEntropyThenIndex() {
        double[] reliability = {0.3, 0.9, 0.3, 0.1, 0.3};
        List<Integer> order = Uncertainty.leastReliable(P, reliability, 5).stream().map(Uncertainty.Entry::index).toList();
        // 3 (0.1) first; then the 0.3s by falling entropy: 2 (0.6/0.4), 4 (0.7/0.3), 0 (0.9/0.1); 1 last
        assertEquals(List.of(3, 2, 4, 0, 1), order);
        assertEquals(2, Uncertainty.leastReliable(P, reliability, 2).size());
        assertThrows(IllegalArgumentException.class, () -> Uncertainty.leastReliable(P, new double[] {1}, 2));
    }
}
