package dev.nnc.runtime;

import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way the reference safetensors implementation (Rust's serde_json) does,
 * so a header nnc writes is byte for byte the header Python's {@code safetensors} writes for
 * the same tensors: compact (no spaces), members in the map's order, non-ASCII characters as
 * raw UTF-8 (not escaped), and in strings only {@code "}, {@code \} and control characters
 * escaped, the common ones as {@code \n}-style escapes and the rest as lowercase
 * <code>&#92;u00xx</code>.
 *
 * <p>Values: {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Long} and
 * {@code Integer}; a header needs nothing else.
 */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {}

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    static void write(StringBuilder sb, Object value) {
        if (value instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object element : (List<?>) value) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, element);
            }
            sb.append(']');
        } else if (value instanceof String) {
            string(sb, (String) value);
        } else if (value instanceof Long || value instanceof Integer) {
            sb.append(value);
        } else {
            throw new IllegalArgumentException("cannot write " + (value == null ? "null" : value.getClass().getName()) + " as header JSON");
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
