package org.softcluster.neural.dec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the defaults, the copies and the validation of {@link DecConfig}. */
class DecConfigTest {

    @Test
    void standardPresetHoldsTheDocumentedDefaults() {
        DecConfig c = DecConfig.standard();
        assertEquals(10, c.k());
        assertEquals(10, c.latentDim());
        assertArrayEquals(new int[] {500, 500, 2000}, c.encoderDims());
        assertEquals(50, c.pretrainEpochs());
        assertEquals(1e-3, c.pretrainLr());
        assertEquals(1e-4, c.lr());
        assertEquals(256, c.batchSize());
        assertEquals(1.0, c.alpha());
        assertEquals(140, c.updateInterval());
        assertEquals(0.001, c.tol());
        assertEquals(20, c.maxEpochs());
        assertEquals(10, c.kmeansInit());
        assertEquals(5.0, c.clipNorm());
        assertEquals(0.1, c.validationFraction());
        assertEquals(c, DecConfig.preset("Standard"));
    }

    @Test
    void copiesChangeOneFieldAndCompareByValue() {
        DecConfig c = DecConfig.standard();
        assertEquals(c, c.withEncoderDims(new int[] {500, 500, 2000}));
        assertNotEquals(c, c.withAlpha(2));
        assertEquals(2.0, c.withAlpha(2).alpha());
        assertEquals(7, c.withSeed(7).seed());
        assertEquals(c.withSeed(7).hashCode(), c.withSeed(7).hashCode());
        int[] dims = {8, 4};
        DecConfig d = c.withEncoderDims(dims);
        dims[0] = 99;
        assertArrayEquals(new int[] {8, 4}, d.encoderDims(), "the record keeps its own copy");
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldName() {
        DecConfig c = DecConfig.standard();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withAlpha(0)).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withTol(1.5)).getMessage().contains("tol"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withUpdateInterval(0)).getMessage().contains("update interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.withK(0)).getMessage().contains("k"));
        assertThrows(IllegalArgumentException.class, () -> c.withEncoderDims(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> c.withValidationFraction(1.0));
        assertThrows(IllegalArgumentException.class, () -> c.withLr(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DecConfig.preset("paper"));
    }
}
