package org.softcluster.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;

/**
 * The one place where tensors meet Java memory: scalar arithmetic and tensors made from or written with
 * Java arrays, all in storage that libtorch owns.
 *
 * <p>Why (docs/robustness.md, "Native memory lifetimes"): on DJL 0.36's PyTorch engine a tensor made from
 * a Java array ({@code manager.create(float[])}, and the 0-d tensor that {@code x.mul(0.5f)} makes for its
 * number) is a view of a Java direct buffer that lives only as long as its Java wrapper. {@code mul(Number)}
 * closes that wrapper at once, but autograd keeps the scalar for the backward pass (the gradient of x·c is
 * c), so backward may read memory the GC has freed: a silently wrong gradient, sometimes Inf.
 * {@code set(float[])} re-points a tensor's storage at a new Java buffer in the same way. Here scalars
 * come from {@code torch::full}, Java arrays are copied into libtorch-owned storage, and writes copy into
 * a tensor's own storage ({@code index_put_}). Values are bit-identical to the number forms (a float32
 * 0-d tensor either way). ScalarLifetimeTest and NativeMemoryGuardTest keep it so.
 */
public final class Tensors {
    /** The whole tensor as an index (its first axis in full; the rest follow). */
    private static final NDIndex ALL = new NDIndex(":");

    private Tensors() { }

    /** A 0-d tensor of {@code value} in {@code like}'s data type, on its manager, in libtorch-owned storage. */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /** {@code op(x, c)} with c as a 0-d libtorch-owned tensor (autograd keeps its own reference to it). */
    private static NDArray withScalar(NDArray x, float c, java.util.function.BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(x, c)) {
            return op.apply(x, s);
        }
    }

    /** x · c. */
    public static NDArray mul(NDArray x, float c) {
        return withScalar(x, c, NDArray::mul);
    }

    /** x / c. */
    public static NDArray div(NDArray x, float c) {
        return withScalar(x, c, NDArray::div);
    }

    /** x + c. */
    public static NDArray add(NDArray x, float c) {
        return withScalar(x, c, NDArray::add);
    }

    /** x − c. */
    public static NDArray sub(NDArray x, float c) {
        return withScalar(x, c, NDArray::sub);
    }

    /** x^c. */
    public static NDArray pow(NDArray x, float c) {
        return withScalar(x, c, NDArray::pow);
    }

    /** max(x, c) element-wise. */
    public static NDArray maximum(NDArray x, float c) {
        return withScalar(x, c, NDArray::maximum);
    }

    /** x ← x · c in place; returns x. */
    public static NDArray muli(NDArray x, float c) {
        return withScalar(x, c, NDArray::muli);
    }

    /** x ← x + c in place; returns x. */
    public static NDArray addi(NDArray x, float c) {
        return withScalar(x, c, NDArray::addi);
    }

    /** x ← x − c in place; returns x. */
    public static NDArray subi(NDArray x, float c) {
        return withScalar(x, c, NDArray::subi);
    }

    /** x ← x^c in place; returns x. */
    public static NDArray powi(NDArray x, float c) {
        return withScalar(x, c, NDArray::powi);
    }

    /** A float32 tensor of {@code shape} holding a copy of {@code values}, in libtorch-owned storage. */
    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray view = manager.create(values, shape)) {
            return view.duplicate();
        }
    }

    /** A float32 tensor of {@code shape} holding a copy of {@code values} from {@code offset} on (as many as the shape holds), in libtorch-owned storage. */
    public static NDArray of(NDManager manager, float[] values, int offset, Shape shape) {
        try (NDArray view = manager.create(FloatBuffer.wrap(values, offset, (int) shape.size()), shape)) {
            return view.duplicate();
        }
    }

    /** An int64 vector holding a copy of {@code values}, in libtorch-owned storage. */
    public static NDArray of(NDManager manager, long[] values) {
        try (NDArray view = manager.create(values)) {
            return view.duplicate();
        }
    }

    /** A libtorch-owned copy of {@code array} on its manager, and {@code array} closed (e.g. tensors decoded from a file). */
    public static NDArray owned(NDArray array) {
        NDArray copy = array.duplicate();
        copy.setName(array.getName());
        array.close();
        return copy;
    }

    /**
     * Copies {@code values} into {@code target}'s own storage (row-major, same size), so that the storage
     * stays libtorch's; never {@code target.set(float[])}, which swaps it for a Java buffer. Call it outside
     * a gradient collector.
     */
    public static void assign(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException("cannot write " + values.length + " values into a tensor of shape " + target.getShape());
        }
        if (target.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("cannot write float values into a " + target.getDataType() + " tensor");
        }
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(ALL, source);
        }
    }
}
