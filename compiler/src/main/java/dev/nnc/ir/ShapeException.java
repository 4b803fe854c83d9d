package dev.nnc.ir;

/**
 * Thrown by an op's shape rule when its operands do not fit. The front end turns it into a
 * diagnostic at the span of the expression (or of operand {@code operand}, when it names one).
 */
public final class ShapeException extends RuntimeException {
    /** Which operand is at fault, or -1 for the expression as a whole. */
    private final int operand;
    private final String hint;

    public ShapeException(String message) {
        this(message, -1, null);
    }

    public ShapeException(String message, int operand, String hint) {
        super(message, null, false, false);
        this.operand = operand;
        this.hint = hint;
    }

    public int operand() {
        return operand;
    }

    public String hint() {
        return hint;
    }
}
