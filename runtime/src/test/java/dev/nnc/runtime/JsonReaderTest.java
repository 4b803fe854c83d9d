package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static Object parse(String json) throws JsonReader.SyntaxError {
        return JsonReader.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String json) {
        return assertThrows(JsonReader.SyntaxError.class, () -> parse(json)).getMessage();
    }

    private static String error(byte[] json) {
        return assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse(json)).getMessage();
    }

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = parse(" {\"b\": [1, -2, 0, 2.5, 1e3, true, false, null, {}, []], \"a\": \"x\"}\n\t");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()), "members in document order");
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2L, b.get(1));
        assertEquals(0L, b.get(2));
        assertEquals(new BigDecimal("2.5"), b.get(3));
        assertEquals(new BigDecimal("1e3"), b.get(4));
        assertEquals(Boolean.TRUE, b.get(5));
        assertEquals(Boolean.FALSE, b.get(6));
        assertSame(JsonReader.NULL, b.get(7));
        assertEquals(Map.of(), b.get(8));
        assertEquals(List.of(), b.get(9));
        assertEquals("x", m.get("a"));
    }

    @Test
    void integersTooLargeForALongStayExact() throws Exception {
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), parse("9223372036854775808"));
    }

    @Test
    void decodesEscapesAndUtf8() throws Exception {
        assertEquals("\" \\ / \b \f \n \r \t A é", parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00e9\""));
        assertEquals("😀", parse("\"\\uD83D\\uDE00\""), "a surrogate pair is one code point");
        assertEquals("naïve 😀", parse("\"naïve 😀\""), "raw UTF-8");
        assertEquals("\u0000", parse("\"\\u0000\""));
    }

    @Test
    void rejectsMalformedInputWithTheByteOffset() {
        assertEquals("unexpected end of input, expected a value at byte 0", error(""));
        assertEquals("unexpected 'x', expected a value at byte 0", error("x"));
        assertEquals("expected ':' after key, found '1' at byte 5", error("{\"a\" 1}"));
        assertEquals("expected ',' or '}' in object, found '\"' at byte 7", error("{\"a\":1 \"b\":2}"));
        assertEquals("expected a string key, found '}' at byte 7", error("{\"a\":1,}"), "no trailing commas");
        assertEquals("unexpected ']', expected a value at byte 3", error("[1,]"));
        assertEquals("expected ',' or ']' in array, found the end of input at byte 2", error("[1"));
        assertEquals("unterminated string at byte 1", error("[\"abc"));
        assertEquals("unexpected '/' after the end of the JSON value at byte 3", error("{} // comment"));
        assertEquals("unexpected 'x' after the end of the JSON value at byte 2", error("{}x"));
        assertEquals("duplicate key \"a\" at byte 7", error("{\"a\":1,\"a\":2}"));
    }

    @Test
    void rejectsBadNumbers() {
        assertEquals("leading zeros are not allowed in numbers at byte 1", error("[01]"));
        assertEquals("expected a digit after '-' at byte 1", error("-"));
        assertEquals("expected a digit after the decimal point at byte 2", error("1."));
        assertEquals("expected a digit in the exponent at byte 2", error("1e"));
        assertEquals("unexpected '+', expected a value at byte 0", error("+1"));
        assertEquals("unexpected 'N', expected a value at byte 0", error("NaN"));
        assertEquals("unexpected 't', expected a value at byte 0", error("tru"));
    }

    @Test
    void rejectsBadStrings() {
        assertEquals("invalid escape \\x at byte 2", error("[\"\\x\"]"));
        assertEquals("\\u must be followed by four hex digits at byte 1", error("\"\\u12g4\""));
        assertEquals("lone high surrogate \\uD83D in string at byte 1", error("\"\\uD83D\""));
        assertEquals("lone high surrogate \\uD83D in string at byte 1", error("\"\\uD83D\\u0041\""));
        assertEquals("lone low surrogate \\uDE00 in string at byte 1", error("\"\\uDE00\""));
        assertEquals("raw control character byte 0x0a in string (it must be escaped) at byte 2", error("\"a\nb\""));
        assertEquals("invalid UTF-8 in string at byte 2", error(new byte[] {'"', 'a', (byte) 0xFF, '"'}));
        assertEquals("invalid UTF-8 in string at byte 1", error(new byte[] {'"', (byte) 0xC3, '"'}), "truncated sequence");
        assertEquals("unexpected byte 0xc3, expected a value at byte 0", error(new byte[] {(byte) 0xC3, (byte) 0xA9}));
    }

    @Test
    void limitsNesting() throws Exception {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        parse(ok);
        String deep = "[".repeat(100_000);
        assertEquals("nesting deeper than 128 levels at byte 128", error(deep));
    }

    @Test
    void findsInvalidUtf8() {
        assertEquals(-1, JsonReader.invalidUtf8At("héllo".getBytes(StandardCharsets.UTF_8), 0, 6));
        assertEquals(1, JsonReader.invalidUtf8At(new byte[] {'a', (byte) 0x80, 'b'}, 0, 3));
        assertEquals(0, JsonReader.invalidUtf8At(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, 2), "overlong encoding");
        assertEquals(0, JsonReader.invalidUtf8At(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3), "encoded surrogate");
    }

    @Test
    void writerEscapesAsSerdeJsonDoes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fé/😀\u007f\"",
                JsonWriter.write("a\"b\\c\nd\te\u0001f\u001fé/😀\u007f"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1L, 2));
        m.put("a", Map.of());
        assertEquals("{\"z\":[1,2],\"a\":{}}", JsonWriter.write(m));
    }

    @Test
    void whatTheWriterWritesTheReaderReads() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x250; c++) {
            all.append(c);
        }
        all.append("😀\uFFFF");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(all.toString(), List.of(0L, Long.MAX_VALUE, -1L, List.of()));
        assertEquals(m, JsonReader.parse(JsonWriter.write(m).getBytes(StandardCharsets.UTF_8)));
    }
}
