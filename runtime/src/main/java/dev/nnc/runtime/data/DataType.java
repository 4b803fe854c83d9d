package dev.nnc.runtime.data;

/** The element type of a {@link Field}, named as in a .nn file. */
public enum DataType {
    /** 32-bit float, stored in a {@code float[]}: the default for features. */
    F32("f32"),
    /** 64-bit float, stored in a {@code double[]}. */
    F64("f64"),
    /** 32-bit int, stored in an {@code int[]}: class labels and indices. */
    I32("int");

    private final String text;

    DataType(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
