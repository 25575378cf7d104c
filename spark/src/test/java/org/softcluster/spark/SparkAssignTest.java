package org.softcluster.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code spark-assign} through its entry point on {@code local[2]}: it writes what {@code assign} writes for the
 * same model and data (a table with text and missing cells, read by Spark; an MNIST directory, read on the driver),
 * as CSV and as Parquet, and refuses bad input with one line, exit 2 and no output directory.
 */
class SparkAssignTest {
    // the paper preset (small, fast, as these tests were written for); the default auto preset is tested in cli
    static final String[] TINY = {"--preset", "paper", "--k", "3", "--hidden", "8", "--latent", "2", "--epochs", "2", "--pretrain-epochs", "1",
        "--kmeans-init", "1", "--batch-size", "16", "--no-progress"};

    @TempDir static Path dir;
    static SparkSession spark;
    static Path table;
    static Path model;

    record Run(int code, String out, String err) { }

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("SparkAssignTest").config("spark.ui.enabled", false).getOrCreate();
        table = mixedTable(dir.resolve("mixed.csv"), 240, -1);
        model = dir.resolve("model");
        List<String> train = new ArrayList<>(List.of("train", "--data", table.toString(), "--label-column", "group",
                "--missing", "mean", "--out", model.toString()));
        train.addAll(List.of(TINY));
        Run r = cli(train.toArray(new String[0]));
        assertEquals(0, r.code, r.err);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * Rows in 3 groups: two numeric columns (x empty every 7th row), a text column (colour, "NA" every 11th row) and the
     * group as label; {@code badRow} (if not -1) gets an infinite x.
     */
    static Path mixedTable(Path csv, int rows, int badRow) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,colour,group\n");
        Random r = new Random(5);
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            String x = i == badRow ? "inf" : i % 7 == 3 ? "" : String.valueOf(10 * c + r.nextGaussian());
            sb.append(x).append(',').append(-4 * c + r.nextGaussian()).append(',')
                    .append(i % 11 == 5 ? "NA" : colours[c]).append(",g").append(c).append('\n');
        }
        Files.writeString(csv, sb.toString());
        return csv;
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run sparkAssign(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--master", "local[2]"), Arrays.stream(args)).toArray(String[]::new);
        int code = SparkMain.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(code, out.toString(), err.toString());
    }

    /** assign's CSV as id -> the row's values after the id. */
    static Map<String, String[]> assignCsv(Path csv) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        rows.put("header", lines.get(0).split(","));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",");
            rows.put(f[0], f);
        }
        return rows;
    }

    /** spark-assign's CSV part files, read the same way. */
    static Map<String, String[]> sparkCsv(Path outDir) throws IOException {
        Map<String, String[]> rows = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(outDir)) {
            parts = s.filter(p -> p.getFileName().toString().startsWith("part-") && p.toString().endsWith(".csv")).sorted().toList();
        }
        assertFalse(parts.isEmpty(), "no CSV part files in " + outDir);
        for (Path p : parts) {
            List<String> lines = Files.readAllLines(p);
            if (lines.isEmpty()) continue;
            rows.put("header", lines.get(0).split(","));
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                assertTrue(rows.put(f[0], f) == null, "id " + f[0] + " written twice");
            }
        }
        return rows;
    }

    /** Same ids, same header, same clusters, probabilities, entropy and confidence within 1e-5. */
    static void assertSameAssignments(Map<String, String[]> expected, Map<String, String[]> actual) {
        assertEquals(List.of(expected.get("header")), List.of(actual.get("header")));
        assertEquals(expected.keySet(), actual.keySet());
        for (String id : expected.keySet()) {
            if (id.equals("header")) continue;
            String[] e = expected.get(id);
            String[] a = actual.get(id);
            assertEquals(e[1], a[1], "cluster of id " + id);
            for (int j = 2; j < e.length; j++) {
                assertEquals(Double.parseDouble(e[j]), Double.parseDouble(a[j]), 1e-5, "column " + j + " of id " + id);
            }
        }
    }

    @Test
    void aTableScoredOnSparkGetsAssignsAssignmentsAsCsv() throws IOException {
        Path expected = dir.resolve("assign.csv");
        Run a = cli("assign", "--model", model.toString(), "--data", table.toString(), "--label-column", "group",
                "--out", expected.toString());
        assertEquals(0, a.code, a.err);
        Path out = dir.resolve("spark-csv");
        Run s = sparkAssign("--model", model.toString(), "--data", table.toString(), "--label-column", "group",
                "--out", out.toString(), "--partitions", "3");
        assertEquals(0, s.code, s.err);
        assertTrue(s.out.contains("wrote 240 assignments"), s.out);
        Map<String, String[]> want = assignCsv(expected);
        assertEquals(241, want.size());
        assertSameAssignments(want, sparkCsv(out));
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    /**
     * Ids that need quoting (a comma, a doubled quote, a leading space that assign's reader trims) are read as assign
     * reads them and written as assign writes them: the same ids, each line starting with the id quoted as assign
     * quotes it, assign's header on every part file, the same assignments.
     */
    @Test
    void quotedIdsAreReadAndWrittenAsAssignDoes() throws IOException {
        List<String> lines = Files.readAllLines(table);
        StringBuilder sb = new StringBuilder("name," + lines.get(0) + "\n");
        for (int i = 1; i < lines.size(); i++) {
            String id = switch (i % 4) {
                case 0 -> "\"row " + i + ", quoted\"";
                case 1 -> "\"say \"\"" + i + "\"\"\"";
                case 2 -> "\" lead " + i + "\"";
                default -> "r" + i;
            };
            sb.append(id).append(',').append(lines.get(i)).append('\n');
        }
        Path named = Files.writeString(dir.resolve("named.csv"), sb.toString());
        Path expected = dir.resolve("assign-named.csv");
        Run a = cli("assign", "--model", model.toString(), "--data", named.toString(), "--id-column", "name", "--label-column", "group",
                "--out", expected.toString());
        assertEquals(0, a.code, a.err);
        Path out = dir.resolve("spark-named");
        Run s = sparkAssign("--model", model.toString(), "--data", named.toString(), "--id-column", "name", "--label-column", "group",
                "--out", out.toString(), "--partitions", "2");
        assertEquals(0, s.code, s.err);
        Map<String, List<String>> want = parsed(Files.readAllLines(expected));
        assertTrue(want.containsKey("row 4, quoted") && want.containsKey("say \"1\"") && want.containsKey("lead 2"), want.keySet().toString());
        Map<String, List<String>> got = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                assertTrue(p.toString().endsWith(".csv"), p.toString());
                List<String> part = Files.readAllLines(p);
                assertEquals(Files.readAllLines(expected).get(0), part.get(0), "header of " + p);
                got.putAll(parsed(part));
            }
        }
        assertEquals(want.keySet(), got.keySet());
        for (String id : want.keySet()) {
            assertEquals(want.get(id).get(1), got.get(id).get(1), "cluster of " + id);
            for (int j = 2; j < want.get(id).size(); j++) {
                assertEquals(Double.parseDouble(want.get(id).get(j)), Double.parseDouble(got.get(id).get(j)), 1e-5, id);
            }
        }
    }

    /** A CSV file's records (header skipped) by id, each checked to start with its id quoted as assign quotes it. */
    private static Map<String, List<String>> parsed(List<String> lines) throws IOException {
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = org.apache.commons.csv.CSVParser.parse(line, org.softcluster.io.AssignmentsCsv.FORMAT).getRecords().get(0).toList();
            String quoted = org.softcluster.io.AssignmentsCsv.FORMAT.format(f.get(0));
            assertTrue(line.startsWith(quoted + ","), line + " does not start with " + quoted);
            assertTrue(rows.put(f.get(0), f) == null, "id " + f.get(0) + " twice");
        }
        return rows;
    }

    @Test
    void uriLocationsAreReadAndWrittenThroughSparksFileSystems() throws IOException {
        Path expected = dir.resolve("assign-uri.csv");
        assertEquals(0, cli("assign", "--model", model.toString(), "--data", table.toString(), "--label-column", "group",
                "--out", expected.toString()).code);
        Path out = dir.resolve("spark-uri");
        Run s = sparkAssign("--model", model.toString(), "--data", table.toUri().toString(), "--label-column", "group",
                "--out", out.toUri().toString());
        assertEquals(0, s.code, s.err);
        assertSameAssignments(assignCsv(expected), sparkCsv(out));
    }

    @Test
    void parquetOutputHasTheSameFieldsTyped() throws IOException {
        Path expected = dir.resolve("assign-pq.csv");
        assertEquals(0, cli("assign", "--model", model.toString(), "--data", table.toString(), "--label-column", "group",
                "--out", expected.toString()).code);
        Path out = dir.resolve("spark-parquet");
        Run s = sparkAssign("--model", model.toString(), "--data", table.toString(), "--label-column", "group", "--out", out.toString(),
                "--format", "parquet");
        assertEquals(0, s.code, s.err);
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(List.of("id", "cluster", "p_0", "p_1", "p_2", "entropy", "confidence"),
                List.of(spark.read().parquet(out.toString()).columns()));
        Map<String, String[]> actual = new HashMap<>();
        actual.put("header", assignCsv(expected).get("header"));
        for (Row r : rows) {
            List<String> f = new ArrayList<>();
            f.add(r.getString(0));
            f.add(Integer.toString(r.getInt(1)));
            for (int j = 2; j < r.length(); j++) f.add(Double.toString(r.getDouble(j)));
            actual.put(r.getString(0), f.toArray(new String[0]));
        }
        assertSameAssignments(assignCsv(expected), actual);
    }

    @Test
    void anMnistDirectoryIsReadOnTheDriverAndScoredAsAssignScoresIt() throws IOException {
        Path mnist = Path.of("../testdata/mnist-subset");
        Path mnistModel = dir.resolve("mnist-model");
        List<String> train = new ArrayList<>(List.of("train", "--data", mnist.toString(), "--out", mnistModel.toString()));
        train.addAll(List.of(TINY));
        Run t = cli(train.toArray(new String[0]));
        assertEquals(0, t.code, t.err);
        Path expected = dir.resolve("mnist-assign.csv");
        assertEquals(0, cli("assign", "--model", mnistModel.toString(), "--data", mnist.toString(), "--out", expected.toString()).code);
        Path out = dir.resolve("mnist-spark");
        Run s = sparkAssign("--model", mnistModel.toString(), "--data", mnist.toString(), "--out", out.toString(),
                "--partitions", "2", "--batch-size", "100");
        assertEquals(0, s.code, s.err);
        assertSameAssignments(assignCsv(expected), sparkCsv(out));
    }

    @Test
    void aMissingModelDirectoryIsOneLineAndNoOutput() {
        Path out = dir.resolve("never");
        Run s = sparkAssign("--model", dir.resolve("no-such-model").toString(), "--data", table.toString(), "--out", out.toString());
        assertEquals(2, s.code);
        assertOneLine(s, "cannot load model");
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptModelDirectoryIsOneLine() throws IOException {
        Path corrupt = Files.createDirectories(dir.resolve("corrupt-model"));
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, corrupt.resolve(f.getFileName()));
        }
        Files.writeString(corrupt.resolve("model.json"), "{\"kind\": ");
        Run s = sparkAssign("--model", corrupt.toString(), "--data", table.toString(), "--out", dir.resolve("x").toString());
        assertEquals(2, s.code);
        assertOneLine(s, "corrupt model description");
    }

    @Test
    void aTableWithoutOneOfTheModelsColumnsIsRefusedNamingIt() throws IOException {
        Path csv = dir.resolve("no-y.csv");
        Files.writeString(csv, "x,colour\n1.0,red\n2.0,blue\n");
        Path out = dir.resolve("no-y-out");
        Run s = sparkAssign("--model", model.toString(), "--data", csv.toString(), "--out", out.toString());
        assertEquals(2, s.code);
        assertOneLine(s, "no-y.csv: feature column \"y\" of the model not found; available columns: \"x\", \"colour\"");
        assertFalse(Files.exists(out));
    }

    @Test
    void aNonFiniteCellFailsTheJobNamingColumnRowAndPolicyAndLeavesNoOutput() throws IOException {
        Path csv = mixedTable(dir.resolve("inf.csv"), 60, 17);
        Path out = dir.resolve("inf-out");
        Run s = sparkAssign("--model", model.toString(), "--data", csv.toString(), "--label-column", "group", "--out", out.toString());
        assertEquals(2, s.code, s.err);
        assertOneLine(s, "column \"x\": infinite or out-of-range value inf in the row with id \"17\"");
        assertTrue(s.err.contains("(--handle-invalid error): --handle-invalid skip drops them"), s.err);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("inf-out")).toList(),
                    "neither the output nor its temporary directory is left");
        }
        Run skipped = sparkAssign("--model", model.toString(), "--data", csv.toString(), "--label-column", "group", "--out", out.toString(),
                "--handle-invalid", "skip");
        assertEquals(0, skipped.code, skipped.err);
        assertTrue(skipped.out.contains("wrote 59 assignments"), skipped.out);
        assertTrue(skipped.err.contains("dropped 1 of 60 rows"), skipped.err);
        assertFalse(sparkCsv(out).containsKey("17"));
    }

    /**
     * As the launcher runs it, in its own JVM: a task's failure reaches the terminal as exactly one line (Spark logs
     * a failed task with its stack trace from four classes unless the command quiets it), exit 2.
     */
    @Test
    void aFailedTaskIsOneLineOnTheProcessesStderr() throws Exception {
        Path csv = mixedTable(dir.resolve("inf-process.csv"), 30, 4);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-XX:+IgnoreUnrecognized")) command.add(a);
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.addAll(List.of("-cp", cp, SparkMain.class.getName(), "--master", "local[2]", "--model", model.toString(),
                "--data", csv.toString(), "--label-column", "group", "--out", dir.resolve("inf-process-out").toString()));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), err);
        assertOneLine(new Run(2, "", err), "column \"x\": infinite or out-of-range value inf in the row with id \"4\"");
    }

    @Test
    void missingCellsFollowThePolicyGiven() throws IOException {
        Path out = dir.resolve("refused");
        Run s = sparkAssign("--model", model.toString(), "--data", table.toString(), "--label-column", "group", "--out", out.toString(),
                "--missing", "error");
        assertEquals(2, s.code);
        assertOneLine(s, "column \"");
        assertTrue(s.err.contains("missing value") && s.err.contains("--missing drop|mean|mode"), s.err);
        Run dropped = sparkAssign("--model", model.toString(), "--data", table.toString(), "--label-column", "group", "--out", out.toString(),
                "--missing", "drop");
        assertEquals(0, dropped.code, dropped.err);
        Map<String, String[]> rows = sparkCsv(out);
        assertFalse(rows.containsKey("3"), "row 3 has an empty x");
        assertFalse(rows.containsKey("5"), "row 5 has colour NA");
        assertTrue(rows.containsKey("4"));
        long missing = java.util.stream.IntStream.range(0, 240).filter(i -> i % 7 == 3 || i % 11 == 5).count();
        assertEquals(240 - missing, rows.size() - 1);
        assertTrue(dropped.err.contains("dropped " + missing + " of 240 rows"), dropped.err);
    }

    /** A category not seen in training is encoded as all zeros, as assign does, with one warning line counting the rows. */
    @Test
    void unseenCategoriesAreCountedInOneWarning() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(table));
        for (int i : new int[] {1, 2, 4}) lines.set(i, lines.get(i).replaceFirst(",(red|green|blue|NA),", ",purple,"));
        Path csv = Files.write(dir.resolve("purple.csv"), lines);
        Path expected = dir.resolve("assign-purple.csv");
        Run a = cli("assign", "--model", model.toString(), "--data", csv.toString(), "--label-column", "group", "--out", expected.toString());
        assertEquals(0, a.code, a.err);
        Path out = dir.resolve("spark-purple");
        Run s = sparkAssign("--model", model.toString(), "--data", csv.toString(), "--label-column", "group", "--out", out.toString());
        assertEquals(0, s.code, s.err);
        assertTrue(s.err.contains("3 rows have a category not seen in training"), s.err);
        assertEquals(1, s.err.lines().filter(l -> l.contains("warning")).count(), s.err);
        assertSameAssignments(assignCsv(expected), sparkCsv(out));
    }

    @Test
    void badFlagsAreUsageErrors() {
        Run s = sparkAssign("--model", model.toString(), "--data", table.toString(), "--out", dir.resolve("f").toString(), "--format", "json");
        assertEquals(2, s.code);
        assertOneLine(s, "--format must be csv or parquet");
    }

    /** One error line, starting as every command's does and containing {@code part}; no stack trace. */
    static void assertOneLine(Run r, String part) {
        List<String> lines = r.err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line expected, got:\n" + r.err);
        assertTrue(lines.get(0).startsWith("softcluster: error: "), lines.get(0));
        assertTrue(lines.get(0).contains(part), "expected '" + part + "' in: " + lines.get(0));
    }
}
