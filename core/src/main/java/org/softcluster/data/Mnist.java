package org.softcluster.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an MNIST directory holding the four original IDX files (raw or gzip'd, with the
 * original names) into labelled training and test datasets of 28×28 images scaled to [0, 1].
 */
public final class Mnist {

    /** Base name of the training images file. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Base name of the training labels file. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Base name of the test images file. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Base name of the test labels file. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names, training files first. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private Mnist() { }

    /** Whether the directory holds all four MNIST files, raw or gzip'd. */
    public static boolean isMnistDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        for (String base : FILES) {
            if (find(dir, base) == null) return false;
        }
        return true;
    }

    /** Loads both splits: train = the 60000-image training file, test = the t10k file. */
    public static DataLoader.Loaded load(Path dir) {
        checkDirectory(dir);
        return new DataLoader.Loaded(loadTrain(dir), loadTest(dir), null);
    }

    /** Loads the training split as the dataset "mnist/train". */
    public static Dataset loadTrain(Path dir) {
        return loadSplit(dir, TRAIN_IMAGES, TRAIN_LABELS, "mnist/train");
    }

    /** Loads the test split as the dataset "mnist/test". */
    public static Dataset loadTest(Path dir) {
        return loadSplit(dir, TEST_IMAGES, TEST_LABELS, "mnist/test");
    }

    /** The existing file for a base name: the raw file if present, else its .gz version. */
    public static Path locate(Path dir, String baseName) {
        checkIsDirectory(dir);
        Path p = find(dir, baseName);
        if (p == null) {
            throw new DataException(dir + ": not an MNIST directory: missing " + baseName + " (or " + baseName + ".gz)");
        }
        return p;
    }

    private static Dataset loadSplit(Path dir, String imagesBase, String labelsBase, String name) {
        Path imagesFile = locate(dir, imagesBase);
        Path labelsFile = locate(dir, labelsBase);
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new DataException(name + ": " + DataFiles.name(imagesFile) + " has " + images.count()
                    + " images but " + DataFiles.name(labelsFile) + " has " + labels.length + " labels");
        }
        if (images.pixelsPerImage() == 0) {
            throw new DataException(DataFiles.name(imagesFile) + ": images have size " + images.rows() + "x"
                    + images.cols());
        }
        return new Dataset(name, images.pixels(), images.count(), images.pixelsPerImage(), labels, null,
                new int[] {images.rows(), images.cols()});
    }

    private static void checkIsDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new DataException(dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a directory (expected the MNIST directory)");
        }
    }

    // Listing every missing file at once saves the user a round trip per file.
    private static void checkDirectory(Path dir) {
        checkIsDirectory(dir);
        List<String> missing = new ArrayList<>();
        for (String base : FILES) {
            if (find(dir, base) == null) missing.add(base);
        }
        if (!missing.isEmpty()) {
            throw new DataException(dir + ": not an MNIST directory: missing " + String.join(", ", missing)
                    + " (raw or .gz)");
        }
    }

    private static Path find(Path dir, String baseName) {
        // Prefer the raw file: it reads faster and is what MnistFetcher writes.
        Path raw = dir.resolve(baseName);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = dir.resolve(baseName + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }
}
