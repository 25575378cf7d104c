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
        assertEquals(c, c.toBuilder().encoderDims(500, 500, 2000).build());
        assertNotEquals(c, c.toBuilder().alpha(2).build());
        assertEquals(2.0, c.toBuilder().alpha(2).build().alpha());
        assertEquals(7, c.toBuilder().seed(7).build().seed());
        assertEquals(c.toBuilder().seed(7).build().hashCode(), c.toBuilder().seed(7).build().hashCode());
        int[] dims = {8, 4};
        DecConfig d = c.toBuilder().encoderDims(dims).build();
        dims[0] = 99;
        assertArrayEquals(new int[] {8, 4}, d.encoderDims(), "the record keeps its own copy");
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldName() {
        DecConfig c = DecConfig.standard();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.toBuilder().alpha(0).build()).getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.toBuilder().tol(1.5).build()).getMessage().contains("tol"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.toBuilder().updateInterval(0).build()).getMessage().contains("update interval"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.toBuilder().k(0).build()).getMessage().contains("k"));
        assertThrows(IllegalArgumentException.class, () -> c.toBuilder().encoderDims(new int[0]).build());
        assertThrows(IllegalArgumentException.class, () -> c.toBuilder().validationFraction(1.0).build());
        assertThrows(IllegalArgumentException.class, () -> c.toBuilder().lr(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> DecConfig.preset("paper"));
    }
}
