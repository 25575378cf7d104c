package org.softcluster.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input corpus (src/test/resources/bad-input), one case per row, at the CLI level: exit 2,
 * one stderr line naming the file and the fault, nothing at the output path (not even an empty directory). The table
 * of messages in docs/robustness.md is target/bad-input-messages.md from this test.
 */
class BadInputTest {
    static final String R = "src/test/resources/bad-input/";
    static Path tmp;
    static Path model;
    static final List<String> table = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        tmp = Files.createTempDirectory("bad-input");
        model = tmp.resolve("model");
        // a tiny model on a 2-feature table, for the model-side cases
        CliTest.Run r = CliTest.run("train", "--data", R + "good.csv", "--label-column", "label", "--k", "3", "--hidden", "8",
                "--latent", "2", "--epochs", "1", "--pretrain-epochs", "1", "--kmeans-init", "1", "--no-progress", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        Path truncated = tmp.resolve("truncated-model");
        Files.createDirectories(truncated);
        Files.copy(model.resolve("model.json"), truncated.resolve("model.json"));
        byte[] params = Files.readAllBytes(model.resolve("model.npz"));
        Files.write(truncated.resolve("model.npz"), java.util.Arrays.copyOf(params, params.length / 2));
        Path corrupt = tmp.resolve("corrupt-model");
        Files.createDirectories(corrupt);
        Files.writeString(corrupt.resolve("model.json"), "{ this is not json");
        Files.copy(model.resolve("model.npz"), corrupt.resolve("model.npz"));
        Files.writeString(tmp.resolve("a-file"), "not a directory");
        // a model saved before models kept reference codes: the same files less references.npz
        Path old = tmp.resolve("old-model");
        Files.createDirectories(old);
        for (String f : List.of("model.json", "model.npz")) Files.copy(model.resolve(f), old.resolve(f));
    }

    @AfterAll
    static void writeTable() throws Exception {
        Path target = Path.of("target", "bad-input-messages.md");
        Files.createDirectories(target.getParent());
        Files.write(target, table);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("truncated IDX", new String[] {"baseline", "kmeans", "--data", R + "truncated-idx", "--k", "2"}, "train-images-idx3-ubyte"),
            Arguments.of("wrong IDX magic", new String[] {"baseline", "kmeans", "--data", R + "wrong-magic", "--k", "2"}, "magic"),
            Arguments.of("image/label count mismatch", new String[] {"baseline", "kmeans", "--data", R + "count-mismatch", "--k", "2"}, "12"),
            Arguments.of("empty CSV", new String[] {"baseline", "kmeans", "--data", R + "empty.csv", "--k", "2"}, "empty.csv"),
            Arguments.of("ragged CSV row", new String[] {"baseline", "kmeans", "--data", R + "ragged.csv", "--k", "2"}, "ragged.csv"),
            Arguments.of("NaN cell", new String[] {"baseline", "kmeans", "--data", R + "nan.csv", "--k", "2"}, "use --missing drop|mean|mode"),
            Arguments.of("unknown --missing value", new String[] {"baseline", "kmeans", "--data", R + "nan.csv", "--k", "2", "--missing", "median"},
                    "--missing must be error, drop, mean or mode, got 'median'"),
            Arguments.of("--categorical naming a missing column", new String[] {"train", "--data", R + "good.csv", "--label-column", "label",
                    "--categorical", "colour"}, "categorical column \"colour\" not found"),
            Arguments.of("Inf cell", new String[] {"baseline", "kmeans", "--data", R + "inf.csv", "--k", "2"}, "inf.csv"),
            Arguments.of("non-numeric cell", new String[] {"baseline", "kmeans", "--data", R + "text.csv", "--k", "2"}, "abc"),
            Arguments.of("label column missing", new String[] {"baseline", "kmeans", "--data", R + "good.csv", "--label-column", "class", "--k", "2"}, "class"),
            Arguments.of("K larger than the number of objects", new String[] {"train", "--data", R + "tiny.csv", "--k", "5"}, "larger than the number of objects"),
            Arguments.of("sweep with K larger than the number of objects", new String[] {"sweep", "--data", R + "tiny.csv", "--k", "5", "--etas", "0.05"}, "larger than the number of objects"),
            Arguments.of("K < 1", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--k", "0"}, "k must be >= 1"),
            Arguments.of("negative eta", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--eta", "-0.1"}, "eta must be >= 0"),
            Arguments.of("negative beta", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--beta", "-1"}, "beta must be >= 0"),
            Arguments.of("unknown mixture init", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--init", "foo"}, "unknown mixture init 'foo'"),
            Arguments.of("unknown selection", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--selection", "best"}, "unknown selection 'best'"),
            Arguments.of("learning-rate decay above 1", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--lr-decay", "1.5"}, "learning-rate decay must be in (0,1]"),
            Arguments.of("unknown pre-training loss", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--pretrain-loss", "l1"}, "unknown pre-training loss 'l1'"),
            Arguments.of("negative branch warm-up", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--branch-warmup", "-1"}, "branch warm-up epochs must be >= 0"),
            Arguments.of("branch epochs under trunk routing", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--branch-epochs", "5"}, "branch epochs apply to branch gradient 'head' only"),
            Arguments.of("branch warm-up with a branch stage", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--preset", "strong", "--branch-warmup", "1"}, "no branch warm-up"),
            Arguments.of("negative branch epochs", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--branch-gradient", "head", "--branch-epochs", "-2"}, "branch epochs must be >= 0"),
            Arguments.of("sweep target entropy above ln K", new String[] {"sweep", "--data", R + "good.csv", "--label-column", "label", "--target-entropies", "0.5,9"}, "target entropy 9.0 exceeds ln K"),
            Arguments.of("augmentation of a table", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--augment", "pretrain"}, "is not image data"),
            Arguments.of("unknown augmentation", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--augment", "flip"}, "unknown augmentation 'flip'"),
            Arguments.of("no UMAP maps", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--init-maps", "0"}, "init maps must be >= 1"),
            Arguments.of("negative pre-training patience", new String[] {"train", "--data", R + "good.csv", "--label-column", "label",
                    "--pretrain-patience", "-1"}, "pre-training patience must be >= 0"),
            Arguments.of("negative variance floor", new String[] {"train", "--data", R + "good.csv", "--label-column", "label",
                    "--variance-floor", "-0.5"}, "decoder variance floor must be >= 0"),
            Arguments.of("unknown softness", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--softness", "soft"},
                    "unknown softness 'soft' (known: fixed, auto)"),
            Arguments.of("anchored pre-training with fewer codes than features", new String[] {"train", "--data", R + "good.csv", "--label-column",
                    "label", "--pretrain-loss", "anchored", "--latent", "3"}, "'anchored' needs as many latent dimensions as features (latent 3, features 2)"),
            Arguments.of("anchored pre-training with fewer codes than features, sweep", new String[] {"sweep", "--data", R + "good.csv",
                    "--label-column", "label", "--etas", "0", "--pretrain-loss", "anchored", "--latent", "3"},
                    "'anchored' needs as many latent dimensions as features (latent 3, features 2)"),
            Arguments.of("T <= 0", new String[] {"train", "--data", R + "good.csv", "--label-column", "label", "--temperature", "0"}, "temperature T must be > 0"),
            Arguments.of("feature column left over at assign time", new String[] {"assign", "--model", "@model", "--data", R + "three.csv"},
                    "three.csv: column \"c\" is not a feature of the model"),
            Arguments.of("feature column missing at assign time", new String[] {"assign", "--model", "@model", "--data", R + "one-column.csv"},
                    "one-column.csv: feature column \"b\" of the model not found"),
            Arguments.of("truncated model directory", new String[] {"assign", "--model", "@truncated-model", "--data", R + "good.csv", "--label-column", "label"}, "truncated-model"),
            Arguments.of("reliability from a model without reference codes", new String[] {"assign", "--model", "@old-model", "--data",
                    R + "good.csv", "--label-column", "label", "--reliability"}, "has no reference codes (trained before models kept them); retrain it"),
            Arguments.of("ranking by reliability under a model without reference codes", new String[] {"uncertain", "--model", "@old-model",
                    "--data", R + "good.csv", "--label-column", "label", "--by", "reliability"}, "has no reference codes"),
            Arguments.of("unknown uncertain ranking", new String[] {"uncertain", "--model", "@model", "--data", R + "good.csv",
                    "--label-column", "label", "--by", "margin"}, "--by must be entropy or reliability, got 'margin'"),
            Arguments.of("corrupt model directory", new String[] {"assign", "--model", "@corrupt-model", "--data", R + "good.csv", "--label-column", "label"}, "corrupt"),
            Arguments.of("output path cannot be written", new String[] {"baseline", "kmeans", "--data", R + "good.csv", "--label-column", "label", "--k", "2", "--out-under-file"}, "a-file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithOneLineAndNothingWritten(String name, String[] args, String fragment) throws Exception {
        List<String> full = new ArrayList<>();
        Path out = tmp.resolve("out-" + name.replaceAll("[^a-zA-Z0-9]+", "-"));
        boolean outIsFile = false;
        for (String a : args) {
            if (a.equals("--out-under-file")) {
                out = tmp.resolve("a-file").resolve("sub");
                outIsFile = true;
            } else {
                full.add(a.startsWith("@") ? tmp.resolve(a.substring(1)).toString() : a);
            }
        }
        boolean fileOut = args[0].equals("assign");
        Path target = fileOut ? out.resolveSibling(out.getFileName() + ".csv") : out;
        full.add("--out");
        full.add(target.toString());
        CliTest.Run r = CliTest.run(full.toArray(String[]::new));
        String line = r.err().strip();
        table.add("| " + name + " | `" + String.join(" ", full).replace(tmp.toString(), "$TMP").replace(R, "") + "` | " + r.code() + " | "
                + line.replace(tmp.toString(), "$TMP").replace("|", "\\|") + " |");
        assertEquals(2, r.code(), name + ": " + r.err());
        assertEquals(1, line.lines().count(), "one line: " + r.err());
        assertTrue(line.startsWith("softcluster: error: "), line);
        assertTrue(line.contains(fragment), "expected '" + fragment + "' in: " + line);
        if (!outIsFile) assertFalse(Files.exists(target), "nothing written, not even an empty directory: " + target);
    }
}
