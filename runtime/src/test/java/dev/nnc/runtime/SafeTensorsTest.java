package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips, and byte-exact agreement with the layout Python's safetensors reads and writes. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    /** Bytes from pieces: strings as ASCII/UTF-8, "hex:..." as hex digits. */
    static byte[] bytes(String... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : pieces) {
            byte[] b = p.startsWith("hex:") ? HexFormat.of().parseHex(p.substring(4).replace(" ", "")) : p.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    // ---- golden files ---------------------------------------------------------------

    /**
     * The example of the format's documentation, built by hand: an 8-byte little-endian
     * length (56), the 54-byte JSON header and two spaces of padding to reach a multiple of 8,
     * then 1.0f and -2.5f as little-endian IEEE 754 bits.
     */
    static final byte[] ONE_VECTOR = bytes(
            "hex:3800000000000000",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ",
            "hex:0000803f 000020c0");

    @Test
    void writesTheDocumentedLayoutByteForByte() throws Exception {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, Map.of("w", TensorData.f32(new float[] {1.0f, -2.5f}, 2)));
        assertArrayEquals(ONE_VECTOR, Files.readAllBytes(f));
    }

    @Test
    void readsTheHandBuiltFile() throws Exception {
        Path f = dir.resolve("w.safetensors");
        Files.write(f, ONE_VECTOR);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(Map.of("w", TensorData.f32(new float[] {1.0f, -2.5f}, 2)), c.tensors());
        assertEquals(Map.of(), c.metadata());
    }

    /**
     * Several dtypes, metadata, a scalar and an empty tensor, handed over in an order the file
     * does not keep: the reference implementation lays out F64 first, then F32, then I32, each
     * by name, and puts __metadata__ first. (Metadata keys are sorted; the reference writes them
     * in hash order, so any order is what Python could have written.)
     */
    @Test
    void layoutFollowsTheReferenceOrder() throws Exception {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("d", TensorData.i32(new int[] {-2}, 1));
        tensors.put("c", TensorData.i32(new int[0], 0));
        tensors.put("a", TensorData.f32(new float[] {1.0f, -2.5f}, 1, 2));
        tensors.put("b", TensorData.f64(new double[] {0.1}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", "xor");
        metadata.put("epoch", "3");
        Path f = dir.resolve("m.safetensors");
        SafeTensors.write(f, tensors, metadata);

        byte[] expected = bytes(
                "hex:0801000000000000", // 264
                "{\"__metadata__\":{\"epoch\":\"3\",\"model\":\"xor\"},"
                        + "\"b\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]},"
                        + "\"c\":{\"dtype\":\"I32\",\"shape\":[0],\"data_offsets\":[16,16]},"
                        + "\"d\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]}}  ",
                "hex:9a9999999999b93f", // 0.1
                "hex:0000803f 000020c0", // 1.0f, -2.5f
                "hex:feffffff"); // -2
        assertArrayEquals(expected, Files.readAllBytes(f));

        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("b", "a", "c", "d"), List.copyOf(c.tensors().keySet()), "file order");
        assertEquals(tensors, c.tensors());
        assertEquals(List.of("epoch", "model"), List.copyOf(c.metadata().keySet()));
        assertEquals(metadata, c.metadata());
    }

    /**
     * Expected bytes copied from the reference implementation's own unit tests
     * (huggingface/safetensors, safetensors/src/tensor.rs: test_serialization and test_empty),
     * an oracle independent of this code.
     */
    @Test
    void matchesTheReferenceImplementationsTestVectors() throws Exception {
        int[] attn = {
            64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
            116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
            58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
            101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
            0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64
        };
        Path f = dir.resolve("attn.safetensors");
        SafeTensors.write(f, Map.of("attn.0", TensorData.f32(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)));
        assertArrayEquals(toBytes(attn), Files.readAllBytes(f));

        int[] empty = {8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32};
        SafeTensors.write(f, Map.of());
        assertArrayEquals(toBytes(empty), Files.readAllBytes(f));

        int[] framework = {
            40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
            95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
            116, 34, 125, 125, 32, 32, 32, 32, 32
        };
        SafeTensors.write(f, Map.of(), Map.of("framework", "pt"));
        assertArrayEquals(toBytes(framework), Files.readAllBytes(f));
        assertEquals(Map.of("framework", "pt"), SafeTensors.read(f).metadata());
    }

    private static byte[] toBytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /**
     * A file as another writer may produce it: tensors listed out of data order, __metadata__
     * last, whitespace and escapes in the JSON, no padding. Tensors come back in data order.
     */
    @Test
    void readsHeadersInAnyOrderAndSpacing() throws Exception {
        String header = "{ \"z\" : {\"shape\": [2], \"data_offsets\": [4, 12], \"dtype\": \"F32\"},\n"
                + "  \"\\u00e9t\\u00e9\": {\"dtype\": \"I32\", \"shape\": [], \"data_offsets\": [0, 4]},\n"
                + "  \"__metadata__\": {\"note\": \"line\\nbreak \\\"quoted\\\"\"} }";
        byte[] data = bytes("hex:07000000", "hex:0000803f 000020c0");
        Path f = dir.resolve("other.safetensors");
        Files.write(f, SafeTensorsValidationTest.file(header, data));

        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(List.of("été", "z"), List.copyOf(c.tensors().keySet()));
        assertEquals(TensorData.i32(new int[] {7}), c.tensors().get("été"));
        assertEquals(TensorData.f32(new float[] {1.0f, -2.5f}, 2), c.tensors().get("z"));
        assertEquals(Map.of("note", "line\nbreak \"quoted\""), c.metadata());
    }

    // ---- round trips ----------------------------------------------------------------

    @Test
    void roundTripsEveryDtypeShapeAndBitPattern() throws Exception {
        Map<String, TensorData> tensors = new HashMap<>();
        tensors.put("f32", TensorData.f32(new float[] {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.intBitsToFloat(0x7fc00123), 3e-39f}, 3, 3));
        tensors.put("f64", TensorData.f64(new double[] {Math.PI, -0.0, Double.MIN_VALUE, Double.longBitsToDouble(0x7ff8000000abcdefL)}, 2, 1, 2));
        tensors.put("i32", TensorData.i32(new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE}, 5));
        tensors.put("f32 scalar", TensorData.f32(new float[] {42f}));
        tensors.put("f64 scalar", TensorData.f64(new double[] {-1e300}));
        tensors.put("i32 scalar", TensorData.i32(new int[] {-7}));
        tensors.put("f32 empty", TensorData.f32(new float[0], 0));
        tensors.put("f64 empty", TensorData.f64(new double[0], 3, 0, 2));
        tensors.put("i32 empty", TensorData.i32(new int[0], 0, 5));
        tensors.put("opt.m.W1", TensorData.f32(new float[] {0.25f, 0.5f}, 2));
        tensors.put("ünïcødé \"name\" \\ 😀", TensorData.i32(new int[] {1}, 1));
        Path f = dir.resolve("all.safetensors");
        SafeTensors.write(f, tensors);

        Map<String, TensorData> back = SafeTensors.read(f).tensors();
        assertEquals(tensors, back);
        // equals goes through floatToIntBits, which merges NaNs: check the payloads bit for bit.
        assertEquals(0x7fc00123, Float.floatToRawIntBits(back.get("f32").floats()[7]));
        assertEquals(0x7ff8000000abcdefL, Double.doubleToRawLongBits(back.get("f64").doubles()[3]));
        for (String name : tensors.keySet()) {
            assertArrayEquals(tensors.get(name).shape(), back.get(name).shape(), name);
        }
    }

    @Test
    void roundTripsMetadata() throws Exception {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("empty", "");
        metadata.put("controls", "\u0000\u0001\t\n\r\b\f\u001f\u007f");
        metadata.put("quotes", "\"'\\/");
        metadata.put("unicode ключ", "值 😀 \uFFFD");
        metadata.put("json", "{\"a\": [1, 2]}");
        Path f = dir.resolve("meta.safetensors");
        SafeTensors.write(f, Map.of("x", TensorData.f64(new double[] {1})), metadata);
        assertEquals(metadata, SafeTensors.read(f).metadata());
        assertEquals(metadata, SafeTensors.readMetadata(f));
    }

    /** Larger than the 64 KiB buffer the reader and writer move data through, and not a multiple of it. */
    @Test
    void roundTripsTensorsLargerThanTheBuffer() throws Exception {
        float[] f = new float[100_003];
        double[] d = new double[70_007];
        int[] i = new int[33_333];
        for (int k = 0; k < f.length; k++) {
            f[k] = k * 0.5f - 7;
        }
        for (int k = 0; k < d.length; k++) {
            d[k] = Math.sin(k);
        }
        for (int k = 0; k < i.length; k++) {
            i[k] = k * 7919 - 100_000;
        }
        Map<String, TensorData> tensors = Map.of(
                "f", TensorData.f32(f, 100_003),
                "d", TensorData.f64(d, 7, 10_001),
                "i", TensorData.i32(i, 33_333));
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, tensors);
        assertEquals(tensors, SafeTensors.read(file).tensors());
    }

    @Test
    void overwritesAnExistingFile() throws Exception {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, Map.of("a", TensorData.i32(new int[] {1, 2, 3}, 3)));
        SafeTensors.write(f, Map.of("b", TensorData.i32(new int[] {4}, 1)));
        assertEquals(Map.of("b", TensorData.i32(new int[] {4}, 1)), SafeTensors.read(f).tensors());
        assertEquals(List.of(f), SafeTensorsValidationTest.listing(dir), "no temporary file left");
    }

    @Test
    void writesToARelativePath() throws Exception {
        Path f = Path.of("target", "relative-" + System.nanoTime() + ".safetensors");
        try {
            SafeTensors.write(f, Map.of("a", TensorData.i32(new int[] {1})));
            assertEquals(Map.of("a", TensorData.i32(new int[] {1})), SafeTensors.read(f).tensors());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    void refusesNamesTheFormatCannotHold() throws Exception {
        Path f = dir.resolve("bad.safetensors");
        Map<String, TensorData> reserved = Map.of("__metadata__", TensorData.i32(new int[] {1}));
        assertEquals("a tensor cannot be named __metadata__: the format reserves it for metadata",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, reserved)).getMessage());
        Map<String, TensorData> surrogate = Map.of("a\uD800", TensorData.i32(new int[] {1}));
        assertEquals("tensor name \"a\uD800\" has a lone surrogate at index 1",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, surrogate)).getMessage());
        Map<String, String> badValue = Map.of("k", "\uDC00");
        assertEquals("metadata value of 'k' \"\uDC00\" has a lone surrogate at index 0",
                assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of(), badValue)).getMessage());
        assertEquals(List.of(), SafeTensorsValidationTest.listing(dir), "nothing written");
    }
}
