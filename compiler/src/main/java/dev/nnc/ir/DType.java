package dev.nnc.ir;

/** Element types. A model computes in one float type; integer tensors hold class labels. */
public enum DType {
    F32("f32"), F64("f64"), I32("int");

    private final String spelling;

    DType(String spelling) {
        this.spelling = spelling;
    }

    /** As written in .nn source. */
    public String spelling() {
        return spelling;
    }

    public boolean isFloat() {
        return this != I32;
    }

    @Override
    public String toString() {
        return spelling;
    }
}
