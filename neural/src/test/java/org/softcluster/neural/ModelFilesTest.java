package org.softcluster.neural;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelFilesTest {
    /** A config grouped like VadeConfig, with no defaults of its own. */
    record Grouped(int k, Group group, Group other) {
        record Group(int x, int y) { }
    }

    @Test
    void settingsAModelFileLacksTakeTheDefaultsInsideGroupsToo(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(ModelFiles.PARAMS_FILE), new byte[0]);
        Files.writeString(dir.resolve(ModelFiles.MODEL_FILE),
                "{\"kind\": \"test\", \"config\": {\"group\": {\"y\": 5}, \"k\": 3}, \"input_dim\": 2}");
        Grouped defaults = new Grouped(1, new Grouped.Group(10, 20), new Grouped.Group(30, 40));
        Grouped read = ModelFiles.read(dir, "test", "test", Grouped.class, defaults).config();
        assertEquals(new Grouped(3, new Grouped.Group(10, 5), new Grouped.Group(30, 40)), read);
    }
}
