package dev.nnc.codegen.java;

import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import dev.nnc.program.Kind;

/**
 * Java literals that mean exactly a given value: numbers that keep their bits, and strings
 * that survive javac's reading of the source unchanged.
 */
final class JavaLiterals {

    private JavaLiterals() {}

    /**
     * A constant of kind {@code kind}. An F32 constant is {@code value} rounded to float, as
     * {@code (float) value} rounds it. Floats print in {@link Float#toString}'s or
     * {@link Double#toString}'s form, which reads back as the same value; a negative number,
     * -0.0 included, is a minus applied to its magnitude ({@code -0.0f}); NaN and the infinities
     * are the JDK's constants ({@code Float.NaN}, {@code Double.NEGATIVE_INFINITY}). A NaN's
     * payload is not kept: every NaN prints as the canonical one.
     *
     * @throws IllegalArgumentException for an integer constant that is not a whole number in
     *     range
     */
    static Expression number(Kind kind, double value, JavaTypes types) {
        return switch (kind) {
            case I32 -> {
                if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("I32 constant " + value + " is not an int");
                }
                long v = (long) value;
                // Integer.MIN_VALUE's magnitude is a literal Java allows only right after a minus.
                yield signed(v < 0, new IntegerLiteralExpr(Long.toString(Math.abs(v))));
            }
            case I64 -> {
                if (value != Math.rint(value) || value < -0x1p63 || value >= 0x1p63) {
                    throw new IllegalArgumentException("I64 constant " + value + " is not a long");
                }
                long v = (long) value;
                String magnitude = v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(v));
                yield signed(v < 0, new LongLiteralExpr(magnitude + "L"));
            }
            case F32 -> {
                float f = (float) value;
                if (Float.isNaN(f) || Float.isInfinite(f)) {
                    yield types.constant(Float.class, f > 0 ? "POSITIVE_INFINITY" : f < 0 ? "NEGATIVE_INFINITY" : "NaN");
                }
                boolean negative = Float.floatToRawIntBits(f) < 0;
                yield signed(negative, new DoubleLiteralExpr(Float.toString(Math.abs(f)) + "f"));
            }
            case F64 -> {
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    yield types.constant(Double.class, value > 0 ? "POSITIVE_INFINITY" : value < 0 ? "NEGATIVE_INFINITY" : "NaN");
                }
                boolean negative = Double.doubleToRawLongBits(value) < 0;
                yield signed(negative, new DoubleLiteralExpr(Double.toString(Math.abs(value))));
            }
        };
    }

    private static Expression signed(boolean negative, Expression magnitude) {
        return negative ? new UnaryExpr(magnitude, UnaryExpr.Operator.MINUS) : magnitude;
    }

    /** A string literal whose value, as javac reads it, is {@code value}. */
    static StringLiteralExpr string(String value) {
        return new StringLiteralExpr(escape(value));
    }

    /**
     * The inside of a Java string literal for {@code value}. Non-ASCII characters become
     * {@code \}{@code uXXXX} escapes (one per UTF-16 unit), so the source is ASCII and reads the
     * same in any encoding. Control characters never do: javac replaces Unicode escapes before
     * it finds the literal, so an escaped line feed would end the line inside it; they become
     * {@code \n}, {@code \t} and the like or a three-digit octal escape.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\%03o", (int) c));
                    } else if (c > 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
