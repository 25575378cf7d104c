package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.softcluster.io.Json;
import org.softcluster.neural.vade.AutoPreset;
import org.softcluster.neural.vade.VadePresets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The six systems in one table by one command, and DEC through train/assign. */
class CompareCliTest {

    @Test
    void compareWritesOneTableForAllSixSystems(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        CliTest.Run r = CliTest.run("compare", "--data", "../testdata/mnist-subset", "--seeds", "1", "--epochs", "1",
                "--pretrain-epochs", "1", "--hidden", "32,32,64", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> md = Files.readAllLines(out.resolve("comparison.md"));
        for (String m : List.of("kmeans", "gmm", "dec", "start", "vade", "ervade")) {
            assertTrue(md.stream().anyMatch(l -> l.startsWith("| " + m + " |")), m + " row in " + md);
            assertTrue(Files.exists(out.resolve("runs").resolve(m).resolve("seed=0").resolve("assignments.csv")), m);
        }
        assertEquals(7, Files.readAllLines(out.resolve("comparison.csv")).size());
        assertReliabilityColumn(out, md);
        // start, vade and ervade share one pre-training per seed (equal to separate ones: VadeTrainingTest); the start row
        // is the start without the main stage: the same pre-training rows, no train rows
        Path runs = out.resolve("runs");
        List<String> startLog = Files.readAllLines(runs.resolve("start").resolve("seed=0").resolve("train_log.csv"));
        List<String> startPre = startLog.stream().filter(l -> l.startsWith("pretrain,")).map(CompareCliTest::withoutSeconds).toList();
        for (String m : List.of("start", "vade", "ervade")) {
            List<String> log = Files.readAllLines(runs.resolve(m).resolve("seed=0").resolve("train_log.csv"));
            assertEquals(log.stream().filter(l -> l.startsWith("pretrain,")).map(CompareCliTest::withoutSeconds).toList(), startPre, m);
            var training = Json.MAPPER.readTree(runs.resolve(m).resolve("seed=0").resolve("provenance.json").toFile()).get("training");
            assertTrue(training.get("shared_pretraining").asBoolean(), m);
        }
        assertTrue(!startPre.isEmpty() && startLog.stream().noneMatch(l -> l.startsWith("train,")), startLog.toString());
        String html = Files.readString(out.resolve("comparison.html"));
        for (String m : List.of("kmeans", "gmm", "dec", "start", "vade", "ervade")) {
            assertTrue(html.contains("<th scope=\"row\">" + m + "</th>"), m + " row in the HTML table");
            assertTrue(html.contains("Reliability diagram of max γ, " + m + ", seed 0"), m + " reliability diagram");
        }
        assertTrue(html.contains("Clustering quality") || html.contains("NMI, ARI and Hungarian accuracy per method"));
        assertEquals(List.of(), org.softcluster.report.HtmlReport.externalReferences(html), "self-contained page");
        assertTrue(Files.size(out.resolve("figures").resolve("compare_quality.png")) > 1000);
    }

    @Test
    void underStrongVadeAndErvadeShareTheirTrunk(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cmp");
        CliTest.Run r = CliTest.run("compare", "--data", "../testdata/mnist-subset", "--preset", "strong", "--methods", "start,vade,ervade",
                "--seeds", "1", "--epochs", "1", "--pretrain-epochs", "1", "--hidden", "32,32,64", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Path runs = out.resolve("runs");
        List<List<String>> mainStage = new java.util.ArrayList<>();
        for (String m : List.of("vade", "ervade")) {
            var training = Json.MAPPER.readTree(runs.resolve(m).resolve("seed=0").resolve("provenance.json").toFile()).get("training");
            assertTrue(training.get("shared_trunk").asBoolean(), m + ": " + training);
            mainStage.add(Files.readAllLines(runs.resolve(m).resolve("seed=0").resolve("train_log.csv")).stream()
                    .filter(l -> l.startsWith("train,")).map(CompareCliTest::withoutSeconds).toList());
        }
        assertTrue(!mainStage.get(0).isEmpty());
        assertEquals(mainStage.get(0), mainStage.get(1), "one main stage for both");
        var start = Json.MAPPER.readTree(runs.resolve("start").resolve("seed=0").resolve("provenance.json").toFile()).get("training");
        assertTrue(start.get("shared_pretraining").asBoolean() && !start.path("shared_trunk").asBoolean(), start.toString());
    }

    /**
     * The reliability column beside confidence: for start, vade and ervade the mean of the run's reliability.csv (each
     * evaluated object's label-free estimate), for k-means, GMM and DEC "—" (no estimate: see CompareCommand).
     */
    private static void assertReliabilityColumn(Path out, List<String> md) throws Exception {
        List<String> header = List.of(md.stream().filter(l -> l.startsWith("| method |")).findFirst().orElseThrow().split("\\|"));
        int column = header.indexOf(" reliability ");
        assertEquals(header.indexOf(" confidence ") + 1, column, "reliability beside confidence: " + header);
        List<String> csvHeader = List.of(Files.readAllLines(out.resolve("comparison.csv")).get(0).split(","));
        assertTrue(csvHeader.contains("reliability_mean") && csvHeader.contains("reliability_std"), csvHeader.toString());
        for (String m : List.of("kmeans", "gmm", "dec", "start", "vade", "ervade")) {
            String cell = md.stream().filter(l -> l.startsWith("| " + m + " |")).findFirst().orElseThrow().split("\\|")[column].strip();
            Path file = out.resolve("runs").resolve(m).resolve("seed=0").resolve("reliability.csv");
            if (List.of("kmeans", "gmm", "dec").contains(m)) {
                assertEquals("—", cell, m);
                assertTrue(Files.notExists(file), m);
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            double mean = lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).average().orElseThrow();
            assertTrue(mean > 0 && mean <= 1, m + ": " + mean);
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f ± —", mean), cell, m);
        }
        assertTrue(Files.readString(out.resolve("comparison.html")).contains("<th>confidence</th><th>reliability</th><th>ECE</th>"),
                "the column on the page");
    }

    /** A train_log.csv row without its last field (the epoch's seconds). */
    private static String withoutSeconds(String row) {
        return row.substring(0, row.lastIndexOf(','));
    }

    @Test
    void decTrainsAndScoresThroughTheCli(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("dec");
        CliTest.Run r = CliTest.run("train", "--method", "dec", "--data", "../testdata/mnist-subset", "--hidden", "32,32,64",
                "--epochs", "1", "--pretrain-epochs", "1", "--kmeans-init", "1", "--no-progress", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(model.resolve("prototypes.png")));
        Path a = dir.resolve("a.csv");
        assertEquals(0, CliTest.run("assign", "--model", model.toString(), "--data", "../testdata/mnist-subset", "--out", a.toString()).code());
        assertEquals(Files.readAllLines(model.resolve("assignments.csv")), Files.readAllLines(a));
        CliTest.assertOneLineError(CliTest.run("train", "--method", "dec", "--eta", "0.1", "--data", "../testdata/mnist-subset",
                "--out", dir.resolve("x").toString()), 2, "DEC does not use --eta");
    }

    @Test
    void quickstartRunsTheMainJobOnAnMnistDirectory(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("qs");
        CliTest.Run r = CliTest.run("quickstart", "--data-dir", "../testdata/mnist-subset", "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("metrics.json")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"eta\" : 0.05"));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"name\" : \"quick\""), "the preset is recorded");
    }

    @Test
    void quickstartResolvesEachPresetAndRefusesAnUnknownOne(@TempDir Path dir) throws Exception {
        var train = org.softcluster.data.Mnist.load(Path.of("../testdata/mnist-subset")).train();
        var strong = QuickstartCommand.options("strong", 0.05, 3L, 1).resolve(train);
        assertEquals(VadePresets.strong().toBuilder().eta(0.05).seed(3L).epochs(1).build(), strong.config());
        assertEquals(Map.of("name", "strong"), strong.record());
        var quick = QuickstartCommand.options("quick", 0.05, 3L, null).resolve(train);
        assertEquals(VadePresets.quick().toBuilder().eta(0.05).seed(3L).build(), quick.config());
        assertEquals(VadePresets.strong().toBuilder().pretrainEpochs(VadePresets.QUICK_PRETRAIN).initMaps(VadePresets.QUICK_INIT_MAPS)
                .epochs(VadePresets.QUICK_EPOCHS).softness(org.softcluster.neural.vade.Softness.AUTO).eta(0.05).seed(3L).build(), quick.config());
        var auto = QuickstartCommand.options("auto", 0.05, 3L, null).resolve(train);
        var derived = AutoPreset.derive(AutoPreset.Shape.of(train, 10), 3L);
        assertEquals(derived.config().toBuilder().eta(0.05).seed(3L).build(), auto.config());
        assertEquals("auto", auto.record().get("name"));
        assertEquals(derived.threads(), auto.threads());
        Path nowhere = dir.resolve("never-fetched");
        CliTest.assertOneLineError(CliTest.run("quickstart", "--data-dir", nowhere.toString(), "--preset", "fast",
                "--out", dir.resolve("x").toString()), 2, "unknown preset 'fast'");
        assertTrue(!Files.exists(nowhere) && !Files.exists(dir.resolve("x")), "nothing fetched or written for a bad preset");
    }
}
