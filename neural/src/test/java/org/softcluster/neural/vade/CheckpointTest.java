package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    private static Checkpoint checkpoint(VadeConfig c) {
        return new Checkpoint(c, "sha", "pretrain", 3, List.of(), Double.NEGATIVE_INFINITY, 0, 0, 12.5,
                Map.of("enc.0.w", new float[] {1, 2, 3}), Map.of("m.enc.0.w", new float[] {0.5f}), null);
    }

    @Test
    void roundTripKeepsTheConfigAndTheTensors(@TempDir Path dir) throws Exception {
        VadeConfig c = VadeConfig.strong().withSeed(4).withInitMaps(3).withAugment(VadeConfig.Augment.ALL);
        Checkpoint.write(dir, checkpoint(c));
        Checkpoint back = Checkpoint.read(dir);
        assertEquals(c, back.config());
        assertEquals(3, back.epoch());
        assertArrayEquals(new float[] {1, 2, 3}, back.params().get("enc.0.w"));
    }

    @Test
    void aCheckpointWrittenBeforeAugmentationAndInitMapsExistedResumesWithoutThem(@TempDir Path dir) throws Exception {
        VadeConfig c = VadeConfig.strong().withSeed(2);
        Checkpoint.write(dir, checkpoint(c));
        Path json = dir.resolve(Checkpoint.JSON);
        String text = Files.readString(json).replaceAll("(?m)^\\s*\"augment\"\\s*:\\s*\"[A-Z]+\",?\\s*$\\n?", "")
                .replaceAll("(?m)^\\s*\"initMaps\"\\s*:\\s*\\d+,?\\s*$\\n?", "");
        assertFalse(text.contains("initMaps") || text.contains("augment"), text);
        // the field before them now ends the object: drop its comma
        text = text.replaceAll(",(\\s*})", "$1");
        Files.writeString(json, text);
        VadeConfig back = Checkpoint.read(dir).config();
        assertEquals(VadeConfig.Augment.NONE, back.augment(), "old runs trained without augmentation");
        assertEquals(1, back.initMaps(), "old runs made one UMAP map");
        assertEquals(c.withAugment(VadeConfig.Augment.NONE).withInitMaps(1), back);
        assertTrue(back.seed() == 2);
    }
}
