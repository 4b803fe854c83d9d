package dev.nnc.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes tensors in the safetensors layout, the format of Hugging Face's
 * {@code safetensors} library, so weights move between nnc and Python unchanged:
 *
 * <pre>
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   UTF-8 JSON: {"__metadata__": {"k": "v", ...},            (optional)
 *                          "name": {"dtype": "F32", "shape": [2, 3],
 *                                   "data_offsets": [begin, end]}, ...}
 *             padded with spaces to a multiple of 8 bytes
 *   the rest  the data section: each tensor's values, row-major, little-endian, at
 *             [begin, end) from the start of the data section, contiguous, no gaps
 * </pre>
 *
 * <p>{@link #write} lays tensors out as the reference implementation does (see {@link
 * SafeTensorsHeader#FILE_ORDER}), so the bytes are the ones Python writes for the same
 * tensors, and replaces the file atomically ({@link AtomicFile}): a crash never leaves a
 * half-written file under the real name.
 *
 * <p>{@link #read} checks everything before it trusts anything: every way a file can be
 * short, corrupt or not a safetensors file at all is a {@link CheckpointException} naming the
 * file and the problem, checked before any tensor's memory is allocated, so a lying header
 * cannot make it allocate gigabytes.
 */
public final class SafeTensors {
    /** The reference implementation's limit: a larger header is not a safetensors file. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    /** Bytes moved per read or write call; a multiple of every element size. */
    private static final int CHUNK = 1 << 16;

    private SafeTensors() {}

    /**
     * What a file holds: tensors in the order of their data in the file, and the metadata in
     * header order. Both maps are unmodifiable.
     */
    public record Contents(Map<String, TensorData> tensors, Map<String, String> metadata) {}

    public static void write(Path file, Map<String, TensorData> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, atomically: on failure the
     * previous file, if any, is untouched and no temporary file remains.
     *
     * @throws IllegalArgumentException if a name is {@code __metadata__} (reserved by the
     *     format) or a name, key or value is not well-formed Unicode (a lone surrogate has no
     *     UTF-8 encoding)
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, TensorData>> ordered = new ArrayList<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = checkText("tensor name", e.getKey());
            if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + name + ": the format reserves it for metadata");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensor '" + name + "' is null");
            }
            ordered.add(Map.entry(name, e.getValue()));
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            checkText("metadata key", e.getKey());
            checkText("metadata value of '" + e.getKey() + "'", e.getValue());
        }
        ordered.sort(SafeTensorsHeader.FILE_ORDER);
        byte[] header = SafeTensorsHeader.encode(ordered, metadata);

        AtomicFile.write(file, channel -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).flip();
            writeFully(channel, buf);
            writeFully(channel, ByteBuffer.wrap(header));
            for (Map.Entry<String, TensorData> e : ordered) {
                writeValues(channel, buf, e.getValue());
            }
        });
    }

    private static String checkText(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " \"" + s + "\" has a lone surrogate at index " + i);
            }
        }
        return s;
    }

    /** Reads a whole file, checking it first; see the class comment. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(file, ch);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (SafeTensorsHeader.Entry e : layout.header().entries) {
                tensors.put(e.name(), readValues(file, ch, buf, layout.dataStart() + e.begin(), e));
            }
            return new Contents(Collections.unmodifiableMap(tensors), layout.header().metadata);
        }
    }

    /**
     * Reads only the metadata, after checking the header and that the file's size matches it:
     * cheap even for a large file, since the data is not read.
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return layout(file, ch).header().metadata;
        }
    }

    /** A checked header and where the data section starts. */
    private record Layout(SafeTensorsHeader header, long dataStart) {}

    private static Layout layout(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw fail(file, "file is " + size + " bytes, too short for the 8-byte header length that starts a safetensors file");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lengthBytes, 0);
        long n = lengthBytes.flip().getLong();
        // Unsigned: a length with the top bit set is negative as a long and absurd either way.
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw fail(file, "header length " + Long.toUnsignedString(n) + " is absurd (the format's limit is "
                    + MAX_HEADER_BYTES + " bytes): not a safetensors file");
        }
        if (n > size - 8) {
            throw fail(file, "header length " + n + " exceeds the " + (size - 8)
                    + " bytes after the length field: the file is truncated or not a safetensors file");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(file, ch, headerBytes, 8);
        SafeTensorsHeader header = SafeTensorsHeader.decode(file, headerBytes.array(), 8);

        long dataStart = 8 + n;
        long present = size - dataStart;
        long described = header.dataLength();
        if (present < described) {
            throw fail(file, "file is truncated: the header describes " + described + " bytes of tensor data but only "
                    + present + " follow it (" + (described - present) + " bytes missing)");
        }
        if (present > described) {
            throw fail(file, (present - described) + " bytes of trailing garbage after the last tensor (the tensors end at file offset "
                    + (dataStart + described) + ", the file is " + size + " bytes)");
        }
        return new Layout(header, dataStart);
    }

    /** Copies {@code count} elements between a chunk of bytes and an array, from element {@code from} on. */
    @FunctionalInterface
    private interface ChunkCopy {
        void copy(ByteBuffer chunk, int from, int count);
    }

    private static void writeValues(FileChannel ch, ByteBuffer buf, TensorData t) throws IOException {
        ChunkCopy put;
        switch (t.dtype()) {
            case F32: {
                float[] v = t.floats();
                put = (b, from, n) -> b.asFloatBuffer().put(v, from, n);
                break;
            }
            case F64: {
                double[] v = t.doubles();
                put = (b, from, n) -> b.asDoubleBuffer().put(v, from, n);
                break;
            }
            default: {
                int[] v = t.ints();
                put = (b, from, n) -> b.asIntBuffer().put(v, from, n);
            }
        }
        int size = t.dtype().byteSize();
        int perChunk = CHUNK / size;
        for (int done = 0; done < t.size(); done += perChunk) {
            int count = Math.min(perChunk, t.size() - done);
            buf.clear();
            put.copy(buf, done, count); // through a view: buf's position stays 0
            buf.limit(count * size);
            writeFully(ch, buf);
        }
    }

    private static TensorData readValues(Path file, FileChannel ch, ByteBuffer buf, long position, SafeTensorsHeader.Entry e)
            throws IOException {
        int total = (int) TensorData.elementCount(e.shape()); // the header check bounds it
        switch (e.dtype()) {
            case F32: {
                float[] v = new float[total];
                readChunks(file, ch, buf, position, total, 4, (b, from, n) -> b.asFloatBuffer().get(v, from, n));
                return TensorData.f32(v, e.shape());
            }
            case F64: {
                double[] v = new double[total];
                readChunks(file, ch, buf, position, total, 8, (b, from, n) -> b.asDoubleBuffer().get(v, from, n));
                return TensorData.f64(v, e.shape());
            }
            default: {
                int[] v = new int[total];
                readChunks(file, ch, buf, position, total, 4, (b, from, n) -> b.asIntBuffer().get(v, from, n));
                return TensorData.i32(v, e.shape());
            }
        }
    }

    private static void readChunks(Path file, FileChannel ch, ByteBuffer buf, long position, int total, int size, ChunkCopy get)
            throws IOException {
        int perChunk = CHUNK / size;
        for (int done = 0; done < total; done += perChunk) {
            int count = Math.min(perChunk, total - done);
            buf.clear().limit(count * size);
            readFully(file, ch, buf, position + (long) done * size);
            get.copy(buf.flip(), done, count);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                // The size was checked before reading, so only a concurrent writer gets here.
                throw fail(file, "file ended at byte " + at + " while being read: it changed during the read");
            }
            at += n;
        }
    }

    private static CheckpointException fail(Path file, String detail) {
        return new CheckpointException(file, file + ": " + detail);
    }
}
