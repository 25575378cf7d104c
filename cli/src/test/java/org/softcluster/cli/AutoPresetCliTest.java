package org.softcluster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default {@code auto} preset through {@code train}: its choices printed, recorded, and the options given still win. */
class AutoPresetCliTest {

    /** 120 rows, 3 blobs in 3 columns, a text column and a label. */
    static Path table(Path dir) throws IOException {
        Random r = new Random(5);
        StringBuilder s = new StringBuilder("a,b,c,colour,label\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < 120; i++) {
            int k = i % 3;
            s.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.3f,%s,%d%n", 5 * k + r.nextGaussian(), -3 * k + r.nextGaussian(),
                    r.nextGaussian(), colours[k], k));
        }
        Path csv = dir.resolve("blobs.csv");
        Files.writeString(csv, s.toString());
        return csv;
    }

    @Test
    void trainWithoutAPresetDerivesPrintsAndRecordsTheSettings(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        // the stage lengths the rules give (hundreds of epochs on 120 rows) are overridden to keep the test short
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        CliTest.Run r;
        System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = CliTest.runAsGiven("train", "--data", table(dir).toString(), "--label-column", "label", "--k", "3",
                    "--pretrain-epochs", "3", "--epochs", "2", "--branch-epochs", "2", "--no-progress", "--out", out.toString());
        } finally {
            System.setErr(stderr);
        }
        String log = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, r.code(), r.err() + log);
        assertTrue(log.contains("auto preset (table rules: 120 objects, 6 features, K 3):"), log);
        assertTrue(log.lines().anyMatch(l -> l.strip().startsWith("network") && l.contains("d 6, 64-64")), log);
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("auto", config.at("/preset/name").asText());
        assertEquals("table", config.at("/preset/regime").asText());
        assertEquals(6, config.at("/preset/shape/features").asInt());
        assertTrue(config.at("/preset/choices/stages/rule").asText().contains("optimiser steps"), config.toString());
        // the derived settings, then the options given
        assertEquals(6, config.at("/config/network/latentDim").asInt());
        assertEquals("GAUSSIAN", config.at("/config/network/likelihood").asText());
        assertEquals(3, config.at("/config/pretraining/epochs").asInt());
        assertEquals(2, config.at("/config/branch/epochs").asInt());
        assertEquals(3, config.at("/config/mixture/attempts").asInt());
        JsonNode prov = new ObjectMapper().readTree(out.resolve("provenance.json").toFile());
        assertEquals("auto", prov.at("/preset/name").asText());
        // --softness auto (the preset's default): its choice is the training log's last row, as in metrics.json
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        java.util.List<String> log2 = java.nio.file.Files.readAllLines(out.resolve("train_log.csv"));
        java.util.List<String> header = java.util.Arrays.asList(log2.get(0).split(","));
        String[] last = log2.get(log2.size() - 1).split(",", -1);
        assertEquals("softness", last[header.indexOf("stage")]);
        assertEquals(metrics.get("softness_calibration").asDouble(), Double.parseDouble(last[header.indexOf("softness_calibration")]), 1e-6);
        assertEquals(metrics.get("softness_estimate").asDouble(), Double.parseDouble(last[header.indexOf("softness_estimate")]), 1e-6);
        assertEquals("", log2.get(1).split(",", -1)[header.indexOf("softness_estimate")], "empty on the training rows");
        assertEquals("standardize", prov.at("/data/scale").asText());
    }

    @Test
    void anAskedLatentSizeEntersTheRules(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("latent3");
        CliTest.Run r = CliTest.runAsGiven("train", "--data", table(dir).toString(), "--label-column", "label", "--k", "3", "--latent", "3",
                "--pretrain-epochs", "2", "--epochs", "1", "--branch-epochs", "1", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals(3, config.at("/config/network/latentDim").asInt());
        // 3 codes for 6 features: the unanchored table rule, not anchored pre-training refused for the size
        assertEquals("MSE", config.at("/config/pretraining/loss").asText(), config.toString());
        assertEquals("INPUT", config.at("/config/mixture/init").asText());
        assertTrue(config.at("/preset/choices/network/rule").asText().contains("--latent"), config.toString());
    }

    @Test
    void theNamedPresetsStayAsTheyWere(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("paper");
        CliTest.Run r = CliTest.runAsGiven("train", "--preset", "paper", "--data", table(dir).toString(), "--label-column", "label",
                "--k", "3", "--pretrain-epochs", "1", "--epochs", "1", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.err().contains("auto preset"), r.err());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        assertEquals("paper", config.at("/preset/name").asText());
        assertEquals(1, config.at("/config/mixture/attempts").asInt());
        assertEquals("[500,500,2000]", config.at("/config/network/encoderDims").toString());
    }
}
