package dev.nnc.runtime.data;

import java.util.Arrays;

/**
 * N examples of one kind of value (features, or labels), each example a row-major block of
 * {@link #exampleShape()} values, all of them in one flat array: example {@code i} occupies
 * {@code [i * width, (i + 1) * width)}.
 *
 * <p>The array is shared, not copied: a loader hands it over and {@link Batches} copies from
 * it. Only {@link Standardizer#applyInPlace} writes to it, and says so, because a copy of a
 * 188 MB image array to change its values would double the memory a run needs.
 */
public final class Field {
    private final String source;
    private final DataType type;
    private final int size;
    private final int[] shape;
    private final int width;
    private final float[] f32;
    private final double[] f64;
    private final int[] i32;

    private Field(String source, DataType type, int[] shape, float[] f32, double[] f64, int[] i32) {
        this.source = source;
        this.type = type;
        this.shape = shape.clone();
        int w = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("example dimensions must be positive: " + Arrays.toString(shape));
            }
            w = Math.multiplyExact(w, d);
        }
        this.width = w;
        int length = f32 != null ? f32.length : f64 != null ? f64.length : i32.length;
        if (length % w != 0) {
            throw new IllegalArgumentException(length + " values do not divide into examples of " + w);
        }
        this.size = length / w;
        this.f32 = f32;
        this.f64 = f64;
        this.i32 = i32;
    }

    /** @param source what the values came from, for messages: usually the file name */
    public static Field ofFloats(String source, float[] values, int... exampleShape) {
        return new Field(source, DataType.F32, exampleShape, values, null, null);
    }

    public static Field ofDoubles(String source, double[] values, int... exampleShape) {
        return new Field(source, DataType.F64, exampleShape, null, values, null);
    }

    public static Field ofInts(String source, int[] values, int... exampleShape) {
        return new Field(source, DataType.I32, exampleShape, null, null, values);
    }

    public String source() {
        return source;
    }

    public DataType type() {
        return type;
    }

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** The shape of one example; empty for one value per example (a label). */
    public int[] exampleShape() {
        return shape.clone();
    }

    /** Values per example: the product of {@link #exampleShape()}. */
    public int width() {
        return width;
    }

    /** The values, shared; only for an F32 field. */
    public float[] floats() {
        requireType(DataType.F32);
        return f32;
    }

    /** The values, shared; only for an F64 field. */
    public double[] doubles() {
        requireType(DataType.F64);
        return f64;
    }

    /** The values, shared; only for an I32 field. */
    public int[] ints() {
        requireType(DataType.I32);
        return i32;
    }

    /** The value at a flat index, whatever the type: for tests and for printing, not for loops. */
    public double get(int flatIndex) {
        switch (type) {
            case F32: return f32[flatIndex];
            case F64: return f64[flatIndex];
            default: return i32[flatIndex];
        }
    }

    /**
     * The same values seen with another example shape, as a model input needs them. A
     * 28×28 image fits an input of [B, 784]: only the number of values per example must
     * match, and row-major order makes the reshape free.
     *
     * @param input the model input's name, for the message
     */
    public Field reshape(String input, int... exampleShape) {
        int needed = 1;
        for (int d : exampleShape) {
            needed = Math.multiplyExact(needed, d);
        }
        if (needed != width) {
            throw new DataException("examples in " + source + " have " + describe(shape) + " "
                    + (width == 1 ? "value" : "values") + ", but input '" + input + "' needs "
                    + describe(exampleShape));
        }
        return new Field(source, type, exampleShape, f32, f64, i32);
    }

    /** The same values converted to another type (an f64 model fed f32 data, say). */
    public Field as(DataType target) {
        if (target == type) {
            return this;
        }
        int n = size * width;
        switch (target) {
            case F32: {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) get(i);
                }
                return new Field(source, target, shape, out, null, null);
            }
            case F64: {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = get(i);
                }
                return new Field(source, target, shape, null, out, null);
            }
            default:
                throw new IllegalArgumentException(source + ": cannot convert " + type + " values to int");
        }
    }

    /** A new field holding the given examples, in that order. */
    public Field select(int[] indices) {
        int n = indices.length * width;
        switch (type) {
            case F32: {
                float[] out = new float[n];
                copyRows(indices, 0, indices.length, out);
                return new Field(source, type, shape, out, null, null);
            }
            case F64: {
                double[] out = new double[n];
                copyRows(indices, 0, indices.length, out);
                return new Field(source, type, shape, null, out, null);
            }
            default: {
                int[] out = new int[n];
                copyRows(indices, 0, indices.length, out);
                return new Field(source, type, shape, null, null, out);
            }
        }
    }

    /**
     * Copies examples {@code order[from .. from + count)} into rows {@code 0 .. count} of
     * {@code dest}, which must be an array of this field's type. Allocates nothing: this is
     * the inner loop of batching.
     */
    void copyRows(int[] order, int from, int count, Object dest) {
        Object src = f32 != null ? f32 : f64 != null ? f64 : i32;
        if (width == 1) {
            // One value per example (labels): a plain loop beats a call per value.
            switch (type) {
                case F32: {
                    float[] s = f32;
                    float[] d = (float[]) dest;
                    for (int r = 0; r < count; r++) {
                        d[r] = s[order[from + r]];
                    }
                    return;
                }
                case F64: {
                    double[] s = f64;
                    double[] d = (double[]) dest;
                    for (int r = 0; r < count; r++) {
                        d[r] = s[order[from + r]];
                    }
                    return;
                }
                default: {
                    int[] s = i32;
                    int[] d = (int[]) dest;
                    for (int r = 0; r < count; r++) {
                        d[r] = s[order[from + r]];
                    }
                    return;
                }
            }
        }
        for (int r = 0; r < count; r++) {
            System.arraycopy(src, order[from + r] * width, dest, r * width, width);
        }
    }

    /**
     * Checks that every value is a class index in {@code [0, classCount)}; with
     * {@code classCount == 0} only that none is negative.
     */
    void checkClasses(int classCount) {
        requireType(DataType.I32);
        for (int i = 0; i < i32.length; i++) {
            int v = i32[i];
            if (v < 0 || (classCount > 0 && v >= classCount)) {
                String where = "label " + v + " at index " + (i / width) + " in " + source;
                throw new DataException(classCount > 0
                        ? where + " is out of range for " + classCount + " classes (0.." + (classCount - 1) + ")"
                        : where + " is negative; class labels count from 0");
            }
        }
    }

    /** "28×28 = 784", "784", or "1" for a scalar. */
    static String describe(int[] shape) {
        if (shape.length <= 1) {
            return String.valueOf(shape.length == 0 ? 1 : shape[0]);
        }
        StringBuilder s = new StringBuilder();
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "×").append(shape[i]);
            n *= shape[i];
        }
        return s.append(" = ").append(n).toString();
    }

    private void requireType(DataType wanted) {
        if (type != wanted) {
            throw new IllegalStateException(source + " holds " + type + " values, not " + wanted);
        }
    }

    @Override
    public String toString() {
        return source + ": " + size + " examples of " + type + Arrays.toString(shape);
    }
}
