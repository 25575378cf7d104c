package org.softcluster.data;

import java.util.SplittableRandom;

/**
 * Random small affine distortions of grey-scale images, for training autoencoders whose codes should
 * not depend on where a digit sits or how it leans: every image is rotated by an angle drawn uniformly
 * from [−maxDegrees, maxDegrees] about its centre and shifted by a uniform draw from
 * [−maxShift·size, maxShift·size] pixels in each direction (the augmentation of DEC-DA, Guo et al. 2018:
 * 10° and 10 %), sampled bilinearly with 0 outside the image.
 */
public final class ImageAugment {
    /** The distortion of DEC-DA: rotations up to 10 degrees, shifts up to 10 % of the size. */
    public static final double DEFAULT_DEGREES = 10.0;
    /** Largest shift as a fraction of the width (horizontal) and the height (vertical). */
    public static final double DEFAULT_SHIFT = 0.1;

    private final int height;
    private final int width;
    private final double maxRadians;
    private final double maxShift;

    /**
     * @param imageShape {height, width}
     * @param maxDegrees largest rotation in degrees (≥ 0)
     * @param maxShift largest shift as a fraction of the image size, in [0, 1)
     */
    public ImageAugment(int[] imageShape, double maxDegrees, double maxShift) {
        if (imageShape == null || imageShape.length != 2 || imageShape[0] < 1 || imageShape[1] < 1) {
            throw new IllegalArgumentException("augmentation needs images {height, width}");
        }
        if (!(maxDegrees >= 0 && maxDegrees <= 180) || !(maxShift >= 0 && maxShift < 1)) {
            throw new IllegalArgumentException("augmentation needs 0 <= degrees <= 180 and 0 <= shift < 1, got "
                    + maxDegrees + ", " + maxShift);
        }
        this.height = imageShape[0];
        this.width = imageShape[1];
        this.maxRadians = Math.toRadians(maxDegrees);
        this.maxShift = maxShift;
    }

    /** The default distortion ({@value #DEFAULT_DEGREES}°, {@value #DEFAULT_SHIFT} of the size). */
    public static ImageAugment standard(int[] imageShape) {
        return new ImageAugment(imageShape, DEFAULT_DEGREES, DEFAULT_SHIFT);
    }

    /**
     * Distorted copies of the rows {@code rows} of {@code features} (row-major, height·width values a row).
     *
     * @return rows.length·height·width values, the i-th image being a distortion of row rows[i]
     */
    public float[] apply(float[] features, int[] rows, SplittableRandom random) {
        int dim = height * width;
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            double angle = maxRadians == 0 ? 0 : (2 * random.nextDouble() - 1) * maxRadians;
            double dx = maxShift == 0 ? 0 : (2 * random.nextDouble() - 1) * maxShift * width;
            double dy = maxShift == 0 ? 0 : (2 * random.nextDouble() - 1) * maxShift * height;
            warp(features, rows[i] * dim, out, i * dim, angle, dx, dy);
        }
        return out;
    }

    /**
     * Writes the image at {@code src[from..]} rotated by {@code angle} (radians, counter-clockwise on
     * screen) about its centre and then moved by (dx, dy) pixels into {@code dst[to..]}.
     */
    void warp(float[] src, int from, float[] dst, int to, double angle, double dx, double dy) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                // inverse map: undo the shift, then the rotation (row axis points down)
                double u = c - dx - cx;
                double v = r - dy - cy;
                double sc = cos * u - sin * v + cx;
                double sr = sin * u + cos * v + cy;
                dst[to + r * width + c] = bilinear(src, from, sr, sc);
            }
        }
    }

    private float bilinear(float[] src, int from, double r, double c) {
        int r0 = (int) Math.floor(r);
        int c0 = (int) Math.floor(c);
        double fr = r - r0;
        double fc = c - c0;
        double v = (1 - fr) * ((1 - fc) * pixel(src, from, r0, c0) + fc * pixel(src, from, r0, c0 + 1))
                + fr * ((1 - fc) * pixel(src, from, r0 + 1, c0) + fc * pixel(src, from, r0 + 1, c0 + 1));
        return (float) v;
    }

    private float pixel(float[] src, int from, int r, int c) {
        return r < 0 || r >= height || c < 0 || c >= width ? 0f : src[from + r * width + c];
    }
}
