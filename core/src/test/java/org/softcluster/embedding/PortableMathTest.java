package org.softcluster.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PortableMathTest {

    @Test
    void powLogAndExpAgreeWithStrictMath() {
        Random rng = new Random(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = Math.exp(rng.nextDouble() * 60 - 30); // 1e-13 .. 1e13, the layout's squared distances and more
            double y = rng.nextDouble() * 4 - 2;
            double want = StrictMath.pow(x, y);
            worst = Math.max(worst, Math.abs(PortableMath.pow(x, y) - want) / want);
            assertEquals(StrictMath.log(x), PortableMath.log(x), 1e-15 * Math.max(1, Math.abs(StrictMath.log(x))));
        }
        assertTrue(worst < 1e-12, "largest relative error " + worst);
        for (double t : new double[]{-700, -50, -1e-9, 0, 1e-9, 0.5, 3, 100, 700}) {
            assertEquals(1.0, PortableMath.exp(t) / StrictMath.exp(t), 1e-13, "exp " + t);
        }
        assertEquals(0.0, PortableMath.pow(0.0, 0.9));
        assertEquals(StrictMath.pow(Double.MIN_VALUE, 0.5), PortableMath.pow(Double.MIN_VALUE, 0.5), 1e-12 * StrictMath.pow(Double.MIN_VALUE, 0.5));
        assertEquals(0.0, PortableMath.exp(-800));
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.exp(800));
    }
}
