package dev.nnc.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: encoding it for {@link SafeTensors#write}, and
 * decoding and checking it for {@link SafeTensors#read}. Knows nothing of files beyond the
 * name it puts in messages.
 */
final class SafeTensorsHeader {
    static final String METADATA_KEY = "__metadata__";

    /** The dtypes of the safetensors format that nnc does not read, to tell them from typos. */
    private static final Set<String> OTHER_SAFETENSORS_DTYPES = Set.of(
            "BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "U32", "I64", "U64",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    /** One tensor as the header describes it; offsets are relative to the data section. */
    record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    /** The tensors in data order (by offsets), and the metadata in header order. */
    final List<Entry> entries;
    final Map<String, String> metadata;

    private SafeTensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Bytes of tensor data the header describes: where the last tensor ends. */
    long dataLength() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
    }

    // ---- writing ------------------------------------------------------------------------

    /**
     * The order in which the reference implementation lays tensors out: by dtype, widest
     * alignment first (F64, then F32, then I32: the reverse of its Dtype enum order), then by
     * name as UTF-8 bytes. The header is padded to a multiple of 8 bytes, so every tensor's data
     * starts aligned to its element size, which lets readers map the file and use the bytes in
     * place. Following the same order makes nnc's files byte-identical to Python's for the same
     * tensors, whatever order the caller's map iterates in.
     */
    static final Comparator<Map.Entry<String, TensorData>> FILE_ORDER =
            Comparator.<Map.Entry<String, TensorData>>comparingInt(e -> dtypeRank(e.getValue().dtype()))
                    .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey())));

    private static int dtypeRank(DType dtype) {
        switch (dtype) {
            case F64: return 0;
            case F32: return 1;
            default: return 2;
        }
    }

    /**
     * The header bytes, space-padded to a multiple of 8, for tensors already in {@link
     * #FILE_ORDER}. Metadata keys are written sorted (the reference writes a hash map, in no
     * fixed order), so the same content always gives the same bytes; it is omitted when empty,
     * as Python omits {@code metadata=None}.
     */
    static byte[] encode(List<Map.Entry<String, TensorData>> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b)));
            Map<String, Object> sorted = new LinkedHashMap<>();
            for (String k : keys) {
                sorted.put(k, metadata.get(k));
            }
            header.put(METADATA_KEY, sorted);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors) {
            TensorData t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add(d);
            }
            Map<String, Object> info = new LinkedHashMap<>(); // field order as the reference writes it
            info.put("dtype", t.dtype().name());
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + t.byteSize()));
            offset += t.byteSize();
            header.put(e.getKey(), info);
        }
        byte[] json = utf8(JsonWriter.write(header));
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- reading ------------------------------------------------------------------------

    /**
     * Parses and checks a header; {@code headerOffset} is where it starts in the file, so that
     * syntax errors give file offsets.
     */
    static SafeTensorsHeader decode(Path file, byte[] header, int headerOffset) throws CheckpointException {
        int bad = JsonReader.invalidUtf8At(header, 0, header.length);
        if (bad >= 0) {
            throw fail(file, String.format("header is not UTF-8: invalid byte 0x%02x at file offset %d",
                    header[bad] & 0xFF, headerOffset + bad));
        }
        Object root;
        try {
            root = JsonReader.parse(header);
        } catch (JsonReader.SyntaxError e) {
            throw fail(file, "header is not valid JSON: " + e.reason + " at file offset " + (headerOffset + e.offset));
        }
        if (!(root instanceof Map)) {
            throw fail(file, "header is not a JSON object but " + describe(root));
        }
        Map<String, String> metadata = Collections.emptyMap();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> member : ((Map<?, ?>) root).entrySet()) {
            String name = (String) member.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(file, member.getValue());
            } else {
                entries.add(entry(file, name, member.getValue()));
            }
        }
        // Ties (empty tensors share offsets) keep header order: the sort is stable.
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkContiguous(file, entries);
        return new SafeTensorsHeader(Collections.unmodifiableList(entries), metadata);
    }

    private static Map<String, String> metadata(Path file, Object value) throws CheckpointException {
        if (!(value instanceof Map)) {
            throw fail(file, METADATA_KEY + " must be an object of strings, but is " + describe(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw fail(file, METADATA_KEY + " value of '" + e.getKey() + "' must be a string, but is " + describe(e.getValue()));
            }
            metadata.put((String) e.getKey(), (String) e.getValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry entry(Path file, String name, Object value) throws CheckpointException {
        String what = "tensor '" + name + "'";
        if (!(value instanceof Map)) {
            throw fail(file, what + " must be described by an object with dtype, shape and data_offsets, but is " + describe(value));
        }
        Map<?, ?> info = (Map<?, ?>) value;
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw fail(file, what + " has an unknown field '" + key + "' (expected only dtype, shape and data_offsets)");
            }
        }
        DType dtype = dtype(file, what, require(file, what, info, "dtype"));
        int[] shape = shape(file, what, require(file, what, info, "shape"));
        long[] offsets = offsets(file, what, require(file, what, info, "data_offsets"));

        long count = TensorData.elementCount(shape); // capped just above MAX_ELEMENTS, so no overflow below
        if (count > TensorData.MAX_ELEMENTS) {
            throw fail(file, what + " has shape " + Arrays.toString(shape)
                    + ", more elements than a Java array holds (" + TensorData.MAX_ELEMENTS + ")");
        }
        long need = count * dtype.byteSize();
        long have = offsets[1] - offsets[0];
        if (have != need) {
            throw fail(file, what + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] (" + have
                    + " bytes) but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need + " bytes");
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static Object require(Path file, String what, Map<?, ?> info, String field) throws CheckpointException {
        Object v = info.get(field);
        if (v == null) {
            throw fail(file, what + " has no " + field);
        }
        return v;
    }

    private static DType dtype(Path file, String what, Object value) throws CheckpointException {
        if (!(value instanceof String)) {
            throw fail(file, what + " has dtype " + describe(value) + ", expected a string such as \"F32\"");
        }
        String s = (String) value;
        for (DType d : DType.values()) {
            if (d.name().equals(s)) {
                return d;
            }
        }
        if (OTHER_SAFETENSORS_DTYPES.contains(s)) {
            throw fail(file, what + " has dtype " + s + ", a valid safetensors dtype that nnc does not support"
                    + " (nnc reads F32, F64 and I32; convert the tensor before loading)");
        }
        throw fail(file, what + " has unknown dtype \"" + s + "\" (nnc reads F32, F64 and I32)");
    }

    private static int[] shape(Path file, String what, Object value) throws CheckpointException {
        if (!(value instanceof List)) {
            throw fail(file, what + " has shape " + describe(value) + ", expected an array of non-negative integers");
        }
        List<?> dims = (List<?>) value;
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long) || (Long) d < 0) {
                throw fail(file, what + " has a bad shape: dimension " + i + " is " + describe(d)
                        + ", expected a non-negative integer");
            }
            if ((Long) d > TensorData.MAX_ELEMENTS) {
                throw fail(file, what + " has a bad shape: dimension " + i + " is " + d
                        + ", larger than a Java array holds (" + TensorData.MAX_ELEMENTS + ")");
            }
            shape[i] = (int) (long) (Long) d;
        }
        return shape;
    }

    private static long[] offsets(Path file, String what, Object value) throws CheckpointException {
        String expected = ", expected [begin, end] with 0 <= begin <= end";
        if (!(value instanceof List) || ((List<?>) value).size() != 2) {
            throw fail(file, what + " has data_offsets " + describe(value) + expected);
        }
        List<?> pair = (List<?>) value;
        Object b = pair.get(0);
        Object e = pair.get(1);
        if (!(b instanceof Long) || !(e instanceof Long) || (Long) b < 0 || (Long) e < (Long) b) {
            throw fail(file, what + " has data_offsets [" + b + ", " + e + "]" + expected);
        }
        return new long[] {(Long) b, (Long) e};
    }

    /** Sorted by offsets, each tensor must begin where the previous one ended, the first at 0. */
    private static void checkContiguous(Path file, List<Entry> entries) throws CheckpointException {
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < expected) {
                throw fail(file, "tensors '" + previous.name() + "' and '" + e.name() + "' overlap: '" + previous.name()
                        + "' ends at data offset " + expected + " but '" + e.name() + "' begins at " + e.begin());
            }
            if (e.begin() > expected) {
                throw fail(file, "gap of " + (e.begin() - expected) + " bytes before tensor '" + e.name()
                        + "': data offsets " + expected + " to " + e.begin() + " belong to no tensor");
            }
            expected = e.end();
            previous = e;
        }
    }

    /** A JSON value as a message names it: {@code the string "x"}, {@code 2.5}, {@code an array}. */
    static String describe(Object v) {
        if (v instanceof String) {
            return "the string \"" + v + "\"";
        } else if (v instanceof Map) {
            return "an object";
        } else if (v instanceof List) {
            return "an array";
        }
        return v.toString(); // numbers, booleans and JsonReader.NULL print as in JSON
    }

    private static CheckpointException fail(Path file, String detail) {
        return new CheckpointException(file, file + ": " + detail);
    }
}
