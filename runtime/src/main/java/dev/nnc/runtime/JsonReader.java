package dev.nnc.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser (RFC 8259) over UTF-8 bytes, for safetensors headers. Hand-written
 * because the runtime depends on nothing but the JDK.
 *
 * <p>Values come back as plain Java objects: an object is a {@code LinkedHashMap<String,
 * Object>} in document order, an array a {@code List<Object>}, a string a {@code String}, an
 * integer literal (no fraction, no exponent) a {@code Long}, or a {@code BigInteger} when it
 * does not fit, any other number a {@code BigDecimal}, {@code true} and {@code false} a
 * {@code Boolean}, and {@code null} the {@link #NULL} marker. Keeping integers apart from
 * other numbers lets the caller reject {@code 2.0} as a dimension instead of rounding it.
 *
 * <p>Strict means: no comments, no trailing commas, no leading zeros, no raw control
 * characters or invalid UTF-8 in strings, no lone surrogates in <code>&#92;u</code> escapes, no
 * duplicate keys, nothing but whitespace after the value, and at most {@value #MAX_DEPTH}
 * levels of nesting (so a hostile header cannot overflow the stack). Every error gives the
 * byte offset where it was found.
 */
final class JsonReader {
    static final int MAX_DEPTH = 128;

    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Malformed input, found at {@link #offset} bytes from the start of the input. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int offset;
        final String reason;

        SyntaxError(int offset, String reason) {
            super(reason + " at byte " + offset);
            this.offset = offset;
            this.reason = reason;
        }
    }

    private final byte[] in;
    private int pos;

    private JsonReader(byte[] in) {
        this.in = in;
    }

    /** Parses a whole document: one value, surrounded by optional whitespace. */
    static Object parse(byte[] utf8) throws SyntaxError {
        JsonReader r = new JsonReader(utf8);
        r.skipWhitespace();
        Object value = r.value(0);
        r.skipWhitespace();
        if (r.pos < utf8.length) {
            throw r.error("unexpected " + r.describe(r.pos) + " after the end of the JSON value");
        }
        return value;
    }

    /** The offset of the first byte that is not well-formed UTF-8 in {@code b[from, to)}, or -1. */
    static int invalidUtf8At(byte[] b, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports, never replaces
        ByteBuffer bytes = ByteBuffer.wrap(b, from, to - from);
        CoderResult result = decoder.decode(bytes, CharBuffer.allocate(to - from), true);
        return result.isError() ? bytes.position() : -1;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= in.length) {
            throw error("unexpected end of input, expected a value");
        }
        switch (in[pos]) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", NULL);
            default:
                if (in[pos] == '-' || isDigit(pos)) {
                    return number();
                }
                throw error("unexpected " + describe(pos) + ", expected a value");
        }
    }

    private Map<String, Object> object(int depth) throws SyntaxError {
        pos++; // {
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (match('}')) {
            return members;
        }
        while (true) {
            skipWhitespace();
            int keyAt = pos;
            if (pos >= in.length || in[pos] != '"') {
                throw error(pos >= in.length ? "unexpected end of input, expected a key" : "expected a string key, found " + describe(pos));
            }
            String key = string();
            skipWhitespace();
            consume(':', "expected ':' after key");
            skipWhitespace();
            Object value = value(depth + 1);
            if (members.containsKey(key)) {
                throw new SyntaxError(keyAt, "duplicate key " + quoted(key));
            }
            members.put(key, value);
            skipWhitespace();
            if (match('}')) {
                return members;
            }
            consume(',', "expected ',' or '}' in object");
        }
    }

    private List<Object> array(int depth) throws SyntaxError {
        pos++; // [
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (match(']')) {
            return elements;
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            if (match(']')) {
                return elements;
            }
            consume(',', "expected ',' or ']' in array");
        }
    }

    private String string() throws SyntaxError {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        int run = pos; // start of the current run of bytes copied as they are
        while (true) {
            if (pos >= in.length) {
                throw new SyntaxError(start, "unterminated string");
            }
            int b = in[pos] & 0xFF;
            if (b == '"') {
                appendRun(sb, run, pos);
                pos++;
                return sb.toString();
            } else if (b == '\\') {
                appendRun(sb, run, pos);
                escape(sb);
                run = pos;
            } else if (b < 0x20) {
                throw error("raw control character " + describe(pos) + " in string (it must be escaped)");
            } else {
                pos++;
            }
        }
    }

    private void appendRun(StringBuilder sb, int from, int to) throws SyntaxError {
        int bad = invalidUtf8At(in, from, to);
        if (bad >= 0) {
            throw new SyntaxError(bad, "invalid UTF-8 in string");
        }
        sb.append(new String(in, from, to - from, StandardCharsets.UTF_8));
    }

    private void escape(StringBuilder sb) throws SyntaxError {
        int at = pos;
        pos++; // backslash
        if (pos >= in.length) {
            throw new SyntaxError(at, "unterminated escape");
        }
        char c = (char) in[pos++];
        switch (c) {
            case '"': sb.append('"'); return;
            case '\\': sb.append('\\'); return;
            case '/': sb.append('/'); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'n': sb.append('\n'); return;
            case 'r': sb.append('\r'); return;
            case 't': sb.append('\t'); return;
            case 'u': break;
            default: throw new SyntaxError(at, "invalid escape \\" + (c >= 0x20 && c < 0x7F ? String.valueOf(c) : describe(at + 1)));
        }
        char unit = hex4(at);
        if (Character.isLowSurrogate(unit)) {
            throw new SyntaxError(at, "lone low surrogate \\u" + hex(unit) + " in string");
        }
        if (Character.isHighSurrogate(unit)) {
            // A high surrogate must be followed by an escaped low one: together they are one code point.
            if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                int lowAt = pos;
                pos += 2;
                char low = hex4(lowAt);
                if (Character.isLowSurrogate(low)) {
                    sb.append(unit).append(low);
                    return;
                }
            }
            throw new SyntaxError(at, "lone high surrogate \\u" + hex(unit) + " in string");
        }
        sb.append(unit);
    }

    private char hex4(int escapeAt) throws SyntaxError {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = pos < in.length ? Character.digit(in[pos], 16) : -1;
            if (d < 0) {
                throw new SyntaxError(escapeAt, "\\u must be followed by four hex digits");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() throws SyntaxError {
        int start = pos;
        match('-');
        if (!isDigit(pos)) {
            throw error("expected a digit after '-'");
        }
        if (in[pos] == '0') {
            pos++;
            if (isDigit(pos)) {
                throw new SyntaxError(start, "leading zeros are not allowed in numbers");
            }
        } else {
            digits();
        }
        boolean integer = true;
        if (match('.')) {
            integer = false;
            if (!isDigit(pos)) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            integer = false;
            pos++;
            if (!match('+')) {
                match('-');
            }
            if (!isDigit(pos)) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (!integer) {
            return new BigDecimal(text);
        }
        BigInteger big = new BigInteger(text);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void digits() {
        while (isDigit(pos)) {
            pos++;
        }
    }

    private Object literal(String word, Object value) throws SyntaxError {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= in.length || in[pos + i] != word.charAt(i)) {
                throw error("unexpected " + describe(pos) + ", expected a value");
            }
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }

    private boolean match(char c) {
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void consume(char c, String message) throws SyntaxError {
        if (!match(c)) {
            throw error(message + (pos < in.length ? ", found " + describe(pos) : ", found the end of input"));
        }
    }

    private boolean isDigit(int at) {
        return at < in.length && in[at] >= '0' && in[at] <= '9';
    }

    private SyntaxError error(String reason) {
        return new SyntaxError(pos, reason);
    }

    /** A byte as a reader wants to see it: {@code 'x'} when printable ASCII, else {@code byte 0x0a}. */
    private String describe(int at) {
        if (at >= in.length) {
            return "end of input";
        }
        int b = in[at] & 0xFF;
        return b > 0x20 && b < 0x7F ? "'" + (char) b + "'" : String.format("byte 0x%02x", b);
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
