package dev.nnc.cli;

import dev.nnc.ir.Tensor;
import java.util.Map;

/**
 * Just enough JSON for machine-readable output: objects, strings, and numbers or nested arrays
 * of numbers, with strings and numbers written as the runtime's JSON lines write them
 * ({@link dev.nnc.runtime.app.Json}).
 */
final class Json {

    private Json() {}

    static String string(String s) {
        return dev.nnc.runtime.app.Json.string(s);
    }

    static String number(double v) {
        return dev.nnc.runtime.app.Json.number(v);
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
