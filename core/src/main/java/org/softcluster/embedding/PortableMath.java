package org.softcluster.embedding;

/**
 * x^y for positive x from +, −, ×, ÷ and bit operations alone, for UMAP's layout: the same bits on every host and
 * JVM (Java fixes those operations exactly, while {@code Math.pow} may use CPU intrinsics that differ by host) and
 * several times faster than {@link StrictMath#pow}, which took two thirds of a layout's time. Table-driven
 * logarithm and exponential (tables made once with StrictMath, itself host-independent); relative error below
 * 1e-12 (tested against StrictMath), far below what the layout's stochastic steps can tell.
 */
final class PortableMath {
    private static final int LOG_BITS = 7;
    private static final int EXP_BITS = 6;
    private static final double LN2 = 0.6931471805599453;
    /** 1 / (1 + j/128) and ln(1 + j/128), j = 0..128. */
    private static final double[] INV = new double[(1 << LOG_BITS) + 1];
    private static final double[] LOG = new double[(1 << LOG_BITS) + 1];
    /** 2^(j/64), j = 0..63. */
    private static final double[] EXP2 = new double[1 << EXP_BITS];

    static {
        for (int j = 0; j <= 1 << LOG_BITS; j++) {
            double m = 1.0 + (double) j / (1 << LOG_BITS);
            INV[j] = 1.0 / m;
            LOG[j] = StrictMath.log(m);
        }
        for (int j = 0; j < 1 << EXP_BITS; j++) EXP2[j] = StrictMath.pow(2.0, (double) j / (1 << EXP_BITS));
    }

    private PortableMath() {
    }

    /** x^y for finite x &gt; 0 and finite y, as exp(y · ln x); 0 for x = 0 and y &gt; 0. */
    static double pow(double x, double y) {
        if (x == 0.0) return y > 0 ? 0.0 : y == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        return exp(y * log(x));
    }

    /** ln x for finite x &gt; 0: x = m · 2^e, m = (1 + j/128)(1 + r) with |r| &lt; 1/128, ln(1 + r) by its series. */
    static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) (bits >>> 52) - 1023;
        if (e == -1023) { // subnormal: scale into the normal range first
            bits = Double.doubleToRawLongBits(x * 0x1.0p54);
            e = (int) (bits >>> 52) - 1023 - 54;
        }
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        int j = (int) ((bits >>> (52 - LOG_BITS - 1)) & ((1 << (LOG_BITS + 1)) - 1));
        j = (j + 1) >>> 1; // nearest of the 129 table points
        double r = m * INV[j] - 1.0;
        // ln(1 + r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6; |r| < 2^-8, the next term is below 1e-17
        double p = -1.0 / 6;
        p = p * r + 1.0 / 5;
        p = p * r - 1.0 / 4;
        p = p * r + 1.0 / 3;
        p = p * r - 0.5;
        p = p * r + 1.0;
        return e * LN2 + LOG[j] + r * p;
    }

    /** e^t: t·64/ln 2 = 64 n + j + f, e^t = 2^n · 2^(j/64) · e^(f ln2/64), the last by its series to the 5th power. */
    static double exp(double t) {
        if (t > 709.0) return StrictMath.exp(t);
        if (t < -708.0) return StrictMath.exp(t);
        double k = Math.floor(t * ((1 << EXP_BITS) / LN2) + 0.5);
        double r = t - k * (LN2 / (1 << EXP_BITS));
        long ki = (long) k;
        int j = (int) (ki & ((1 << EXP_BITS) - 1));
        long n = ki >> EXP_BITS;
        // |r| ≤ ln2/128: e^r to r⁵ leaves an error below 1e-14
        double p = 1.0 / 120;
        p = p * r + 1.0 / 24;
        p = p * r + 1.0 / 6;
        p = p * r + 0.5;
        p = p * r + 1.0;
        p = p * r + 1.0;
        double scale = Double.longBitsToDouble((n + 1023) << 52);
        return EXP2[j] * p * scale;
    }
}
