package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The contents of one IDX file: its element type, its shape (the first dimension counts the
 * examples) and its values, kept as the big-endian bytes of the file until a caller converts
 * them to the type a model wants.
 */
public final class IdxArray {
    private final String source;
    private final IdxType type;
    private final int[] shape;
    private final byte[] data;

    IdxArray(String source, IdxType type, int[] shape, byte[] data) {
        this.source = source;
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    public String source() {
        return source;
    }

    public IdxType type() {
        return type;
    }

    /** All dimensions, the number of examples first. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of examples: the first dimension. */
    public int count() {
        return shape[0];
    }

    /** The shape of one example: the dimensions after the first. */
    public int[] exampleShape() {
        return java.util.Arrays.copyOfRange(shape, 1, shape.length);
    }

    /**
     * The values as F32 or F64 features, multiplied by {@code scale} (1 for none); I32 gives
     * integer values unscaled (index inputs). Unsigned bytes (pixels) are not converted here
     * but as batches are filled, to the same values (see {@link Storage.Bytes}).
     */
    public Field features(DType target, double scale) {
        if (type == IdxType.UBYTE && target != DType.I32) {
            return Field.ofScaledBytes(source, data, target, scale, exampleShape());
        }
        int n = data.length / type.bytes();
        ByteBuffer b = buffer();
        switch (target) {
            case F32: {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (value(b, i) * scale);
                }
                return Field.ofFloats(source, out, exampleShape());
            }
            case F64: {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = value(b, i) * scale;
                }
                return Field.ofDoubles(source, out, exampleShape());
            }
            default:
                return labels(0);
        }
    }

    /**
     * The values as class indices, checked to lie in {@code [0, classCount)}, or only to be
     * non-negative when {@code classCount} is 0.
     *
     * @throws DataException when the file holds floating-point values or a label is out of range
     */
    public Field labels(int classCount) {
        if (!type.isInteger()) {
            throw new DataException(source + " holds " + type + " values, but labels must be integers"
                    + " (IDX types 0x08, 0x09, 0x0B or 0x0C)");
        }
        int n = data.length / type.bytes();
        int[] out = new int[n];
        ByteBuffer b = buffer();
        for (int i = 0; i < n; i++) {
            out[i] = (int) value(b, i);
        }
        Field labels = Field.ofInts(source, out, exampleShape());
        labels.checkClasses(classCount);
        return labels;
    }

    /** Value {@code i} (a flat index), decoded from the big-endian bytes. */
    private double value(ByteBuffer b, int i) {
        switch (type) {
            case UBYTE: return data[i] & 0xFF;
            case BYTE: return data[i];
            case SHORT: return b.getShort(2 * i);
            case INT: return b.getInt(4 * i);
            case FLOAT: return b.getFloat(4 * i);
            default: return b.getDouble(8 * i);
        }
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
    }

    @Override
    public String toString() {
        return source + ": " + type + " " + Field.describe(shape);
    }
}
