package org.softcluster.spark;

import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.softcluster.io.AssignmentsCsv;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.softcluster.spark.SparkAssignTest.Run;
import static org.softcluster.spark.SparkAssignTest.assertOneLine;
import static org.softcluster.spark.SparkAssignTest.cli;
import static org.softcluster.spark.SparkAssignTest.sparkAssign;

/**
 * One CSV reader for every engine: {@code assign} and {@code spark-assign} (on {@code local[2]}) read every CSV that the
 * tests and benchmarks use — scikit-learn's bundled {@code wine_data.csv} and {@code iris.csv} (their header quirk), the
 * CLI's bad-input corpus, the generated tables of the tests and of {@code bench/spark_table.py}, and files made to
 * exercise the reader's rules (a byte order mark, quoted names, line breaks and quotes inside quoted ids, CRLF, blank
 * lines, padded cells, gzip behind a {@code .csv} name, TSV, pandas' missing-cell spellings, a directory of part files)
 * — and give the same rows, line for line; or both refuse the input with exit 2 and one line (the same line when the
 * fault is in the file's layout), writing nothing.
 */
class AssignParityTest {
    static final Path SKLEARN = Path.of("../testdata/sklearn");
    static final Path BAD_INPUT = Path.of("../cli/src/test/resources/bad-input");

    @TempDir static Path dir;
    static SparkSession spark;
    static Path wine;
    static Path iris;
    static Path ab;
    static Path mixed;
    static Path bench;
    static Path benchTable;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("AssignParityTest").config("spark.ui.enabled", false).getOrCreate();
        wine = train("wine", SKLEARN.resolve("wine_data.csv"), "--label-column", "target");
        iris = train("iris", SKLEARN.resolve("iris.csv"), "--label-column", "target");
        ab = train("ab", BAD_INPUT.resolve("good.csv"), "--label-column", "label");
        mixed = train("mixed", SparkAssignTest.mixedTable(dir.resolve("mixed.csv"), 240, -1), "--label-column", "group", "--missing", "mean");
        benchTable = benchTable(dir.resolve("table-400.csv"), 400);
        bench = train("bench", benchTable, "--id-column", "id", "--label-column", "group");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Path train(String name, Path csv, String... options) {
        Path model = dir.resolve("model-" + name);
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--out", model.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of(SparkAssignTest.TINY));
        Run r = cli(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return model;
    }

    /** bench/spark_table.py's layout (id r0.., x0..x15 to 5 significant digits, group g0..g4), {@code rows} rows. */
    static Path benchTable(Path csv, int rows) throws IOException {
        Random r = new Random(18);
        StringBuilder sb = new StringBuilder("id");
        for (int j = 0; j < 16; j++) sb.append(",x").append(j);
        sb.append(",group\n");
        for (int i = 0; i < rows; i++) {
            int g = r.nextInt(5);
            sb.append('r').append(i);
            for (int j = 0; j < 16; j++) sb.append(',').append(String.format(Locale.ROOT, "%.5g", 4 * ((g * 7 + j * 3) % 5 - 2) + r.nextGaussian()));
            sb.append(",g").append(g).append('\n');
        }
        return Files.writeString(csv, sb.toString());
    }

    @Test
    void scikitLearnsBundledTablesReadWithTheirHeaderQuirk() throws IOException {
        assertSameRows(wine, SKLEARN.resolve("wine_data.csv"), "--label-column", "target");
        assertSameRows(iris, SKLEARN.resolve("iris.csv"), "--label-column", "target");
    }

    /**
     * Scored as one batch, as assign scores these 178 rows, spark-assign's lines are assign's byte for byte: what
     * differs elsewhere (a unit in the sixth digit) comes from the batches' make-up, not from reading.
     */
    @Test
    void oneBatchGivesAssignsLinesExactly() throws IOException {
        Path wineCsv = SKLEARN.resolve("wine_data.csv");
        Map<String, List<String>> want = records(Files.readString(assign(wine, wineCsv, "--label-column", "target", "--reliability")));
        Path out = dir.resolve("spark-one-batch");
        Run s = sparkAssign(args(null, wine, wineCsv, out, List.of("--label-column", "target", "--reliability", "--partitions", "1")));
        assertEquals(0, s.code(), s.err());
        assertEquals(want, sparkRecords(out));
    }

    /** README's spark-assign line on wine, with --reliability: the same last column as assign's. */
    @Test
    void reliabilityIsAssignsLastColumn() throws IOException {
        Map<String, List<String>> rows = assertSameRows(wine, SKLEARN.resolve("wine_data.csv"), "--label-column", "target", "--reliability");
        assertEquals("reliability", rows.get("header").get(rows.get("header").size() - 1));
        assertEquals(179, rows.size());
    }

    @Test
    void theCliCorpusAndTheTestsGeneratedTablesReadAlike() throws IOException {
        assertSameRows(ab, BAD_INPUT.resolve("good.csv"), "--label-column", "label");
        assertSameRows(ab, BAD_INPUT.resolve("outlier.csv"));
        assertSameRows(ab, BAD_INPUT.resolve("tiny.csv"));
        assertSameRows(mixed, dir.resolve("mixed.csv"), "--label-column", "group");
        assertSameRows(mixed, dir.resolve("mixed.csv"), "--label-column", "group", "--missing", "drop");
        assertSameRows(bench, benchTable, "--id-column", "id", "--label-column", "group");
    }

    /** The reader's rules, each in a file of good.csv's columns. */
    @Test
    void quotingTrimmingBlankLinesAndTheByteOrderMarkReadAlike() throws IOException {
        List<String> good = Files.readAllLines(BAD_INPUT.resolve("good.csv"));
        StringBuilder sb = new StringBuilder("\uFEFF\"name\",\"a\", b ,\"label\"\r\n\r\n");
        for (int i = 1; i < good.size(); i++) {
            String id = switch (i % 5) {
                case 0 -> "\"row " + i + ", with a comma\"";
                case 1 -> "\"say \"\"" + i + "\"\"\"";
                case 2 -> "\"two\nlines " + i + "\"";
                case 3 -> "  padded " + i + "  ";
                default -> "r" + i;
            };
            String[] cells = good.get(i).split(",");
            sb.append(id).append(", ").append(cells[0]).append(" ,\"").append(cells[1]).append("\",").append(cells[2]).append("\r\n");
            if (i % 7 == 0) sb.append("\r\n");
        }
        Path quirks = Files.writeString(dir.resolve("quirks.csv"), sb.toString());
        Map<String, List<String>> rows = assertSameRows(ab, quirks, "--id-column", "name", "--label-column", "label");
        assertTrue(rows.containsKey("two\nlines 2") && rows.containsKey("say \"1\"") && rows.containsKey("padded 3"), rows.keySet().toString());
    }

    @Test
    void gzipTsvAndMissingCellSpellingsReadAlike() throws IOException {
        byte[] good = Files.readAllBytes(BAD_INPUT.resolve("good.csv"));
        // gzip is found from the content, not the name, by assign's reader
        assertSameRows(ab, gzip(dir.resolve("gzipped-content.csv"), good), "--label-column", "label");
        assertSameRows(ab, gzip(dir.resolve("good.csv.gz"), good), "--label-column", "label");
        Path tsv = Files.writeString(dir.resolve("good.tsv"), new String(good, StandardCharsets.UTF_8).replace(',', '\t'));
        assertSameRows(ab, tsv, "--label-column", "label");
        List<String> lines = new ArrayList<>(Files.readAllLines(BAD_INPUT.resolve("good.csv")));
        String[] missing = {"NA", "nan", "-NaN", "", "null", "#N/A", "None", "<NA>"};
        for (int i = 0; i < missing.length; i++) lines.set(2 + 3 * i, missing[i] + lines.get(2 + 3 * i).substring(lines.get(2 + 3 * i).indexOf(',')));
        Path na = Files.write(dir.resolve("na.csv"), lines);
        assertSameRows(ab, na, "--label-column", "label", "--missing", "drop");
        Run refused = sparkAssign("--model", ab.toString(), "--data", na.toString(), "--label-column", "label", "--out",
                dir.resolve("na-refused").toString());
        assertEquals(2, refused.code(), refused.err());
        assertOneLine(refused, "column \"a\": missing value (");
    }

    /** Spark's part files of the benchmark table (each with the header) read as the whole file is. */
    @Test
    void aDirectoryOfPartFilesReadsAsTheWholeFile() throws IOException {
        List<String> lines = Files.readAllLines(benchTable);
        Path parts = Files.createDirectories(dir.resolve("bench-parts"));
        for (int p = 0; p < 3; p++) {
            List<String> part = new ArrayList<>(List.of(lines.get(0)));
            part.addAll(lines.subList(1 + p * 133, p == 2 ? lines.size() : 1 + (p + 1) * 133));
            Files.write(parts.resolve(String.format(Locale.ROOT, "part-%05d.csv", p)), part);
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Path expected = assign(bench, benchTable, "--id-column", "id", "--label-column", "group");
        Path out = sparkOut(bench, parts, "--id-column", "id", "--label-column", "group");
        assertEquals(records(Files.readString(expected)), sparkRecords(out));
        Files.write(parts.resolve("part-00003.csv"), List.of(lines.get(0), lines.get(400).replaceFirst("^r399,", "r9999,"), lines.get(6)));
        Run repeated = sparkAssign("--model", bench.toString(), "--data", parts.toString(), "--id-column", "id", "--label-column", "group",
                "--out", dir.resolve("bench-parts-out-2").toString());
        assertEquals(2, repeated.code(), repeated.err());
        assertOneLine(repeated, "part-00003.csv row 2, column \"id\": duplicate id \"r5\" (first used in part-00000.csv row 6)");
        Files.writeString(parts.resolve("part-00003.csv"), "id,x0\nr9999,1\n");
        Run s = sparkAssign("--model", bench.toString(), "--data", parts.toString(), "--id-column", "id", "--label-column", "group",
                "--out", dir.resolve("bench-parts-out-2").toString());
        assertEquals(2, s.code(), s.err());
        assertOneLine(s, "part-00003.csv: its columns [id, x0] are not those of part-00000.csv");
        assertFalse(Files.exists(dir.resolve("bench-parts-out-2")));
    }

    /** Faults in a file's layout: both refuse with the very same line; nothing is written. */
    @Test
    void layoutFaultsAreTheSameOneLine() throws IOException {
        Path dupIds = Files.writeString(dir.resolve("dup-ids.csv"), "id,a,b\nx,1,2\ny,3,4\nz,5,6\ny,7,8\n");
        Path emptyLabel = Files.writeString(dir.resolve("empty-label.csv"), "a,b,label\n1,2,0\n3,4,\n");
        Path unclosed = Files.writeString(dir.resolve("unclosed.csv"), "a,b\n1,2\n\"3,4\n");
        Path emptyName = Files.writeString(dir.resolve("empty-name.csv"), ",a,b\n0,1,2\n");
        Path headerOnly = Files.writeString(dir.resolve("header-only.csv"), "a,b\n");
        List<List<String>> cases = List.of(
                List.of(BAD_INPUT.resolve("empty.csv").toString()),
                List.of(BAD_INPUT.resolve("ragged.csv").toString(), "--columns", "a,b"),
                List.of(BAD_INPUT.resolve("one-column.csv").toString()),
                List.of(BAD_INPUT.resolve("three.csv").toString()),
                List.of(BAD_INPUT.resolve("good.csv").toString(), "--label-column", "class"),
                List.of(BAD_INPUT.resolve("good.csv").toString(), "--label-column", "label", "--categorical", "a"),
                List.of(dupIds.toString(), "--id-column", "id"),
                List.of(emptyLabel.toString(), "--label-column", "label"),
                List.of(unclosed.toString()),
                List.of(emptyName.toString()),
                List.of(headerOnly.toString()));
        for (List<String> c : cases) {
            List<String> options = c.subList(1, c.size());
            Run a = refusedByAssign(ab, Path.of(c.get(0)), options);
            Run s = refusedBySpark(ab, Path.of(c.get(0)), options);
            assertEquals(a.err().strip(), s.err().strip(), "the same line for " + c);
        }
    }

    /** Faults in a cell: both refuse with exit 2 and one line naming the column; nothing is written. */
    @Test
    void cellFaultsAreRefusedByBothNamingTheColumn() throws IOException {
        for (String[] c : new String[][] {{"inf.csv", "\"b\""}, {"nan.csv", "\"a\""}, {"text.csv", "\"b\""}}) {
            Path csv = BAD_INPUT.resolve(c[0]);
            assertTrue(refusedByAssign(ab, csv, List.of()).err().contains(c[1]), c[0]);
            assertTrue(refusedBySpark(ab, csv, List.of()).err().contains("column " + c[1]), c[0]);
        }
    }

    /** A model saved without its reference codes: --reliability refused by both with assign's line. */
    @Test
    void reliabilityWithoutReferenceCodesIsAssignsOneLine() throws IOException {
        Path old = Files.createDirectories(dir.resolve("old-model"));
        for (String f : List.of("model.json", "model.npz")) Files.copy(wine.resolve(f), old.resolve(f));
        List<String> options = List.of("--label-column", "target", "--reliability");
        Run a = refusedByAssign(old, SKLEARN.resolve("wine_data.csv"), options);
        Run s = refusedBySpark(old, SKLEARN.resolve("wine_data.csv"), options);
        assertEquals(a.err().strip(), s.err().strip());
        assertOneLine(s, "--reliability: model " + old + " has no reference codes");
    }

    /**
     * assign's file and spark-assign's part files hold the same records: the same header and, for every id, the same
     * cluster and the same numbers as printed (6 significant digits), up to one unit in the last digit or two steps of
     * a float at 1 (2.4e-7, for small probabilities) — the rows are scored in batches of another make-up, which moves the
     * network's float arithmetic by about that much ({@link #oneBatchGivesAssignsLinesExactly}).
     *
     * @return the records by id, the header under "header"
     */
    static Map<String, List<String>> assertSameRows(Path model, Path csv, String... options) throws IOException {
        Path expected = assign(model, csv, options);
        Map<String, List<String>> want = records(Files.readString(expected));
        Map<String, List<String>> got = sparkRecords(sparkOut(model, csv, options));
        assertEquals(want.keySet(), got.keySet(), csv.toString());
        assertEquals(want.get("header"), got.get("header"), csv.toString());
        for (String id : want.keySet()) {
            List<String> w = want.get(id);
            List<String> g = got.get(id);
            assertEquals(w.size(), g.size(), csv + ": id " + id);
            assertEquals(w.subList(0, 2), g.subList(0, 2), csv + ": id and cluster of " + id);
            for (int j = 2; j < w.size() && !id.equals("header"); j++) {
                double a = Double.parseDouble(w.get(j));
                double b = Double.parseDouble(g.get(j));
                double unit = a == 0 && b == 0 ? 0 : Math.pow(10, Math.floor(Math.log10(Math.max(Math.abs(a), Math.abs(b)))) - 5);
                assertEquals(a, b, Math.max(1.0001 * unit, 2 * Math.ulp(1f)), csv + ": column " + want.get("header").get(j) + " of id " + id);
            }
        }
        return want;
    }

    static Path assign(Path model, Path csv, String... options) {
        Path out = dir.resolve("assign-" + model.getFileName() + "-" + csv.getFileName() + "-" + options.length + ".csv");
        Run a = cli(args("assign", model, csv, out, List.of(options)));
        assertEquals(0, a.code(), a.err());
        return out;
    }

    static Path sparkOut(Path model, Path csv, String... options) {
        Path out = dir.resolve("spark-" + model.getFileName() + "-" + csv.getFileName() + "-" + options.length);
        Run s = sparkAssign(args(null, model, csv, out, List.of(options)));
        assertEquals(0, s.code(), s.err());
        return out;
    }

    static Run refusedByAssign(Path model, Path csv, List<String> options) {
        Path out = dir.resolve("refused-" + csv.getFileName() + ".csv");
        Run a = cli(args("assign", model, csv, out, options));
        assertEquals(2, a.code(), a.err());
        assertEquals(1, a.err().strip().lines().count(), a.err());
        assertFalse(Files.exists(out), out + " written");
        return a;
    }

    static Run refusedBySpark(Path model, Path csv, List<String> options) throws IOException {
        Path out = dir.resolve("refused-" + csv.getFileName());
        Run s = sparkAssign(args(null, model, csv, out, options));
        assertEquals(2, s.code(), s.err());
        assertOneLine(s, "");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(out.getFileName().toString())).toList(),
                    "neither the output nor its temporary directory is left");
        }
        return s;
    }

    private static String[] args(String command, Path model, Path csv, Path out, List<String> options) {
        List<String> args = new ArrayList<>();
        if (command != null) args.add(command);
        args.addAll(List.of("--model", model.toString(), "--data", csv.toString(), "--out", out.toString()));
        args.addAll(options);
        return args.toArray(new String[0]);
    }

    /** A CSV text's records by id (its first cell), the header under "header"; no id twice. */
    static Map<String, List<String>> records(String text) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<CSVRecord> all = AssignmentsCsv.FORMAT.parse(new java.io.StringReader(text)).getRecords();
        rows.put("header", all.get(0).toList());
        for (CSVRecord r : all.subList(1, all.size())) assertTrue(rows.put(r.get(0), r.toList()) == null, "id " + r.get(0) + " twice");
        return rows;
    }

    /** spark-assign's part files, each with assign's header first. */
    static Map<String, List<String>> sparkRecords(Path out) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<Path> parts;
        try (Stream<Path> s = Files.list(out)) {
            parts = s.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).sorted().toList();
        }
        assertFalse(parts.isEmpty(), "no part files in " + out);
        for (Path p : parts) {
            Map<String, List<String>> part = records(Files.readString(p));
            List<String> header = part.get("header");
            assertTrue(rows.putIfAbsent("header", header) == null || rows.get("header").equals(header), p.toString());
            part.remove("header");
            for (Map.Entry<String, List<String>> e : part.entrySet()) {
                assertTrue(rows.put(e.getKey(), e.getValue()) == null, "id " + e.getKey() + " in two parts");
            }
        }
        return rows;
    }

    private static Path gzip(Path target, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            out.write(content);
        }
        return target;
    }
}
