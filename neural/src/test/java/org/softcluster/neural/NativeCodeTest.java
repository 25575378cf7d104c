package org.softcluster.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadePresets;
import org.softcluster.neural.vade.VadeTrainer;

/**
 * The only native code on the training path is libtorch (issue 30): after a training with the UMAP mixture start,
 * the process has mapped no shared library but the JDK's, the operating system's and DJL's PyTorch natives (and the
 * CUDA runtime, where installed, which DJL loads to count GPUs) — so no
 * OpenBLAS, ARPACK or JavaCPP, and {@code OPENBLAS_CORETYPE} cannot change a model. (libtorch's own host-dependent
 * kernels are pinned for the golden tests: {@code ATEN_CPU_CAPABILITY}, see pom.xml.)
 */
class NativeCodeTest {

    @Test
    void aUmapStartTrainingLoadsNoNativeLibraryButLibtorch() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux's /proc");
        Dataset train = Mnist.load(Path.of("../testdata/mnist-subset")).train();
        VadeConfig c = VadePresets.preset("strong").toBuilder().encoderDims(64, 64, 128).epochs(1).pretrainEpochs(1)
                .initMaps(2).kmeansInit(2).batchSize(128).branchEpochs(1).build();
        assertEquals(VadeConfig.MixtureInit.UMAP, c.mixture().init());
        try (VadeModel m = new VadeTrainer(c).fit(train)) {
            assertEquals(train.size(), m.predictProba(train).length);
        }
        String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
        TreeSet<String> foreign = new TreeSet<>();
        TreeSet<String> torch = new TreeSet<>();
        for (String line : Files.readAllLines(maps)) {
            int slash = line.indexOf('/');
            if (slash < 0 || !line.contains(".so")) continue;
            String lib = line.substring(slash);
            if (lib.startsWith(javaHome) || lib.startsWith("/lib") || lib.startsWith("/usr/lib")) continue;
            String name = Path.of(lib).getFileName().toString();
            if (lib.contains("/pytorch/")) torch.add(name);
            else if (!name.startsWith("libcuda")) foreign.add(lib); // DJL probes for a GPU through the CUDA runtime
        }
        assertTrue(torch.stream().anyMatch(s -> s.startsWith("libtorch")), "libtorch not found among " + torch);
        assertEquals(List.of(), List.copyOf(foreign), "native libraries other than libtorch's on the training path");
        assertTrue(torch.stream().noneMatch(s -> s.contains("openblas") || s.contains("arpack")), torch.toString());
    }
}
