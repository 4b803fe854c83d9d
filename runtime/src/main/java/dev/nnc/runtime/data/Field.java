package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import java.util.Arrays;

/**
 * N examples of one kind of value (features, or labels), each example a row-major block of
 * {@link #exampleShape()} values, all of them in one flat array: example {@code i} occupies
 * {@code [i * width, (i + 1) * width)}.
 *
 * <p>Immutable in use: the array a factory is given is shared, not copied, and must not be
 * changed afterwards; operations that change values ({@link Standardizer#apply},
 * {@link #as}) return a new field. Pixels read from an IDX file stay in their 8-bit form
 * until a batch is filled (see {@link Storage.Bytes}), so {@link #floats()} on such a field
 * builds the float array on first use.
 */
public final class Field {
    private final String source;
    private final int size;
    private final int[] shape;
    private final int width;
    private final Storage storage;
    private volatile Object unpacked; // the float[] or double[] of a Bytes storage, once asked for

    private Field(String source, int[] shape, Storage storage) {
        this.source = source;
        this.shape = shape.clone();
        int w = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("example dimensions must be positive: " + Arrays.toString(shape));
            }
            w = Math.multiplyExact(w, d);
        }
        this.width = w;
        if (storage.length() % w != 0) {
            throw new IllegalArgumentException(storage.length() + " values do not divide into examples of " + w);
        }
        this.size = storage.length() / w;
        this.storage = storage;
    }

    /** @param source what the values came from, for messages: usually the file name */
    public static Field ofFloats(String source, float[] values, int... exampleShape) {
        return new Field(source, exampleShape, new Storage.Floats(values));
    }

    public static Field ofDoubles(String source, double[] values, int... exampleShape) {
        return new Field(source, exampleShape, new Storage.Doubles(values));
    }

    public static Field ofInts(String source, int[] values, int... exampleShape) {
        return new Field(source, exampleShape, new Storage.Ints(values));
    }

    /** Unsigned bytes that read as {@code type} values {@code byte * scale}. */
    static Field ofScaledBytes(String source, byte[] values, DType type, double scale, int... exampleShape) {
        if (type == DType.I32) {
            throw new IllegalArgumentException("scaled bytes read as f32 or f64");
        }
        return new Field(source, exampleShape, new Storage.Bytes(values, type, scale));
    }

    public String source() {
        return source;
    }

    public DType type() {
        return storage.type();
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

    /** The values, shared, not to be changed; only for an F32 field. */
    public float[] floats() {
        requireType(DType.F32);
        if (storage instanceof Storage.Floats) {
            return ((Storage.Floats) storage).v;
        }
        Object u = unpacked;
        if (u == null) {
            unpacked = u = ((Storage.Bytes) storage).toFloats();
        }
        return (float[]) u;
    }

    /** The values, shared, not to be changed; only for an F64 field. */
    public double[] doubles() {
        requireType(DType.F64);
        if (storage instanceof Storage.Doubles) {
            return ((Storage.Doubles) storage).v;
        }
        Object u = unpacked;
        if (u == null) {
            unpacked = u = ((Storage.Bytes) storage).toDoubles();
        }
        return (double[]) u;
    }

    /** The values, shared, not to be changed; only for an I32 field. */
    public int[] ints() {
        requireType(DType.I32);
        return ((Storage.Ints) storage).v;
    }

    /** The value at a flat index, whatever the type: for tests and for printing, not for loops. */
    public double get(int flatIndex) {
        return storage.get(flatIndex);
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
        return new Field(source, exampleShape, storage);
    }

    /** The same values as another float type (an f64 model fed f32 data, say); ints become floats. */
    public Field as(DType target) {
        if (target == type()) {
            return this;
        }
        if (storage instanceof Storage.Bytes && target != DType.I32) {
            return new Field(source, shape, ((Storage.Bytes) storage).as(target));
        }
        int n = storage.length();
        switch (target) {
            case F32: {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) storage.get(i);
                }
                return ofFloats(source, out, shape);
            }
            case F64: {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = storage.get(i);
                }
                return ofDoubles(source, out, shape);
            }
            default:
                throw new IllegalArgumentException(source + ": cannot convert " + type().spelling() + " values to int");
        }
    }

    /** A new field holding the given examples, in that order. */
    public Field select(int[] indices) {
        return new Field(source, shape, storage.select(indices, width));
    }

    /**
     * Copies examples {@code order[from .. from + count)} into rows {@code 0 .. count} of
     * {@code dest}, which must be an array of this field's type. Allocates nothing: this is
     * the inner loop of batching.
     */
    void copyRows(int[] order, int from, int count, Object dest) {
        storage.copyRows(order, from, count, width, dest);
    }

    /**
     * Checks that every value is a class index in {@code [0, classCount)}; with
     * {@code classCount == 0} only that none is negative.
     */
    void checkClasses(int classCount) {
        int[] y = ints();
        for (int i = 0; i < y.length; i++) {
            int v = y[i];
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

    private void requireType(DType wanted) {
        if (type() != wanted) {
            throw new IllegalStateException(source + " holds " + type().spelling() + " values, not " + wanted.spelling());
        }
    }

    @Override
    public String toString() {
        return source + ": " + size + " examples of " + type().spelling() + Arrays.toString(shape);
    }
}
