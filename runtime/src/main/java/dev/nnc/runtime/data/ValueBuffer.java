package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import java.util.Arrays;

/** Numbers read from a CSV file, in a growing array of the wanted type. */
final class ValueBuffer {
    private final DType type;
    private float[] f32;
    private double[] f64;
    private int n;

    ValueBuffer(DType type) {
        this.type = type;
        if (type == DType.F32) {
            f32 = new float[1024];
        } else {
            f64 = new double[1024];
        }
    }

    void add(double v) {
        if (type == DType.F32) {
            if (n == f32.length) {
                f32 = Arrays.copyOf(f32, 2 * n);
            }
            f32[n++] = (float) v;
        } else {
            if (n == f64.length) {
                f64 = Arrays.copyOf(f64, 2 * n);
            }
            f64[n++] = v;
        }
    }

    int size() {
        return n;
    }

    Field toField(String file, int width) {
        return type == DType.F32
                ? Field.ofFloats(file, Arrays.copyOf(f32, n), width)
                : Field.ofDoubles(file, Arrays.copyOf(f64, n), width);
    }
}
