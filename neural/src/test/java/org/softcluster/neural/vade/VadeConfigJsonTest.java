package org.softcluster.neural.vade;

import org.softcluster.neural.ModelFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON form of {@link VadeConfig}: written grouped, read grouped or flat. The two flat fixtures are run folders'
 * config.json as earlier versions wrote them (docs/strong-sweep, all 35 settings; docs/strong-mnist, written before
 * the branch epochs, augmentation and UMAP maps existed).
 */
class VadeConfigJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = VadeConfigJsonTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in).get("config");
        }
    }

    /** What the strong-sweep fixture describes: the strong preset at η = 0. */
    private static VadeConfig flatExpected() {
        return VadePresets.strong().toBuilder().eta(0).build();
    }

    /** What the strong-mnist fixture describes: strong with a warm-up epoch, from before the settings it lacks existed. */
    private static VadeConfig olderExpected() {
        return VadePresets.strong().toBuilder().branchWarmup(1).branchEpochs(0).augment(VadeConfig.Augment.NONE).initMaps(1).build();
    }

    @Test
    void theGroupedFormRoundTrips() throws Exception {
        VadeConfig c = VadePresets.strong().toBuilder().k(7).seed(3).encoderDims(32, 16).targetEntropy(0.8).balance(0.2)
                .coupling(VadeConfig.Coupling.ELBO).kmeansInit(4).initMaps(2).augment(VadeConfig.Augment.ALL).patience(2).build();
        String text = JSON.writeValueAsString(c);
        JsonNode tree = JSON.readTree(text);
        for (String group : List.of("network", "loss", "training", "pretraining", "mixture", "main", "branch")) {
            assertTrue(tree.get(group).isObject(), group + " in " + text);
        }
        assertEquals(List.of("method", "k", "seed", "network", "loss", "training", "pretraining", "mixture", "main", "branch"),
                List.copyOf(JSON.convertValue(tree, Map.class).keySet()));
        assertFalse(tree.has("pretrainEpochs") || tree.has("initMaps") || tree.has("latentDim"), text);
        assertEquals(4, tree.get("mixture").get("restarts").asInt());
        assertEquals(VadePresets.STRONG_PRETRAIN, tree.get("pretraining").get("epochs").asInt());
        assertEquals(c, JSON.readValue(text, VadeConfig.class));
    }

    @Test
    void theFlatFormOfEarlierVersionsReadsToTheSameConfig() throws Exception {
        JsonNode flat = fixture("flat-config.json");
        assertEquals(35, flat.size(), "every setting of the flat record");
        assertEquals(flatExpected(), JSON.treeToValue(flat, VadeConfig.class));
    }

    @Test
    void settingsAFileLacksTakeThePapersValues() throws Exception {
        JsonNode older = fixture("flat-config-before-augment.json");
        assertFalse(older.has("branchEpochs") || older.has("augment") || older.has("initMaps"), older.toString());
        assertEquals(olderExpected(), JSON.treeToValue(older, VadeConfig.class));

        VadeConfig grouped = JSON.readValue("{\"k\": 5, \"main\": {\"epochs\": 3}, \"mixture\": {\"init\": \"GMM\"}}", VadeConfig.class);
        assertEquals(VadeConfig.builder().k(5).epochs(3).init(VadeConfig.MixtureInit.GMM).build(), grouped);
        assertEquals(VadePresets.paper(), JSON.readValue("{}", VadeConfig.class));
    }

    @Test
    void modelFilesOfEitherFormLoadTheirConfig(@TempDir Path dir) throws Exception {
        assertEquals(flatExpected(), readModelConfig(dir.resolve("flat"), fixture("flat-config.json")));
        assertEquals(olderExpected(), readModelConfig(dir.resolve("older"), fixture("flat-config-before-augment.json")));
        // a grouped file that lacks settings inside a group (and a whole group) takes them from the defaults
        VadeConfig c = VadePresets.strong().toBuilder().seed(9).initMaps(3).build();
        JsonNode grouped = JSON.valueToTree(c);
        ((ObjectNode) grouped.get("mixture")).remove("maps");
        ((ObjectNode) grouped).remove("branch");
        VadeConfig read = readModelConfig(dir.resolve("grouped"), grouped);
        assertEquals(c.toBuilder().initMaps(1).branchGradient(VadeConfig.BranchGradient.TRUNK).branchEpochs(0).build(), read);
    }

    private static VadeConfig readModelConfig(Path dir, JsonNode config) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ModelFiles.PARAMS_FILE), new byte[0]);
        JSON.writeValue(dir.resolve(ModelFiles.MODEL_FILE).toFile(),
                Map.of("format", 1, "kind", "softcluster-vade", "config", config, "input_dim", 784));
        return ModelFiles.read(dir, "softcluster-vade", "VaDE", VadeConfig.class, VadePresets.paper()).config();
    }

    @Test
    void unknownOrInvalidSettingsAreRefused() {
        Exception e = assertThrows(IOException.class, () -> JSON.readValue("{\"k\": 3, \"bogus\": 1}", VadeConfig.class));
        assertTrue(e.getMessage().contains("unknown VaDE setting 'bogus'"), e.getMessage());
        e = assertThrows(IOException.class, () -> JSON.readValue("{\"main\": {\"epochs\": 1, \"bogus\": 2}}", VadeConfig.class));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        e = assertThrows(IOException.class, () -> JSON.readValue("{\"pretrainLr\": 0}", VadeConfig.class));
        assertTrue(e.getMessage().contains("pre-training learning rate must be > 0"), e.getMessage());
        e = assertThrows(IOException.class, () -> JSON.readValue("{\"method\": \"VADE\", \"loss\": {\"eta\": 0.1}}", VadeConfig.class));
        assertTrue(e.getMessage().contains("plain VaDE has no entropy term"), e.getMessage());
    }
}
