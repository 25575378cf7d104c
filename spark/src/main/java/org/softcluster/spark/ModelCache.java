package org.softcluster.spark;

import org.apache.spark.SparkFiles;
import org.softcluster.data.DataException;
import org.softcluster.neural.NeuralModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The models of one JVM (a driver or an executor), loaded once each and shared by every task that scores with
 * them: a model holds native tensors and takes a while to load, and its scoring methods are thread-safe, so
 * the tasks of an executor share one copy instead of loading one per task or per row.
 *
 * <p>The key is the model directory's canonical path; a directory whose files changed since it was loaded
 * (a newer modification time, another file count) is loaded again. The copy it replaces is not closed, because
 * a running task may still hold it; it stays in memory until the JVM ends (a rare case: a model rewritten
 * while the JVM lives).
 */
final class ModelCache {
    private record Loaded(String stamp, NeuralModel model) { }

    private static final Map<String, Loaded> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() { }

    /**
     * The model in {@code dir}, loaded on first use in this JVM. A relative path that does not exist in the
     * working directory is looked up among the files Spark shipped to this JVM ({@link SparkFiles}).
     *
     * @throws DataException with a one-line message when the directory is missing or not a readable model
     */
    static NeuralModel get(String dir) {
        Path path = resolve(dir);
        String key;
        String stamp;
        try {
            key = path.toRealPath().toString();
            stamp = stamp(path);
        } catch (IOException | UncheckedIOException e) {
            throw new DataException("cannot load model " + dir + ": " + e.getMessage(), e);
        }
        Loaded cached = MODELS.get(key);
        if (cached != null && cached.stamp.equals(stamp)) return cached.model;
        synchronized (ModelCache.class) {
            cached = MODELS.get(key);
            if (cached != null && cached.stamp.equals(stamp)) return cached.model;
            NeuralModel model;
            try {
                model = NeuralModel.load(path);
            } catch (IOException | RuntimeException e) {
                throw new DataException("cannot load model " + dir + ": " + e.getMessage(), e);
            }
            LOADS.incrementAndGet();
            MODELS.put(key, new Loaded(stamp, model));
            return model;
        }
    }

    /** How many models this JVM has loaded (tests check that a job loads its model once). */
    static int loads() {
        return LOADS.get();
    }

    private static Path resolve(String dir) {
        if (dir == null || dir.isBlank()) throw new DataException("no model directory given (parameter modelDir)");
        String local = dir.startsWith("file:") ? java.net.URI.create(dir).getPath() : dir;
        Path path = Path.of(local);
        if (Files.exists(path) || path.isAbsolute()) {
            if (!Files.isDirectory(path)) throw new DataException("cannot load model " + dir + ": not a model directory");
            return path;
        }
        try {
            Path shipped = Path.of(SparkFiles.get(local));
            if (Files.isDirectory(shipped)) return shipped;
        } catch (RuntimeException e) {
            // no SparkContext in this JVM: nothing was shipped
        }
        throw new DataException("cannot load model " + dir + ": no such directory on this machine (executors need it on"
                + " shared storage, or shipped with --archives)");
    }

    /** The newest modification time and the file count of a directory's files: what changes when it is rewritten. */
    private static String stamp(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long[] newest = {0, 0};
            files.forEach(f -> {
                try {
                    newest[0] = Math.max(newest[0], Files.getLastModifiedTime(f).toMillis());
                    newest[1]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return newest[0] + "/" + newest[1];
        }
    }
}
