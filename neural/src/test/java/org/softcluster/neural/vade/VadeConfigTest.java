package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grouped settings, their builder and presets. */
class VadeConfigTest {

    @Test
    void theBuilderChangesOnlyTheSettingsGiven() {
        VadeConfig strong = VadePresets.strong();
        assertEquals(strong, strong.toBuilder().build());
        assertEquals(VadePresets.paper(), VadeConfig.builder().build());
        VadeConfig c = strong.toBuilder().lr(5e-3).pretrainLr(2e-3).epochs(3).pretrainEpochs(4).branchEpochs(5).build();
        assertEquals(5e-3, c.main().lr());
        assertEquals(2e-3, c.pretraining().lr());
        assertEquals(3, c.main().epochs());
        assertEquals(4, c.pretraining().epochs());
        assertEquals(5, c.branch().epochs());
        assertEquals(strong.network(), c.network());
        assertEquals(strong.loss(), c.loss());
        assertEquals(strong.mixture(), c.mixture());
        assertNotEquals(strong, c);
    }

    @Test
    void theStrongPresetDiffersFromThePapersWhereItSays() {
        VadeConfig s = VadePresets.strong();
        assertEquals(new VadeConfig.Pretraining(VadePresets.STRONG_PRETRAIN, 1e-3, VadeConfig.PretrainLoss.MSE, 0), s.pretraining());
        assertEquals(new VadeConfig.Main(VadePresets.STRONG_EPOCHS, 2e-3, 0.95, 0, VadeConfig.Selection.LOSS), s.main());
        assertEquals(new VadeConfig.Branch(VadeConfig.BranchGradient.HEAD, 0, VadePresets.STRONG_BRANCH_EPOCHS, Softness.FIXED, 1.0), s.branch());
        assertEquals(new VadeConfig.Mixture(VadeConfig.MixtureInit.UMAP, 1.0, 1e-3, 10, VadePresets.STRONG_INIT_MAPS), s.mixture());
        assertEquals(new VadeConfig.Training(256, 5.0, 0.1, VadeConfig.Augment.PRETRAIN), s.training());
        assertEquals(1.0, s.loss().beta());
        assertEquals(VadeConfig.Likelihood.BERNOULLI, s.network().likelihood());
        assertEquals(VadePresets.paper().network().temperature(), s.network().temperature());
        assertEquals(VadePresets.strong(), VadePresets.preset(" Strong "));
        assertThrows(IllegalArgumentException.class, () -> VadePresets.preset("weak"));
    }

    @Test
    void plainVadeDropsTheEntropyWeight() {
        VadeConfig v = VadeConfig.builder().method(VadeConfig.Method.VADE).build();
        assertEquals(0.0, v.loss().eta());
        Exception e = assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().method(VadeConfig.Method.VADE).eta(0.1).build());
        assertEquals("plain VaDE has no entropy term: eta must be 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().method(VadeConfig.Method.VADE).targetEntropy(0.5).build());
        assertEquals("plain VaDE has no entropy term: no target entropy", e.getMessage());
    }

    @Test
    void eachConcernValidatesItsOwnSettingsAndTheConfigTiesThem() {
        assertEquals("temperature T must be > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().temperature(0).build()).getMessage());
        assertEquals("batch size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().batchSize(0).build()).getMessage());
        assertEquals("k-means restarts must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().kmeansInit(0).build()).getMessage());
        assertEquals("learning-rate decay must be in (0,1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().lrDecay(1.5).build()).getMessage());
        assertEquals("k must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().k(0).build()).getMessage());
        String lnK = assertThrows(IllegalArgumentException.class, () -> VadeConfig.builder().k(3).targetEntropy(1.5).build()).getMessage();
        assertTrue(lnK.startsWith("target entropy 1.5 exceeds ln K"), lnK);
        assertThrows(NullPointerException.class, () -> VadeConfig.builder().coupling(null));
    }

    @Test
    void theEncoderWidthsAreCopied() {
        int[] dims = {8, 4};
        VadeConfigBuilder b = VadeConfig.builder().encoderDims(dims);
        dims[0] = 99;
        VadeConfig c = b.build();
        assertArrayEquals(new int[] {8, 4}, c.network().encoderDims());
        c.network().encoderDims()[1] = 99;
        assertArrayEquals(new int[] {8, 4}, c.network().encoderDims());
        assertEquals(c, VadeConfig.builder().encoderDims(8, 4).build());
        assertEquals(c.hashCode(), VadeConfig.builder().encoderDims(8, 4).build().hashCode());
    }
}
