package org.softcluster.neural.vade;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.softcluster.data.Dataset;
import org.softcluster.metrics.ReferenceCodes;
import org.softcluster.neural.Batches;
import org.softcluster.neural.ModelFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The reference codes a trained model keeps ({@link ReferenceCodes}): how they are drawn — the codes μ and clusters
 * argmax γ of a seeded sample of at most {@value #MAX} training rows, encoded by the final network — and how they are
 * stored beside the weights, in {@value #FILE} of the model directory ({@code codes}, float32 N×d; {@code clusters},
 * int32 N). A model directory without the file (written before models kept references) loads without them.
 */
final class References {
    /** File name of the reference codes inside a model directory. */
    static final String FILE = "references.npz";
    /** Most training rows kept as references (a seeded sample beyond it). */
    static final int MAX = 20_000;

    private References() { }

    /** Encodes the seeded sample of the training rows {@code xTrain} (all of them up to {@value #MAX}) with the network. */
    static ReferenceCodes sample(VadeNetwork net, NDArray xTrain) {
        int[] order = Dataset.permutation((int) xTrain.getShape().get(0), net.config().seed() * 31 + 19);
        VadeNetwork.Inference ref;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            ref = net.infer(Batches.rows(xTrain, order, 0, MAX), 2048, false, 0);
        }
        return new ReferenceCodes(ref.d(), ref.mu(), ref.clusters());
    }

    /** Writes the references into {@code dir} atomically, or removes a stale file when there are none. */
    static void write(Path dir, ReferenceCodes refs) throws IOException {
        Path target = dir.resolve(FILE);
        if (refs == null) {
            Files.deleteIfExists(target);
            return;
        }
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray codes = m.create(refs.codes(), new Shape(refs.size(), refs.dim()));
            codes.setName("codes");
            NDArray clusters = m.create(refs.clusters());
            clusters.setName("clusters");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                new NDList(codes, clusters).encode(out, NDList.Encoding.NPZ);
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads the references of a model directory whose codes have dimension {@code d} and clusters are below {@code k};
     * null when the directory has none.
     *
     * @throws IOException with a one-line message when the file is unreadable or does not fit the model
     */
    static ReferenceCodes read(Path dir, int d, int k) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return null;
        try (NDManager m = NDManager.newBaseManager(); InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list = NDList.decode(m, in);
            NDArray codes = find(list, "codes");
            NDArray clusters = find(list, "clusters");
            if (codes == null || clusters == null) throw new IOException(file + ": expected arrays 'codes' and 'clusters'");
            Shape shape = codes.getShape();
            if (shape.dimension() != 2 || shape.get(1) != d || clusters.getShape().dimension() != 1
                    || clusters.getShape().get(0) != shape.get(0) || clusters.getDataType() != DataType.INT32) {
                throw new IOException(file + ": codes of shape " + shape + " and clusters of shape " + clusters.getShape()
                        + " do not fit a model with codes of dimension " + d);
            }
            int[] c = clusters.toIntArray();
            for (int v : c) if (v >= k) throw new IOException(file + ": cluster " + v + " of a model with K = " + k);
            return new ReferenceCodes(d, codes.toFloatArray(), c);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
            throw new IOException(file + ": unreadable reference codes (" + ModelFiles.firstLine(e.getMessage()) + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": unreadable reference codes (" + ModelFiles.firstLine(e.getMessage()) + ")", e);
        }
    }

    private static NDArray find(NDList list, String name) {
        for (NDArray a : list) {
            String n = a.getName();
            if (name.equals(n) || (name + ".npy").equals(n)) return a;
        }
        return null;
    }
}
