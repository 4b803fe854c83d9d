package dev.nnc.runtime.app;

/**
 * The little JSON nnc's machine-readable output needs (the JSON lines of {@code train --json},
 * the compiler's {@code run}, {@code grad} and {@code check} with {@code --json}): numbers with
 * {@link Double#toString} (which reads back to the same bits), and NaN and the infinities,
 * which JSON lacks, as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
public final class Json {
    private Json() {}

    /** A number, or NaN and the infinities as strings. */
    public static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : string(Double.toString(v));
    }

    /** A number, or {@code null} for NaN: for a value that may be absent, such as an accuracy. */
    static String numberOrNull(double v) {
        return Double.isNaN(v) ? "null" : number(v);
    }

    /** A string literal, escaped. */
    public static String string(String s) {
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
}
