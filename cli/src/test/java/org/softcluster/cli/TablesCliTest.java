package org.softcluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables as users have them, through the real commands: text columns one-hot encoded, missing cells dropped or
 * filled, constant columns kept, and the encoding saved with the model and applied by the scoring commands.
 */
class TablesCliTest {
    static final String[] TINY = {"--k", "3", "--hidden", "8", "--latent", "2", "--epochs", "2", "--pretrain-epochs", "1",
        "--kmeans-init", "1", "--batch-size", "16", "--no-progress"};
    static final List<String> COLOURS = List.of("red", "green", "blue");

    /**
     * 60 rows in 3 groups: id, two numeric columns (x with a missing cell every 7th row), a text column (colour, "NA"
     * every 11th row), a numeric code read as categories (zip) and the group's name as label.
     */
    static Path mixedTable(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("id,x,y,colour,zip,group\n");
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            int c = i % 3;
            String x = i % 7 == 3 ? "" : String.valueOf(10 * c + r.nextGaussian());
            String colour = i % 11 == 5 ? "NA" : COLOURS.get(c);
            sb.append("o").append(i).append(',').append(x).append(',').append(-4 * c + r.nextGaussian()).append(',')
                    .append(colour).append(',').append(100 + c).append(",g").append(c).append('\n');
        }
        Path csv = dir.resolve("mixed.csv");
        Files.writeString(csv, sb.toString());
        return csv;
    }

    static String[] train(Path csv, Path out, String... extra) {
        String[] base = {"train", "--data", csv.toString(), "--id-column", "id", "--label-column", "group", "--out", out.toString()};
        return CliTest.concat(CliTest.concat(base, TINY), extra);
    }

    /** Trains on the table; the run must succeed. */
    static CliTest.Run trained(Path csv, Path model, String... extra) {
        CliTest.Run r = CliTest.run(train(csv, model, extra));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    /** Assigns the training table under the saved model: the output must equal training's assignments.csv. */
    static CliTest.Run assignsAsInTraining(Path model, Path csv, Path out) throws Exception {
        CliTest.Run r = CliTest.run("assign", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id",
                "--label-column", "group", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readAllLines(model.resolve("assignments.csv")), Files.readAllLines(out),
                "the saved encoding (columns, categories, fill values) reproduces training's assignments");
        return r;
    }

    static List<String> warnings(CliTest.Run r) {
        return r.err().lines().filter(l -> l.startsWith("softcluster: warning: ")).toList();
    }

    @Test
    void mixedTableTrainsAndItsModelAssignsTheSameRowsAlike(@TempDir Path dir) throws Exception {
        Path csv = mixedTable(dir);
        Path model = dir.resolve("model");
        trained(csv, model, "--missing", "mean", "--categorical", "zip");
        JsonNode enc = new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("encoding");
        assertEquals("mean", enc.get("missing").asText());
        assertEquals(4, enc.get("columns").size());
        assertEquals("[\"blue\",\"green\",\"red\"]", enc.get("columns").get(2).get("categories").toString());
        assertEquals("red", enc.get("columns").get(2).get("fill_category").asText(), "red, the most frequent colour (19 of 55)");
        assertEquals(8, new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("input_dim").asInt());

        assignsAsInTraining(model, csv, dir.resolve("a.csv"));
        // without the label column named, it is a column the model does not know
        CliTest.assertOneLineError(CliTest.run("assign", "--model", model.toString(), "--data", csv.toString(), "--id-column", "id",
                "--out", dir.resolve("b.csv").toString()), 2, "column \"group\" is not a feature of the model");

        List<String> protos = Files.readAllLines(model.resolve("prototypes.csv"));
        assertEquals("cluster,weight,x,y,colour,zip", protos.get(0));
        for (String line : protos.subList(1, protos.size())) {
            String[] cells = line.split(",");
            assertTrue(COLOURS.contains(cells[4]), "most likely colour: " + line);
            assertTrue(Set.of("100", "101", "102").contains(cells[5]), "most likely zip: " + line);
        }
        Path p = dir.resolve("p.csv");
        assertEquals(0, CliTest.run("prototypes", "--model", model.toString(), "--out", p.toString()).code());
        assertEquals(protos, Files.readAllLines(p));
    }

    @Test
    void scoringNewRowsCountsUnseenCategoriesAndFillsWithTrainingValues(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        trained(mixedTable(dir), model, "--missing", "mode");
        Path fresh = dir.resolve("fresh.csv");
        Files.writeString(fresh, "zip,colour,y,x,id\n100,purple,0.5,,n1\n101,red,1,3,n2\n999,teal,-4,11,n3\n102,blue,,20,n4\n");
        Path out = dir.resolve("fresh-a.csv");
        CliTest.Run r = CliTest.run("assign", "--model", model.toString(), "--data", fresh.toString(), "--id-column", "id",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("softcluster: warning: fresh.csv: 2 rows with a category not seen in training (\"colour\": 2 rows),"
                + " encoded as all zeros"), warnings(r));
        assertEquals(5, Files.readAllLines(out).size());
        Path unc = dir.resolve("unc");
        assertEquals(0, CliTest.run("uncertain", "--model", model.toString(), "--data", fresh.toString(), "--id-column", "id",
                "--top", "2", "--out", unc.toString()).code());
        assertTrue(Files.exists(unc.resolve("uncertain.csv")));
        // the model fills with its training modes: it cannot fill with means it never fitted
        CliTest.assertOneLineError(CliTest.run("assign", "--model", model.toString(), "--data", fresh.toString(), "--id-column", "id",
                "--missing", "mean", "--out", dir.resolve("m.csv").toString()), 2, "missing-cell policy mean needs fill values");
        CliTest.assertOneLineError(CliTest.run("assign", "--model", model.toString(), "--data", fresh.toString(), "--id-column", "id",
                "--categorical", "zip", "--out", dir.resolve("m.csv").toString()), 2, "differ from the model's (\"colour\")");
        assertFalse(Files.exists(dir.resolve("m.csv")));
    }

    @Test
    void droppedRowsAreCountedOnceAndKeepTheirIds(@TempDir Path dir) throws Exception {
        Path csv = mixedTable(dir);
        Path model = dir.resolve("dec");
        CliTest.Run t = trained(csv, model, "--missing", "drop", "--method", "dec");
        // 9 rows (3, 10, ..., 59) miss x, 5 rows (5, 16, 27, 38, 49) miss colour, row 38 both: 13 rows
        assertEquals(List.of("softcluster: warning: mixed.csv: dropped 13 of 60 rows with a missing cell"), warnings(t));
        List<String> assigned = Files.readAllLines(model.resolve("assignments.csv"));
        assertEquals(1 + 47, assigned.size());
        assertTrue(assigned.stream().noneMatch(l -> l.startsWith("o3,") || l.startsWith("o5,")), "dropped rows are not assigned");
        CliTest.Run as = assignsAsInTraining(model, csv, dir.resolve("a.csv"));
        assertEquals(List.of("softcluster: warning: mixed.csv: dropped 13 of 60 rows with a missing cell"), warnings(as));
    }

    @Test
    void missingCellsAreRefusedByDefaultNamingTheOption(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.run(train(mixedTable(dir), out));
        CliTest.assertOneLineError(r, 2, "mixed.csv row 4, column \"x\": missing cell (empty); use --missing drop|mean|mode");
        assertFalse(Files.exists(out));
    }

    @Test
    void constantColumnsAreKeptWithOneWarning(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("a,b,c,d,e,f,g,h\n");
        for (int i = 0; i < 12; i++) sb.append(i % 3).append(",7,0,0,0,0,0,").append(i % 4).append('\n');
        Path csv = dir.resolve("pixels.csv");
        Files.writeString(csv, sb.toString());
        Path out = dir.resolve("km");
        CliTest.Run r = CliTest.run("baseline", "kmeans", "--data", csv.toString(), "--k", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("softcluster: warning: 6 constant feature columns (\"b\", \"c\", \"d\", \"e\", \"f\" and 1 more) kept:"
                + " they carry no information and standardize maps them to 0"), warnings(r));
        assertTrue(Files.exists(out.resolve("assignments.csv")));
        List<String> minmax = warnings(CliTest.run("baseline", "kmeans", "--data", csv.toString(), "--columns", "a,b,h", "--scale",
                "minmax", "--k", "2", "--out", dir.resolve("mm").toString()));
        assertEquals(List.of("softcluster: warning: 1 constant feature column (\"b\") kept: it carries no information and minmax maps"
                + " it to 0"), minmax);
    }
}
