package org.softcluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the real command path with tiny settings: outputs, exit codes and one-line errors. */
class CliTest {
    static final Path SUBSET = Path.of("../testdata/mnist-subset");
    static final String[] TINY = {"--hidden", "32,32,64", "--epochs", "1", "--pretrain-epochs", "1", "--kmeans-init", "1", "--no-progress"};
    @TempDir
    static Path shared;
    static Path model;

    record Run(int code, String err) { }

    /**
     * Runs the CLI in this JVM. The tests of everything but the presets were written for the paper preset (small,
     * fast, known): a {@code train}, {@code sweep} or {@code compare} without {@code --preset} (or {@code --resume})
     * runs it; {@link #runAsGiven} runs the arguments as they are ({@code AutoPresetCliTest} tests the default).
     */
    static Run run(String... args) {
        return runAsGiven(withPaperPreset(args));
    }

    /** Runs the CLI in this JVM with exactly these arguments. */
    static Run runAsGiven(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new Run(code, err.toString());
    }

    private static String[] withPaperPreset(String[] args) {
        if (args.length == 0 || !List.of("train", "sweep", "compare").contains(args[0])) return args;
        for (String a : args) if (a.equals("--preset") || a.startsWith("--preset=") || a.equals("--resume")) return args;
        return concat(args, "--preset", "paper");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void theSummaryLineNamesEachStagesSeconds() {
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("train_seconds", 1063.4);
        assertNull(TrainCommand.stageLine(info), "no line without stage times (DEC, older runs)");
        Map<String, Object> stages = new java.util.LinkedHashMap<>();
        stages.put("pretrain", 535.2);
        stages.put("init", 84.6);
        stages.put("train", 439.0);
        info.put("stage_seconds", stages);
        assertEquals("training 1063 s: pretrain 535 s, init 85 s, train 439 s", TrainCommand.stageLine(info));
    }

    @BeforeAll
    static void trainOnce() {
        model = shared.resolve("model");
        Run r = run(concat(new String[] {"train", "--data", SUBSET.toString(), "--out", model.toString()}, TINY));
        assertEquals(0, r.code(), r.err());
    }

    /** A 3-cluster table with an id column and string labels, 90 rows. */
    static Path table(Path dir) throws Exception {
        Path csv = dir.resolve("blobs.csv");
        StringBuilder sb = new StringBuilder("id,a,b,c,kind\n");
        Random r = new Random(5);
        String[] kinds = {"x", "y", "z"};
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            sb.append("obj").append(i).append(',').append(100 + 10 * c + r.nextGaussian()).append(',')
                    .append(-5 * c + r.nextGaussian()).append(',').append(c * 3 + 0.5 * r.nextGaussian()).append(',')
                    .append(kinds[c]).append('\n');
        }
        Files.writeString(csv, sb.toString());
        return csv;
    }

    static void assertOneLineError(Run r, int code, String fragment) {
        assertEquals(code, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[0].startsWith("softcluster: "), r.err());
        assertTrue(r.err().contains(fragment), "expected '" + fragment + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
    }

    @Test
    void trainWritesTheWholeRunDirectory() throws Exception {
        for (String f : List.of("model.npz", "model.json", "config.json", "provenance.json", "train_log.csv",
                "assignments.csv", "metrics.json", "prototypes.png")) {
            assertTrue(Files.isRegularFile(model.resolve(f)), f);
        }
        JsonNode metrics = new ObjectMapper().readTree(model.resolve("metrics.json").toFile());
        for (String k : List.of("n", "k", "nmi", "ari", "acc", "entropy", "confidence", "ece", "brier")) assertTrue(metrics.has(k), k);
        assertEquals(500, metrics.get("n").asInt());
        assertTrue(metrics.has("clusters_used") && metrics.has("collapsed"), metrics.toString());
        List<String> lines = Files.readAllLines(model.resolve("assignments.csv"));
        assertEquals("id,cluster,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9,entropy,confidence", lines.get(0));
        assertEquals(501, lines.size());
        assertNotNull(ImageIO.read(model.resolve("prototypes.png").toFile()));
        JsonNode prov = new ObjectMapper().readTree(model.resolve("provenance.json").toFile());
        for (String k : List.of("git_commit", "java_version", "os", "config", "seed", "data", "engine", "metrics", "started", "finished")) {
            assertTrue(prov.has(k), k);
        }
        assertTrue(prov.get("data").has("train_sha256"));
        assertEquals(10, prov.get("clusters").get("k").asInt());
        assertEquals(metrics.get("clusters_used").asInt(), prov.get("clusters").get("used").asInt());
        // the paper preset's stages, each timed, together within the run's training time
        JsonNode stages = prov.get("training").get("stage_seconds");
        assertEquals(List.of("pretrain", "init", "train"), iterableToList(stages.fieldNames()), stages.toString());
        double sum = 0;
        for (JsonNode v : stages) {
            assertTrue(v.asDouble() > 0, stages.toString());
            sum += v.asDouble();
        }
        assertTrue(sum <= prov.get("training").get("train_seconds").asDouble(), stages + " vs " + prov.get("training"));
        try (Stream<Path> s = Files.list(model)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void assignPrototypesUncertainAndEvaluateWork(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        assertEquals(0, run("assign", "--model", model.toString(), "--data", SUBSET.toString(), "--out", a.toString()).code());
        assertEquals(Files.readAllLines(model.resolve("assignments.csv")), Files.readAllLines(a), "loaded model scores like the trained one");
        Path protos = dir.resolve("p.csv");
        assertEquals(0, run("prototypes", "--model", model.toString(), "--out", protos.toString()).code());
        assertEquals(11, Files.readAllLines(protos).size());
        Path unc = dir.resolve("unc");
        assertEquals(0, run("uncertain", "--model", model.toString(), "--data", SUBSET.toString(), "--top", "7", "--out", unc.toString()).code());
        assertEquals(8, Files.readAllLines(unc.resolve("uncertain.csv")).size());
        assertNotNull(ImageIO.read(unc.resolve("uncertain.png").toFile()));
        // evaluate on the test labels written one per line
        Path labels = dir.resolve("labels.txt");
        List<String> ls = new ArrayList<>();
        for (int v : org.softcluster.data.Mnist.loadTest(SUBSET).labels()) ls.add(Integer.toString(v));
        Files.write(labels, ls);
        Run r = run("evaluate", "--labels", labels.toString(), "--assignments", a.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void baselineOnATableWithStringLabels(@TempDir Path dir) throws Exception {
        Path csv = table(dir);
        Path out = dir.resolve("km");
        Run r = run("baseline", "kmeans", "--data", csv.toString(), "--label-column", "kind", "--id-column", "id", "--k", "3", "--seed", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1.0, m.get("nmi").asDouble(), 1e-9, "well separated blobs");
        assertTrue(Files.readAllLines(out.resolve("assignments.csv")).get(1).startsWith("obj0,"));
        Path gm = dir.resolve("gmm");
        assertEquals(0, run("baseline", "gmm", "--data", csv.toString(), "--label-column", "kind", "--id-column", "id", "--k", "3",
                "--out", gm.toString()).code());
        assertTrue(Files.exists(gm.resolve("assignments.csv")));
    }

    @Test
    void tabularTrainingGivesPrototypesInOriginalUnits(@TempDir Path dir) throws Exception {
        Path csv = table(dir);
        Path out = dir.resolve("tab");
        Run r = run("train", "--data", csv.toString(), "--label-column", "kind", "--id-column", "id", "--k", "3", "--hidden", "16,8",
                "--latent", "2", "--variance", "scalar", "--epochs", "3", "--pretrain-epochs", "2", "--batch-size", "16", "--beta", "1",
                "--kmeans-init", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> protos = Files.readAllLines(out.resolve("prototypes.csv"));
        assertEquals("cluster,weight,a,b,c", protos.get(0));
        for (String line : protos.subList(1, protos.size())) {
            double a = Double.parseDouble(line.split(",")[2]);
            assertTrue(a > 80 && a < 140, "prototype of column a in original units (~100-120): " + line);
        }
    }

    @Test
    void aCollapsedClusteringIsWarnedAboutAndRecorded(@TempDir Path dir) throws Exception {
        // every row the same: every object gets the same gamma, so one cluster takes them all
        StringBuilder sb = new StringBuilder("id,a,b,label\n");
        for (int i = 0; i < 30; i++) sb.append(i).append(",1.5,-2,").append(i % 3).append('\n');
        Path csv = dir.resolve("same.csv");
        Files.writeString(csv, sb.toString());
        Path out = dir.resolve("collapsed");
        Run r = run("train", "--data", csv.toString(), "--label-column", "label", "--id-column", "id", "--k", "3", "--hidden", "8",
                "--latent", "2", "--epochs", "1", "--pretrain-epochs", "1", "--batch-size", "16", "--kmeans-init", "1",
                "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("softcluster: warning: only 1 of 3 clusters hold a real share of the objects"), r.err());
        JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1, m.get("clusters_used").asInt());
        assertTrue(m.get("collapsed").asBoolean());
        JsonNode clusters = new ObjectMapper().readTree(out.resolve("provenance.json").toFile()).get("clusters");
        assertEquals(1, clusters.get("used").asInt());
        assertTrue(clusters.get("collapsed").asBoolean());
    }

    @Test
    void strongPresetOnATableDropsItsImageAugmentation(@TempDir Path dir) throws Exception {
        Path csv = table(dir);
        Path out = dir.resolve("strong-tab");
        Run r = run("train", "--preset", "strong", "--data", csv.toString(), "--label-column", "kind", "--id-column", "id", "--k", "3",
                "--hidden", "16,8", "--latent", "2", "--epochs", "2", "--pretrain-epochs", "2", "--branch-epochs", "2", "--batch-size", "16",
                "--kmeans-init", "1", "--init-maps", "3", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String config = Files.readString(out.resolve("config.json")).replaceAll("\\s", "");
        assertTrue(config.contains("\"augment\":\"NONE\""), config);
        assertTrue(config.contains("\"maps\":3"), config);
    }

    @Test
    void badInputGivesOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        assertOneLineError(run("train", "--data", dir.resolve("nope.csv").toString(), "--out", dir.resolve("o").toString()), 2, "nope.csv");
        assertOneLineError(run("train", "--data", SUBSET.toString(), "--out", dir.resolve("o").toString(), "--eta", "-1"), 2, "eta must be >= 0");
        assertOneLineError(run("train", "--data", SUBSET.toString(), "--out", dir.resolve("o").toString(), "--temperature", "0"), 2, "temperature");
        assertOneLineError(run("train", "--data", SUBSET.toString(), "--out", dir.resolve("o").toString(), "--coupling", "magic"), 2, "unknown coupling");
        assertOneLineError(run("train", "--data", SUBSET.toString(), "--out", dir.resolve("o").toString(), "--bogus"), 2, "Unknown option");
        Path csv = table(dir);
        Path out = dir.resolve("big-k");
        assertOneLineError(run("baseline", "kmeans", "--data", csv.toString(), "--id-column", "id", "--label-column", "kind", "--k", "500",
                "--out", out.toString()), 2, "larger than the number of objects");
        assertFalse(Files.exists(out.resolve("assignments.csv")), "nothing written on error");
        assertOneLineError(run("baseline", "kmeans", "--data", csv.toString(), "--id-column", "id", "--k", "0", "--out", out.toString()), 2, "k must be >= 1");
        assertOneLineError(run("baseline", "spectral", "--data", csv.toString(), "--k", "2", "--out", out.toString()), 2, "unknown baseline");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3,x\n");
        assertOneLineError(run("baseline", "kmeans", "--data", bad.toString(), "--k", "1", "--out", out.toString()), 2, "row 2");
    }

    @Test
    void modelAndDataMismatchesAreInputErrors(@TempDir Path dir) throws Exception {
        Path csv = table(dir);
        Path out = dir.resolve("a.csv");
        assertOneLineError(run("assign", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id", "--label-column", "kind",
                "--out", out.toString()), 2, "features");
        assertFalse(Files.exists(out));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(model.resolve("model.json"), broken.resolve("model.json"));
        byte[] params = Files.readAllBytes(model.resolve("model.npz"));
        Files.write(broken.resolve("model.npz"), java.util.Arrays.copyOf(params, params.length / 3));
        assertOneLineError(run("assign", "--model", broken.toString(), "--data", SUBSET.toString(), "--out", out.toString()), 2, "cannot load model");
        assertOneLineError(run("assign", "--model", dir.resolve("none").toString(), "--data", SUBSET.toString(), "--out", out.toString()), 2, "cannot load model");
        assertFalse(Files.exists(out));
    }

    @Test
    void evaluateRejectsMismatchedFiles(@TempDir Path dir) throws Exception {
        Path l = dir.resolve("l.txt");
        Path a = dir.resolve("a.txt");
        Files.writeString(l, "0\n1\n1\n");
        Files.writeString(a, "1\n0\n");
        assertOneLineError(run("evaluate", "--labels", l.toString(), "--assignments", a.toString()), 2, "3 labels but");
        Files.writeString(a, "1\n0\nzero\n");
        assertOneLineError(run("evaluate", "--labels", l.toString(), "--assignments", a.toString()), 2, "row 3");
        Files.writeString(a, "1\n0\n0\n");
        assertEquals(0, run("evaluate", "--labels", l.toString(), "--assignments", a.toString(), "--format", "json").code());
    }

    @Test
    void debugPrintsTheStackTrace(@TempDir Path dir) {
        Run r = run("--debug", "evaluate", "--labels", dir.resolve("x").toString(), "--assignments", dir.resolve("y").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version").code());
        assertEquals(0, run("train", "--help").code());
        assertEquals(2, run().code());
    }
}
