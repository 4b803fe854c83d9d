package dev.nnc.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests, independently of the reader: header and values by hand. */
final class IdxWriter {
    private IdxWriter() {}

    /** The bytes of an IDX file holding {@code values} (each cast to the type) with this shape. */
    static byte[] bytes(IdxType type, int[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + values.length * type.bytes());
        b.put((byte) 0).put((byte) 0).put((byte) type.code()).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        for (double v : values) {
            switch (type) {
                case UBYTE:
                case BYTE:
                    b.put((byte) (int) v);
                    break;
                case SHORT:
                    b.putShort((short) v);
                    break;
                case INT:
                    b.putInt((int) v);
                    break;
                case FLOAT:
                    b.putFloat((float) v);
                    break;
                default:
                    b.putDouble(v);
            }
        }
        return b.array();
    }

    static Path write(Path file, IdxType type, int[] shape, double[] values, boolean gzip) throws IOException {
        return writeBytes(file, bytes(type, shape, values), gzip);
    }

    static Path writeBytes(Path file, byte[] bytes, boolean gzip) throws IOException {
        Files.write(file, gzip ? gzip(bytes) : bytes);
        return file;
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
