package dev.nnc.runtime;

/**
 * Element types of runtime tensors: the compiler's {@code f32}, {@code f64} and {@code int},
 * named as the safetensors format names them, so {@link #name()} is the string in a weights
 * file's header.
 */
public enum DType {
    /** 32-bit float, stored in a {@code float[]}: the default for features and f32 models. */
    F32(4, "f32"),
    /** 64-bit float, stored in a {@code double[]}. */
    F64(8, "f64"),
    /** 32-bit int, stored in an {@code int[]}: class labels and indices. */
    I32(4, "int");

    private final int byteSize;
    private final String spelling;

    DType(int byteSize, String spelling) {
        this.byteSize = byteSize;
        this.spelling = spelling;
    }

    /** As a .nn file writes it: {@code f32}, {@code f64}, {@code int}. */
    public String spelling() {
        return spelling;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }
}
