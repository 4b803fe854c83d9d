package dev.nnc.runtime;

/**
 * A handle on one tensor of a compiled model, at the model's current symbol sizes. It reads
 * and writes the model's own array, so nothing is copied that need not be and nothing is
 * allocated except by the methods that say they return a new array.
 */
public interface TensorView {

    TensorSpec spec();

    default String name() {
        return spec().name();
    }

    default DType dtype() {
        return spec().dtype();
    }

    int rank();

    /** The size of axis {@code axis} at the current symbol sizes. */
    int dim(int axis);

    /** The current shape (a new array). */
    int[] shape();

    /** The number of elements at the current symbol sizes. */
    int size();

    /** Element {@code i} in row-major order, as a double. */
    double get(int i);

    /** Sets element {@code i} (rounded to float for f32, checked to be whole for int). */
    void set(int i, double value);

    /**
     * Copies {@code size()} values from {@code source} (a float[], double[] or int[]) starting at
     * {@code offset}, converting as {@link #set} does.
     *
     * @throws IllegalArgumentException when fewer values remain than the tensor holds
     */
    void copyFrom(Object source, int offset);

    /** Copies exactly {@code size()} values; any other length is an error naming the shape. */
    default void copyFrom(float[] values) {
        checkLength(values.length);
        copyFrom(values, 0);
    }

    default void copyFrom(double[] values) {
        checkLength(values.length);
        copyFrom(values, 0);
    }

    default void copyFrom(int[] values) {
        checkLength(values.length);
        copyFrom(values, 0);
    }

    /** Throws IllegalArgumentException unless {@code length == size()}. */
    void checkLength(int length);

    /** Copies the values into {@code target} (float[], double[] or int[]) from {@code offset}. */
    void copyTo(Object target, int offset);

    /** The values as a new double[]. */
    double[] toDoubles();

    /** The values as a new float[]. */
    float[] toFloats();

    /** The backing array (float[], double[] or int[]), valid until the batch grows; it may be longer than size(). */
    Object array();

    /** The values as a new TensorData of the current shape. */
    TensorData toTensorData();
}
