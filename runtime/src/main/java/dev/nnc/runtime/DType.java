package dev.nnc.runtime;

/**
 * Element types of runtime tensors: the compiler's {@code f32}, {@code f64} and {@code int},
 * named as the safetensors format names them, so {@link #name()} is the string in a weights
 * file's header.
 */
public enum DType {
    F32(4),
    F64(8),
    I32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }
}
