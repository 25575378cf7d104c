package org.softcluster.embedding;

/**
 * A small seeded generator (SplitMix64, Steele, Lea and Flood 2014) whose every output is a fixed function of its
 * seed: written out here rather than borrowed from the JDK so that a map's random draws can never change with the
 * Java version or the host.
 */
final class SplitMix {
    private long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    /** A generator for one stream of a seed, e.g. (map seed, epoch): independent streams for distinct keys. */
    static SplitMix of(long seed, long stream) {
        return new SplitMix(mix(seed ^ mix(stream + 0x632BE59BD9B4E019L)));
    }

    /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** A uniform integer in [0, bound) (bound &gt; 0), by the multiply-shift of the top 31 bits. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** A uniform double in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A standard normal draw (Box–Muller with StrictMath, so the same on every host). */
    double nextGaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }
}
