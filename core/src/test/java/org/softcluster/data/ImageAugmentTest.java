package org.softcluster.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageAugmentTest {

    /** A 5×7 image with a distinct value per pixel (1 .. 35). */
    private static float[] ramp(int h, int w) {
        float[] x = new float[h * w];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return x;
    }

    @Test
    void anIntegerShiftMovesEveryPixelAndFillsWithZero() {
        int h = 5, w = 7;
        ImageAugment a = new ImageAugment(new int[] {h, w}, 0, 0.5);
        float[] src = ramp(h, w);
        float[] out = new float[h * w];
        a.warp(src, 0, out, 0, 0, 2, -1);   // two pixels right, one up
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int sr = r + 1, sc = c - 2;
                float want = sr < h && sc >= 0 ? src[sr * w + sc] : 0f;
                assertEquals(want, out[r * w + c], 1e-6, "pixel " + r + "," + c);
            }
        }
    }

    @Test
    void aQuarterTurnOfASquareImageIsAnExactPermutation() {
        int n = 5;
        ImageAugment a = new ImageAugment(new int[] {n, n}, 90, 0);
        float[] src = ramp(n, n);
        float[] out = new float[n * n];
        a.warp(src, 0, out, 0, Math.PI / 2, 0, 0);
        float[] sorted = out.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(ramp(n, n), sorted, 1e-4f);   // every value once: nothing interpolated, nothing lost
        // the centre stays, and the four corners go round
        assertEquals(src[2 * n + 2], out[2 * n + 2], 1e-4);
        float[] corners = {src[0], src[n - 1], src[n * n - 1], src[n * (n - 1)]};
        float[] after = {out[0], out[n - 1], out[n * n - 1], out[n * (n - 1)]};
        java.util.Arrays.sort(corners);
        java.util.Arrays.sort(after);
        assertArrayEquals(corners, after, 1e-4f);
        assertFalse(java.util.Arrays.equals(src, out));
    }

    @Test
    void noDistortionGivesTheImagesBack() {
        float[] src = ramp(4, 4);
        float[] two = new float[32];
        System.arraycopy(src, 0, two, 0, 16);
        for (int i = 0; i < 16; i++) two[16 + i] = -src[i];
        float[] out = new ImageAugment(new int[] {4, 4}, 0, 0).apply(two, new int[] {1, 0}, new SplittableRandom(1));
        for (int i = 0; i < 16; i++) {
            assertEquals(-src[i], out[i], 1e-6);
            assertEquals(src[i], out[16 + i], 1e-6);
        }
    }

    @Test
    void drawsAreReproducibleAndKeepACentredDigitsInk() {
        // a blob in the middle of a 28×28 image keeps its ink under 10° and 10 % (it stays inside)
        int n = 28;
        float[] img = new float[n * n];
        for (int r = 10; r < 18; r++) for (int c = 11; c < 17; c++) img[r * n + c] = 1f;
        ImageAugment a = ImageAugment.standard(new int[] {n, n});
        float[] x = a.apply(img, new int[] {0, 0, 0}, new SplittableRandom(7));
        float[] y = a.apply(img, new int[] {0, 0, 0}, new SplittableRandom(7));
        assertArrayEquals(x, y);
        for (int i = 0; i < 3; i++) {
            double ink = 0;
            for (int j = 0; j < n * n; j++) ink += x[i * n * n + j];
            assertEquals(48.0, ink, 1.0, "ink of copy " + i);
        }
        boolean differ = false;
        for (int j = 0; j < n * n; j++) differ |= x[j] != x[n * n + j];
        assertTrue(differ, "two draws of the same image differ");
    }

    @Test
    void refusesWhatIsNotAnImageOrAWildDistortion() {
        assertThrows(IllegalArgumentException.class, () -> ImageAugment.standard(null));
        assertThrows(IllegalArgumentException.class, () -> new ImageAugment(new int[] {28, 28}, -1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ImageAugment(new int[] {28, 28}, 10, 1.0));
    }
}
