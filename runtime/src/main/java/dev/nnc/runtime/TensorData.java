package dev.nnc.runtime;

import java.util.Arrays;

/**
 * A tensor's dtype, shape and values, in row-major order: what a weights file holds for each
 * name. A scalar has shape {@code []} and one value; a tensor with a zero dimension has none.
 *
 * <p>Immutable by contract, not by copy: the values array is shared with the caller, neither
 * copied in nor out, because a model's parameters can be hundreds of megabytes and a
 * checkpoint every epoch should not double them. Whoever builds a {@code TensorData} must not
 * change the array while it is in use (for example while {@link SafeTensors#write} runs), and
 * whoever reads one must not change what {@link #floats()} and the others return. The shape
 * is small, so it is copied.
 */
public final class TensorData {
    /** The largest array the JDK reliably allocates (a few words below Integer.MAX_VALUE). */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final int[] shape;
    private final Object values; // float[], double[] or int[], as dtype says
    private final int size;

    private TensorData(DType dtype, int[] shape, Object values, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.values = values;
        this.size = length;
        long expected = elementCount(this.shape);
        if (expected != length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(this.shape) + " holds " + expected
                            + " values, but " + length + " were given");
        }
    }

    public static TensorData f32(float[] values, int... shape) {
        return new TensorData(DType.F32, shape, values, values.length);
    }

    public static TensorData f64(double[] values, int... shape) {
        return new TensorData(DType.F64, shape, values, values.length);
    }

    public static TensorData i32(int[] values, int... shape) {
        return new TensorData(DType.I32, shape, values, values.length);
    }

    /** The product of the dimensions (1 for a scalar); rejects negative dimensions. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            // Cannot overflow: once n passes MAX_ELEMENTS the length check fails anyway.
            n = Math.min(n * d, (long) MAX_ELEMENTS + 1);
        }
        return n;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of values. */
    public int size() {
        return size;
    }

    /** Size of the values in a file: {@code size() * dtype().byteSize()}. */
    public long byteSize() {
        return (long) size() * dtype.byteSize();
    }

    /** The values of an F32 tensor (the shared array, see the class comment). */
    public float[] floats() {
        return (float[]) as(DType.F32);
    }

    /** The values of an F64 tensor (the shared array, see the class comment). */
    public double[] doubles() {
        return (double[]) as(DType.F64);
    }

    /** The values of an I32 tensor (the shared array, see the class comment). */
    public int[] ints() {
        return (int[]) as(DType.I32);
    }

    private Object as(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("tensor is " + dtype + ", not " + wanted);
        }
        return values;
    }

    /**
     * Same dtype, shape and values. Floats compare as {@link Arrays#equals(float[], float[])}
     * does, through {@code floatToIntBits}: NaN equals NaN and 0.0 differs from -0.0.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TensorData)) {
            return false;
        }
        TensorData t = (TensorData) o;
        if (dtype != t.dtype || !Arrays.equals(shape, t.shape)) {
            return false;
        }
        switch (dtype) {
            case F32:
                return Arrays.equals((float[]) values, (float[]) t.values);
            case F64:
                return Arrays.equals((double[]) values, (double[]) t.values);
            default:
                return Arrays.equals((int[]) values, (int[]) t.values);
        }
    }

    @Override
    public int hashCode() {
        int h = 31 * dtype.hashCode() + Arrays.hashCode(shape);
        switch (dtype) {
            case F32:
                return 31 * h + Arrays.hashCode((float[]) values);
            case F64:
                return 31 * h + Arrays.hashCode((double[]) values);
            default:
                return 31 * h + Arrays.hashCode((int[]) values);
        }
    }

    /** Dtype and shape, as {@code F32[2, 3]}; never the values, which may be millions. */
    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
