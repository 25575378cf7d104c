package org.softcluster.io;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link AssignmentsCsv#num}'s fast path gives exactly BigDecimal's text (six significant digits of the exact
 * binary value, half-up, trailing zeros dropped) — on random doubles and floats across the fast range and beyond,
 * on values that sit exactly on or next to a rounding tie, and on the edges of the range.
 */
class AssignmentsCsvNumTest {
    private static String reference(double v) {
        if (v == 0 || !Double.isFinite(v)) return v == 0 ? "0" : Double.toString(v);
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toString();
    }

    private static void check(double v) {
        assertEquals(reference(v), AssignmentsCsv.num(v), () -> "num(" + v + ")");
    }

    @Test
    void randomValuesMatchBigDecimal() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 500_000; i++) {
            double v = Math.pow(10, r.nextDouble(-8, 2)) * (r.nextBoolean() ? 1 : -1);
            check(v);
            check((float) v);                 // probabilities come from float32 softmax outputs
            check(r.nextDouble());            // uniform in [0, 1)
        }
    }

    @Test
    void tiesAndNearTiesMatchBigDecimal() {
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < 200_000; i++) {
            long digits = 100_000 + r.nextLong(900_000);
            int scale = 5 + r.nextInt(7);
            double tie = (digits + 0.5) / Math.pow(10, scale);     // xxxxxx5 at the seventh digit, as near as a double gets
            check(tie);
            check(Math.nextUp(tie));
            check(Math.nextDown(tie));
            check((float) tie);
        }
        for (double v : new double[] {0.5, 0.25, 0.125, 0.0625, 1.5, 2.5, 9.5, 0.0000015, 0.1234565, 1.0000005, 9.9999995, 9.99999949}) check(v);
    }

    @Test
    void edgesOfTheFastRangeMatchBigDecimal() {
        for (double v : new double[] {1e-6, Math.nextDown(1e-6), Math.nextUp(1e-6), 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, Math.nextDown(10.0),
                9.999995, 9.9999949999, 0.999999, 0.9999995, 0.99999949, 1e-7, 123456.5, 1e300, 4.9e-324, -0.5, -1e-6, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0}) {
            check(v);
        }
    }
}
