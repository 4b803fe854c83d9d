package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
/**
 * Arrays that one batch is copied into, owned by the caller: typically the generated
 * model's own input buffers, so a training step copies each example once and allocates
 * nothing. {@link Batches#next} fills rows {@code 0 .. size()} and leaves the rest alone.
 */
public final class Batch {
    private final Object features;
    private final Object labels;
    private int size;

    private Batch(Object features, Object labels) {
        this.features = features;
        this.labels = labels;
    }

    /**
     * Wraps the caller's arrays.
     *
     * @param features a {@code float[]} or {@code double[]} (an {@code int[]} for index inputs),
     *     at least batch size × example width long
     * @param labels an {@code int[]}, {@code float[]} or {@code double[]} for the labels, or
     *     null when the batches are to carry features only
     */
    public static Batch of(Object features, Object labels) {
        if (typeOf(features) == null) {
            throw new IllegalArgumentException("batch features must be a float[], double[] or int[]");
        }
        if (labels != null && typeOf(labels) == null) {
            throw new IllegalArgumentException("batch labels must be an int[], float[] or double[]");
        }
        return new Batch(features, labels);
    }

    /** How many rows the last {@link Batches#next} filled. */
    public int size() {
        return size;
    }

    public Object features() {
        return features;
    }

    public Object labels() {
        return labels;
    }

    void setSize(int size) {
        this.size = size;
    }

    /** The element type of an array, or null when it is not one a field can fill. */
    static DType typeOf(Object array) {
        if (array instanceof float[]) {
            return DType.F32;
        }
        if (array instanceof double[]) {
            return DType.F64;
        }
        if (array instanceof int[]) {
            return DType.I32;
        }
        return null;
    }

    static int length(Object array) {
        return java.lang.reflect.Array.getLength(array);
    }
}
