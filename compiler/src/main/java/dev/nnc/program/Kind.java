package dev.nnc.program;

/**
 * The value kinds of a {@link Program}: the JVM primitive each expression, local and array
 * element has. Floats are the model's {@code dtype}; ints index arrays and hold class labels;
 * the one long is the runtime's update counter.
 */
public enum Kind {
    I32("int"), I64("long"), F32("float"), F64("double");

    private final String javaName;

    Kind(String javaName) {
        this.javaName = javaName;
    }

    /** The Java keyword: {@code float}. */
    public String javaName() {
        return javaName;
    }

    public boolean isFloat() {
        return this == F32 || this == F64;
    }

    /** Local-variable slots the JVM gives a value of this kind. */
    public int slots() {
        return this == I64 || this == F64 ? 2 : 1;
    }
}
