package org.softcluster.neural.vade;

import org.junit.jupiter.api.Test;
import org.softcluster.data.Dataset;
import org.softcluster.data.Scaler;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of the {@code auto} preset (docs/method.md "The auto preset"): the settings chosen for given shapes. */
class AutoPresetTest {

    private static VadeConfig derive(int n, int dim, boolean image, boolean unit, int k) {
        return AutoPreset.derive(new AutoPreset.Shape(n, dim, image, unit, k), 7).config();
    }

    @Test
    void mnistShapedImagesGetStrongsRecipeWithReinitialisationAndSoftnessAuto() {
        AutoPreset.Derived d = AutoPreset.derive(new AutoPreset.Shape(60_000, 784, true, true, 10), 7);
        assertEquals(VadePresets.strong().toBuilder().seed(7).attempts(AutoPreset.ATTEMPTS).softness(Softness.AUTO).build(), d.config());
        assertEquals(Softness.AUTO, derive(150, 4, false, false, 3).branch().softness(), "tables too");
        assertEquals(Softness.FIXED, VadePresets.strong().branch().softness(), "the named presets keep γ as trained");
        assertEquals(Softness.FIXED, VadePresets.paper().branch().softness());
        assertEquals(Scaler.Method.NONE, d.scaling());
        assertTrue(d.shape().imageRecipe());
    }

    @Test
    void imageStagesAreStepsSoAHalfSizedSetRunsTwiceTheEpochs() {
        VadeConfig c = derive(30_000, 784, true, true, 10);
        assertEquals(100, c.pretraining().epochs());   // 27 000 training images, 106 batches of 256: 10 550 steps
        assertEquals(80, c.main().epochs());
        assertEquals(40, c.branch().epochs());
    }

    @Test
    void imagesOutsideTheUnitRangeAreStandardisedWithAGaussianDecoder() {
        AutoPreset.Derived d = AutoPreset.derive(new AutoPreset.Shape(60_000, 784, true, false, 10), 0);
        assertEquals(VadeConfig.Likelihood.GAUSSIAN, d.config().network().likelihood());
        assertEquals(VadeConfig.VarianceMode.PER_FEATURE, d.config().network().variance());
        assertEquals(Scaler.Method.STANDARDIZE, d.scaling());
    }

    @Test
    void aSmallImageSetGetsTheTableRecipe() {
        AutoPreset.Derived d = AutoPreset.derive(new AutoPreset.Shape(1_797, 64, true, false, 10), 0);
        assertFalse(d.shape().imageRecipe());
        assertEquals(VadeConfig.Augment.NONE, d.config().training().augment());
        assertArrayEquals(new int[] {512, 512}, d.config().network().encoderDims());
    }

    @Test
    void wineShapedTableGetsASmallNetworkAndManyEpochs() {
        VadeConfig c = derive(178, 13, false, false, 3);
        assertArrayEquals(new int[] {128, 128}, c.network().encoderDims());
        assertEquals(10, c.network().latentDim());
        assertEquals(16, c.training().batchSize());            // 160 training rows / 10 -> 16
        assertEquals(400, c.pretraining().epochs());             // 4 000 steps at 10 per epoch
        assertEquals(300, c.main().epochs());
        assertEquals(100, c.branch().epochs());
        assertEquals(VadeConfig.Likelihood.GAUSSIAN, c.network().likelihood());
        assertEquals(VadeConfig.VarianceMode.PER_FEATURE, c.network().variance());
        assertEquals(1.0, c.loss().beta());
        assertEquals(VadeConfig.Selection.LAST, c.main().selection());        // 18 validation rows choose no epoch
        assertEquals(AutoPreset.ATTEMPTS, c.mixture().attempts());
        assertEquals(VadeConfig.BranchGradient.HEAD, c.branch().gradient());
        assertEquals(VadeConfig.MixtureInit.INPUT, c.mixture().init());        // k-means on the features, moments in code space
        assertEquals(VadeConfig.PretrainLoss.MSE, c.pretraining().loss());    // 13 features, 10 codes: nothing to anchor to
        assertEquals(40, c.pretraining().patience());                          // a tenth of 400 epochs
        assertEquals(0.01, c.network().varianceFloor());
    }

    @Test
    void aTableWithNoMoreFeaturesThanCodesKeepsItsCodesOnTheFeaturesAndStartsFromAGmm() {
        for (int dim : new int[] {2, 4, 9, 10}) {
            VadeConfig c = derive(150, dim, false, false, 3);
            assertEquals(dim, c.network().latentDim());
            assertEquals(VadeConfig.PretrainLoss.ANCHORED, c.pretraining().loss(), "features " + dim);
            assertEquals(VadeConfig.MixtureInit.GMM, c.mixture().init(), "features " + dim);
            assertEquals(VadeConfig.Selection.LAST, c.main().selection());
        }
        VadeConfig asked = AutoPreset.derive(new AutoPreset.Shape(150, 4, false, false, 3), 7, 2).config();   // --latent 2
        assertEquals(2, asked.network().latentDim());
        assertEquals(VadeConfig.PretrainLoss.MSE, asked.pretraining().loss(), "2 codes for 4 features: no copy to keep");
        assertEquals(VadeConfig.MixtureInit.INPUT, asked.mixture().init());
        assertEquals(derive(150, 4, false, false, 3), AutoPreset.derive(new AutoPreset.Shape(150, 4, false, false, 3), 7, 4).config());
        VadeConfig one = derive(1500, 1, false, false, 3);     // 2 codes for 1 feature: no copy to keep
        assertEquals(VadeConfig.PretrainLoss.MSE, one.pretraining().loss());
        assertEquals(VadeConfig.MixtureInit.INPUT, one.mixture().init());
        VadeConfig small = derive(1000, 64, true, true, 10);   // a small image set: table rules, 64 features > 10 codes
        assertEquals(VadeConfig.PretrainLoss.MSE, small.pretraining().loss());
        assertEquals(VadeConfig.Selection.LAST, small.main().selection());
        assertEquals(VadeConfig.Selection.LOSS, derive(60_000, 784, true, true, 10).main().selection());
    }

    @Test
    void theImageRecipeKeepsStrongsPretrainingAndVariance() {
        VadeConfig c = derive(60_000, 784, true, true, 10);
        assertEquals(0, c.pretraining().patience());
        assertEquals(0.0, c.network().varianceFloor());
        assertEquals(10, derive(100_000, 20, false, false, 5).pretraining().patience());   // 12 epochs: never below 10
    }

    @Test
    void widthAndLatentFollowTheFeatureCountWithinBounds() {
        assertArrayEquals(new int[] {64, 64}, derive(150, 4, false, false, 3).network().encoderDims());
        assertEquals(4, derive(150, 4, false, false, 3).network().latentDim());
        assertEquals(2, derive(1500, 1, false, false, 3).network().latentDim());
        assertArrayEquals(new int[] {512, 512}, derive(2000, 55, false, false, 4).network().encoderDims());
        assertEquals(10, derive(2000, 55, false, false, 4).network().latentDim());
        assertEquals(256, derive(100_000, 20, false, false, 5).training().batchSize());
        assertEquals(16, derive(50, 3, false, false, 2).training().batchSize());
    }

    @Test
    void aLargeTableGetsAtLeastOneEpochPerStage() {
        VadeConfig c = derive(5_000_000, 20, false, false, 5);
        assertEquals(1, c.pretraining().epochs());
        assertEquals(1, c.main().epochs());
        assertEquals(1, c.branch().epochs());
    }

    @Test
    void labelsPlayNoPartAndTheShapeIsReadFromTheData() {
        float[] x = new float[60];
        for (int i = 0; i < x.length; i++) x[i] = (i % 7) / 7f;
        Dataset plain = Dataset.of("t", x, 20, 3);
        int[] labels = new int[20];
        Arrays.fill(labels, 10, 20, 1);
        Dataset labelled = new Dataset("t", x, 20, 3, labels, null, null);
        AutoPreset.Shape s = AutoPreset.Shape.of(labelled, 2);
        assertEquals(new AutoPreset.Shape(20, 3, false, true, 2), s);
        assertEquals(AutoPreset.derive(AutoPreset.Shape.of(plain, 2), 1).config(), AutoPreset.derive(s, 1).config());
        assertEquals(Scaler.Method.STANDARDIZE, AutoPreset.scaling(s));   // a table in [0,1] is still standardised
    }

    @Test
    void everyChoiceIsExplainedAndPrintable() {
        AutoPreset.Derived d = AutoPreset.derive(new AutoPreset.Shape(178, 13, false, false, 3), 0);
        for (String s : new String[] {"scale", "network", "likelihood", "batch-size", "stages", "pretrain-patience", "lr", "init", "selection", "attempts"}) {
            assertTrue(d.choices().stream().anyMatch(c -> c.setting().equals(s) && !c.rule().isBlank()), s);
        }
        assertEquals(d.choices().size() + 1, d.lines().size());
        assertEquals("table", d.toMap().get("regime"));
    }
}
