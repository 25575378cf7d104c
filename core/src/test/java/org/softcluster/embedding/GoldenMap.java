package org.softcluster.embedding;

/**
 * A fixed UMAP input and seed whose map's hash is recorded ({@link #GOLDEN}); its {@code main} prints the hash,
 * so a test can compute it in a second JVM (interpreter only) and compare.
 */
public final class GoldenMap {
    /** The hash of {@link #map()} — recorded once on 2026-12-08; every host and JVM mode must reproduce it. */
    static final String GOLDEN = "2db9489277b38e24";

    private GoldenMap() {
    }

    /** Two maps' worth of work on 150 rows of 3 blobs in 4-D: small enough for the interpreter. */
    static double[][] map() {
        double[][] x = UmapTest.blobs(150, 3, 4, 11);
        return Umap.fit(x, UmapConfig.DEFAULT.withEpochs(60), 5);
    }

    /** Prints the hash of {@link #map()}. */
    public static void main(String[] args) {
        System.out.println(UmapTest.hash(map()));
    }
}
