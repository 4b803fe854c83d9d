package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be unreadable gets its own message, naming the file. */
class SafeTensorsValidationTest {
    @TempDir
    Path dir;

    /** A file with this header (unpadded) and data: what a buggy or hostile writer could produce. */
    static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    static byte[] file(byte[] header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le64(header.length));
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] le64(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    /** Writes the bytes and returns the message of reading them, which must start with the file name. */
    private String error(byte[] content) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, content);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(f));
        assertEquals(f, e.file());
        String prefix = f + ": ";
        assertEquals(prefix, e.getMessage().substring(0, prefix.length()), e.getMessage());
        // The header check alone must reach the same verdict.
        assertEquals(e.getMessage(), assertThrows(CheckpointException.class, () -> SafeTensors.readMetadata(f)).getMessage());
        return e.getMessage().substring(prefix.length());
    }

    private String error(String header, int dataBytes) throws IOException {
        return error(file(header, new byte[dataBytes]));
    }

    /** A header with one tensor entry. */
    private static String one(String entry) {
        return "{\"w\":" + entry + "}";
    }

    @Test
    void tooShortForTheLength() throws Exception {
        assertEquals("file is 0 bytes, too short for the 8-byte header length that starts a safetensors file", error(new byte[0]));
        assertEquals("file is 5 bytes, too short for the 8-byte header length that starts a safetensors file", error(new byte[5]));
    }

    @Test
    void absurdHeaderLength() throws Exception {
        assertEquals("header length 100000001 is absurd (the format's limit is 100000000 bytes): not a safetensors file",
                error(le64(100_000_001)));
        assertEquals("header length 18446744073709551615 is absurd (the format's limit is 100000000 bytes): not a safetensors file",
                error(le64(-1)), "the length is unsigned");
        // A text file read as a safetensors file: "PK\3\4..." or "# weights" give absurd lengths.
        assertEquals("header length 8388068008349081635 is absurd (the format's limit is 100000000 bytes): not a safetensors file",
                error("# weights are in the other file\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void headerLongerThanTheFile() throws Exception {
        byte[] content = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        byte[] cut = java.util.Arrays.copyOf(content, 30);
        assertEquals("header length 54 exceeds the 22 bytes after the length field: the file is truncated or not a safetensors file",
                error(cut));
    }

    @Test
    void headerNotUtf8() throws Exception {
        byte[] header = "{\"w\u00e9\":{}}".getBytes(StandardCharsets.ISO_8859_1); // é as Latin-1, not UTF-8
        assertEquals("header is not UTF-8: invalid byte 0xe9 at file offset 11", error(file(header, new byte[0])));
    }

    @Test
    void headerNotJson() throws Exception {
        assertEquals("header is not valid JSON: expected ':' after key, found ',' at file offset 12", error("{\"w\",1}", 0));
        assertEquals("header is not valid JSON: unexpected end of input, expected a value at file offset 8", error("", 0));
        assertEquals("header is not valid JSON: unexpected byte 0x00 after the end of the JSON value at file offset 10",
                error(file(new byte[] {'{', '}', 0, 0, 0, 0, 0, 0}, new byte[0])), "padded with NULs instead of spaces");
        assertEquals("header is not valid JSON: duplicate key \"w\" at file offset 61",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"w\":{}}", 4));
    }

    @Test
    void headerNotAnObject() throws Exception {
        assertEquals("header is not a JSON object but an array", error("[1, 2]", 0));
        assertEquals("header is not a JSON object but the string \"w\"", error("\"w\"", 0));
    }

    @Test
    void entryIncomplete() throws Exception {
        assertEquals("tensor 'w' must be described by an object with dtype, shape and data_offsets, but is an array",
                error(one("[0, 4]"), 4));
        assertEquals("tensor 'w' has no dtype", error(one("{\"shape\":[1],\"data_offsets\":[0,4]}"), 4));
        assertEquals("tensor 'w' has no shape", error(one("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}"), 4));
        assertEquals("tensor 'w' has no data_offsets", error(one("{\"dtype\":\"F32\",\"shape\":[1]}"), 4));
        assertEquals("tensor 'w' has an unknown field 'offsets' (expected only dtype, shape and data_offsets)",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"offsets\":[0,4]}"), 4));
    }

    @Test
    void dtypeUnknownOrUnsupported() throws Exception {
        assertEquals("tensor 'w' has unknown dtype \"float32\" (nnc reads F32, F64 and I32)",
                error(one("{\"dtype\":\"float32\",\"shape\":[1],\"data_offsets\":[0,4]}"), 4));
        for (String dtype : List.of("F16", "BF16", "I64", "U8", "BOOL")) {
            assertEquals("tensor 'w' has dtype " + dtype + ", a valid safetensors dtype that nnc does not support"
                            + " (nnc reads F32, F64 and I32; convert the tensor before loading)",
                    error(one("{\"dtype\":\"" + dtype + "\",\"shape\":[1],\"data_offsets\":[0,2]}"), 2));
        }
        assertEquals("tensor 'w' has dtype 32, expected a string such as \"F32\"",
                error(one("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}"), 4));
    }

    @Test
    void shapeNotNonNegativeIntegers() throws Exception {
        assertEquals("tensor 'w' has a bad shape: dimension 1 is -1, expected a non-negative integer",
                error(one("{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,0]}"), 0));
        assertEquals("tensor 'w' has a bad shape: dimension 0 is 2.5, expected a non-negative integer",
                error(one("{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}"), 8));
        assertEquals("tensor 'w' has a bad shape: dimension 0 is 2.0, expected a non-negative integer",
                error(one("{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}"), 8));
        assertEquals("tensor 'w' has a bad shape: dimension 0 is the string \"2\", expected a non-negative integer",
                error(one("{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}"), 8));
        assertEquals("tensor 'w' has shape 2, expected an array of non-negative integers",
                error(one("{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}"), 8));
        assertEquals("tensor 'w' has a bad shape: dimension 0 is 4294967296, larger than a Java array holds (2147483639)",
                error(one("{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,0]}"), 0));
        assertEquals("tensor 'w' has shape [65536, 65536], more elements than a Java array holds (2147483639)",
                error(one("{\"dtype\":\"I32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}"), 0));
    }

    @Test
    void offsetsMalformedOrNotMatchingTheShape() throws Exception {
        assertEquals("tensor 'w' has data_offsets [0, 12] (12 bytes) but shape [2] of F32 needs 8 bytes",
                error(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,12]}"), 12));
        assertEquals("tensor 'w' has data_offsets [0, 4] (4 bytes) but shape [] of F64 needs 8 bytes",
                error(one("{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,4]}"), 4));
        assertEquals("tensor 'w' has data_offsets [8, 4], expected [begin, end] with 0 <= begin <= end",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}"), 8));
        assertEquals("tensor 'w' has data_offsets [-4, 0], expected [begin, end] with 0 <= begin <= end",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}"), 0));
        assertEquals("tensor 'w' has data_offsets an array, expected [begin, end] with 0 <= begin <= end",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,2,4]}"), 4));
        assertEquals("tensor 'w' has data_offsets [0, 4.0], expected [begin, end] with 0 <= begin <= end",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]}"), 4));
    }

    @Test
    void rangesOverlappingOrWithGaps() throws Exception {
        assertEquals("tensors 'a' and 'b' overlap: 'a' ends at data offset 8 but 'b' begins at 4",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        assertEquals("gap of 4 bytes before tensor 'b': data offsets 8 to 12 belong to no tensor",
                error("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 16));
        assertEquals("gap of 4 bytes before tensor 'a': data offsets 0 to 4 belong to no tensor",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}").replace("\"w\"", "\"a\""), 8));
        assertEquals("tensors 'a' and 'b' overlap: 'a' ends at data offset 4 but 'b' begins at 0",
                error("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "the same range twice");
    }

    @Test
    void truncatedData() throws Exception {
        String header = "{\"a\":{\"dtype\":\"F64\",\"shape\":[10],\"data_offsets\":[0,80]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":[80,100]}}";
        assertEquals("file is truncated: the header describes 100 bytes of tensor data but only 61 follow it (39 bytes missing)",
                error(header, 61));
        assertEquals("file is truncated: the header describes 100 bytes of tensor data but only 0 follow it (100 bytes missing)",
                error(header, 0));
    }

    /** A header claiming 2 GB of data in a small file fails on the size check, before allocating it. */
    @Test
    void aLyingHeaderDoesNotAllocate() throws Exception {
        assertEquals("file is truncated: the header describes 2147483636 bytes of tensor data but only 4 follow it (2147483632 bytes missing)",
                error(one("{\"dtype\":\"F32\",\"shape\":[536870909],\"data_offsets\":[0,2147483636]}"), 4));
    }

    @Test
    void trailingGarbage() throws Exception {
        assertEquals("3 bytes of trailing garbage after the last tensor (the tensors end at file offset 66, the file is 69 bytes)",
                error(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}"), 7));
        assertEquals("1 bytes of trailing garbage after the last tensor (the tensors end at file offset 10, the file is 11 bytes)",
                error("{}", 1));
    }

    @Test
    void metadataNotStrings() throws Exception {
        assertEquals("__metadata__ must be an object of strings, but is an array", error("{\"__metadata__\":[]}", 0));
        assertEquals("__metadata__ value of 'epoch' must be a string, but is 3", error("{\"__metadata__\":{\"epoch\":3}}", 0));
        assertEquals("__metadata__ value of 'x' must be a string, but is null", error("{\"__metadata__\":{\"x\":null}}", 0));
    }

    /** A valid file of each edge case passes, so the checks above are not over-eager. */
    @Test
    void validEdgeCasesPass() throws Exception {
        Path f = dir.resolve("ok.safetensors");
        Files.write(f, file("{}", new byte[0]));
        assertEquals(Map.of(), SafeTensors.read(f).tensors());
        Files.write(f, file("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
                + "\"s\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"z\":{\"dtype\":\"F64\",\"shape\":[7, 0],\"data_offsets\":[4,4]}}", new byte[4]));
        assertEquals(List.of("e", "s", "z"), List.copyOf(SafeTensors.read(f).tensors().keySet()));
    }
}
