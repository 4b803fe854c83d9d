package dev.nnc.ir;

import java.util.Arrays;

/**
 * A concrete tensor in double precision, row-major: constants in the graph, default input
 * values, and every value the reference interpreter computes. Integer tensors (labels) are
 * held as doubles too; they are exact below 2^53.
 *
 * <p>Treat it as immutable: nothing in the compiler writes into a tensor it did not create.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;

    public Tensor(int[] shape, double[] data) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public static Tensor scalar(double value) {
        return new Tensor(new int[0], new double[] {value});
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new double[Math.toIntExact(count(shape))]);
    }

    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values.clone());
    }

    /** A matrix from its rows; all rows must have the same length. */
    public static Tensor matrix(double[]... rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("ragged matrix");
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Tensor(new int[] {rows.length, cols}, data);
    }

    public static long count(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return data.length;
    }

    /** The backing array, row-major. Do not write into it. */
    public double[] data() {
        return data;
    }

    public double get(int flatIndex) {
        return data[flatIndex];
    }

    /** The single value of a scalar or one-element tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " is not a scalar");
        }
        return data[0];
    }

    public double at(int... index) {
        return data[flatIndex(index)];
    }

    public int flatIndex(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index rank " + index.length + " for shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " for shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }

    public Tensor reshape(int... newShape) {
        return new Tensor(newShape, data);
    }

    public Shape staticShape() {
        return Shape.of(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Nested-list form, as the language writes literals: {@code [[1.0, 2.0], [3.0, 4.0]]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendNested(sb, 0, 0);
        return sb.toString();
    }

    private int appendNested(StringBuilder sb, int axis, int offset) {
        if (axis == shape.length) {
            sb.append(format(data[offset]));
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[axis]; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            offset = appendNested(sb, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }

    /** Shortest text that reads back to the same double. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v) + ".0";
        }
        return Double.toString(v);
    }
}
