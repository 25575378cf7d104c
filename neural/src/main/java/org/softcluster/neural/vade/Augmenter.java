package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.data.ImageAugment;
import org.softcluster.neural.Batches;
import org.softcluster.neural.Tensors;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/** Training batches, distorted in the stages that {@link VadeConfig.Training#augment()} names ({@code images} null: none). */
record Augmenter(ImageAugment images, float[] features, int dim) {

    /** The augmenter of a training set under a configuration; augmentation of data that are not images is refused. */
    static Augmenter of(VadeConfig config, Dataset train) {
        VadeConfig.Augment a = config.training().augment();
        if (a == VadeConfig.Augment.NONE) return new Augmenter(null, null, 0);
        if (!train.isImage()) {
            throw new IllegalArgumentException("augmentation '" + a.name().toLowerCase(Locale.ROOT)
                    + "' distorts images; " + train.name() + " is not image data (set augmentation to NONE)");
        }
        return new Augmenter(ImageAugment.standard(train.imageShape()), train.features(), train.dim());
    }

    /**
     * Rows perm[b·size .. (b+1)·size) of the training data x: fresh distortions of them when {@code distort}
     * (and augmentation is on), else gathered from x.
     */
    NDArray rows(boolean distort, NDArray x, int[] perm, int b, int size, SplittableRandom random) {
        if (!distort || images == null) return Batches.rows(x, perm, b, size);
        int[] rows = Arrays.copyOfRange(perm, b * size, Math.min(perm.length, (b + 1) * size));
        return Tensors.of(x.getManager(), images.apply(features, rows, random), new Shape(rows.length, dim));
    }
}
