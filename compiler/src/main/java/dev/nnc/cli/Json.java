package dev.nnc.cli;

import dev.nnc.ir.Tensor;
import java.util.Map;

/**
 * Just enough JSON for machine-readable output: objects, strings, and numbers or nested arrays
 * of numbers at full double precision ({@link Double#toString} reads back to the same bits).
 * JSON has no NaN or infinity; they are written as the strings "NaN", "Infinity", "-Infinity".
 */
final class Json {

    private Json() {}

    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return string(Double.toString(v));
        }
        return Double.toString(v);
    }

    /** A scalar as a number, anything else as nested arrays; integer tensors without ".0". */
    static String tensor(Tensor t, boolean integer) {
        StringBuilder sb = new StringBuilder();
        append(sb, t, integer, 0, 0);
        return sb.toString();
    }

    private static int append(StringBuilder sb, Tensor t, boolean integer, int axis, int offset) {
        if (axis == t.rank()) {
            double v = t.get(offset);
            sb.append(integer ? Long.toString((long) v) : number(v));
            return offset + 1;
        }
        sb.append('[');
        for (int i = 0; i < t.dim(axis); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            offset = append(sb, t, integer, axis + 1, offset);
        }
        sb.append(']');
        return offset;
    }

    /** {@code {"a": 1, "b": [2, 3]}} from already-encoded values, in the map's order. */
    static String object(Map<String, String> encoded) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : encoded.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(string(e.getKey())).append(": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
