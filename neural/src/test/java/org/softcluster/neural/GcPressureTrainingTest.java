package org.softcluster.neural;

import org.softcluster.neural.train.EpochLog;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.data.Mnist;
import org.softcluster.neural.dec.DecConfig;
import org.softcluster.neural.dec.DecLog;
import org.softcluster.neural.dec.DecModel;
import org.softcluster.neural.dec.DecTrainer;

import org.softcluster.neural.vade.VadeConfig;
import org.softcluster.neural.vade.VadePresets;
import org.softcluster.neural.vade.VadeModel;
import org.softcluster.neural.vade.VadeTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's training-level check: with the GC run before every backward pass (freeing every Java buffer
 * nothing references), short paper, strong and DEC trainings give byte-identical parameters, logs and
 * assignments to runs without it. Before the fix, a freed scalar turned gradients into garbage here.
 */
class GcPressureTrainingTest {
    static Dataset train;

    @BeforeAll
    static void load() {
        Dataset full = Mnist.load(Path.of("../testdata/mnist-subset")).train();
        // 640 images: enough batches for the fault to show, short enough for a GC before each backward
        int[] rows = new int[640];
        for (int i = 0; i < rows.length; i++) rows[i] = i;
        train = full.subset(rows);
    }

    @AfterEach
    void noHook() {
        Autograd.setBeforeBackward(null);
    }

    /** Parameters (bit patterns), log rows without their seconds, and the assignments of one run. */
    private record Outcome(Map<String, float[]> params, List<String> log, double[][] proba) { }

    private static Outcome twice(Supplier<Outcome> run) {
        Outcome calm = run.get();
        AtomicLong freed = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        Autograd.setBeforeBackward(() -> {
            calls.incrementAndGet();
            freed.addAndGet(GcPressure.freeDirectBuffers());
        });
        Outcome pressed = run.get();
        Autograd.setBeforeBackward(null);
        assertTrue(calls.get() > 20, "the hook ran before " + calls.get() + " backward passes");
        assertTrue(freed.get() > 0, "the GC freed direct buffers during training");
        assertEquals(calm.params().keySet(), pressed.params().keySet());
        for (String name : calm.params().keySet()) {
            assertArrayEquals(calm.params().get(name), pressed.params().get(name), 0f, name);
        }
        assertEquals(calm.log(), pressed.log());
        for (int i = 0; i < calm.proba().length; i++) assertArrayEquals(calm.proba()[i], pressed.proba()[i], 0.0);
        return pressed;
    }

    private static Outcome vade(VadeConfig c) {
        try (VadeModel m = new VadeTrainer(c).fit(train)) {
            List<String> log = new ArrayList<>();
            for (EpochLog l : m.trainLog()) log.add(l.toMap().entrySet().stream()
                    .filter(e -> !e.getKey().equals("seconds")).toList().toString());
            return new Outcome(m.network().params().snapshot(), log, m.predictProba(train));
        }
    }

    private static VadeConfig tiny(VadeConfig c) {
        return c.toBuilder().encoderDims(64, 64, 128).epochs(2).pretrainEpochs(1).kmeansInit(2).batchSize(64).build();
    }

    @Test
    void paperPresetIsUntouchedByGcPressure() {
        Outcome o = twice(() -> vade(tiny(VadePresets.paper())));
        assertTrue(o.log().size() >= 3);
    }

    @Test
    void strongPresetIsUntouchedByGcPressure() {
        // strong's parts (augmented squared-error pre-training, Bernoulli, β 1, lr decay, the branch stage),
        // with the GMM start instead of UMAP, whose maps are not bit-reproducible (docs/method.md)
        VadeConfig c = tiny(VadePresets.preset("strong")).toBuilder().init(VadeConfig.MixtureInit.GMM)
                .branchGradient(VadeConfig.BranchGradient.HEAD).branchEpochs(2).build();
        twice(() -> vade(c));
    }

    @Test
    void decIsUntouchedByGcPressure() {
        DecConfig c = DecConfig.builder().encoderDims(64, 64, 128).pretrainEpochs(1).maxEpochs(2)
                .kmeansInit(2).batchSize(64).updateInterval(5).tol(0).build();
        twice(() -> {
            try (DecModel m = new DecTrainer(c).fit(train)) {
                List<String> log = new ArrayList<>();
                for (DecLog l : m.trainLog()) log.add(l.toMap().entrySet().stream()
                        .filter(e -> !e.getKey().equals("seconds")).toList().toString());
                return new Outcome(m.network().params().snapshot(), log, m.predictProba(train));
            }
        });
    }
}
