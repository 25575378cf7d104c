package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Checkpoint checkpoint(VadeConfig c) {
        return new Checkpoint(c, "sha", "pretrain", 3, List.of(), Double.NEGATIVE_INFINITY, 0, 0, 12.5,
                Map.of("enc.0.w", new float[] {1, 2, 3}), Map.of("m.enc.0.w", new float[] {0.5f}), null);
    }

    @Test
    void roundTripKeepsTheConfigAndTheTensors(@TempDir Path dir) throws Exception {
        VadeConfig c = VadePresets.strong().toBuilder().seed(4).initMaps(3).augment(VadeConfig.Augment.ALL).build();
        Checkpoint.write(dir, checkpoint(c));
        Checkpoint back = Checkpoint.read(dir);
        assertEquals(c, back.config());
        assertEquals(3, back.epoch());
        assertArrayEquals(new float[] {1, 2, 3}, back.params().get("enc.0.w"));
    }

    @Test
    void aCheckpointWrittenWithTheFlatConfigBeforeAugmentationAndInitMapsExistedResumesWithoutThem(@TempDir Path dir) throws Exception {
        Checkpoint.write(dir, checkpoint(VadePresets.strong()));
        Path json = dir.resolve(Checkpoint.JSON);
        ObjectNode cp = (ObjectNode) MAPPER.readTree(json.toFile());
        // the flat config a run folder of that time holds (docs/strong-mnist/seed=0/config.json)
        try (InputStream in = CheckpointTest.class.getResourceAsStream("flat-config-before-augment.json")) {
            cp.set("config", MAPPER.readTree(in).get("config"));
        }
        MAPPER.writeValue(json.toFile(), cp);
        VadeConfig back = Checkpoint.read(dir).config();
        assertEquals(VadeConfig.Augment.NONE, back.training().augment(), "old runs trained without augmentation");
        assertEquals(1, back.mixture().maps(), "old runs made one UMAP map");
        assertEquals(VadePresets.strong().toBuilder().branchWarmup(1).branchEpochs(0).augment(VadeConfig.Augment.NONE).initMaps(1).build(), back);
        assertEquals(3, Checkpoint.read(dir).epoch());
    }
}
