package org.softcluster.cli;

import org.junit.jupiter.api.Test;
import org.softcluster.neural.Tensors;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency directions of docs/architecture.md, read from the compiled classes of the neural module:
 * the dec package references nothing of the vade package, neural nothing of core's report package, and only
 * {@code Layers} reaches DJL's internal NDArrayEx API.
 */
class ArchitectureTest {

    private static List<String> violations(String fromPrefix, String forbidden, String except) throws Exception {
        Path neural = NativeMemoryGuardTest.codeSource(Tensors.class);
        List<String> out = new ArrayList<>();
        int checked = 0;
        for (NativeMemoryGuardTest.ClassBytes c : NativeMemoryGuardTest.classFiles(neural)) {
            if (!c.name().startsWith(fromPrefix) || c.name().equals(except)) continue;
            checked++;
            for (String u : NativeMemoryGuardTest.utf8Constants(c.bytes())) {
                if (u.contains(forbidden)) {
                    out.add(c.name() + " -> " + u);
                    break;
                }
            }
        }
        assertTrue(checked > 0, "no classes under " + fromPrefix);
        return out;
    }

    @Test
    void decDoesNotDependOnVade() throws Exception {
        assertEquals(List.of(), violations("org/softcluster/neural/dec/", "org/softcluster/neural/vade/", null));
    }

    @Test
    void neuralDoesNotDependOnTheReportPackage() throws Exception {
        assertEquals(List.of(), violations("org/softcluster/neural/", "org/softcluster/report/", null));
    }

    @Test
    void onlyLayersReachesDjlInternals() throws Exception {
        assertEquals(List.of(), violations("org/softcluster/neural/", "getNDArrayInternal", "org/softcluster/neural/Layers.class"));
    }
}
