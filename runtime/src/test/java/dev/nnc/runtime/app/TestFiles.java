package dev.nnc.runtime.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small data files for tests. */
final class TestFiles {
    private TestFiles() {}

    /** An IDX file of unsigned bytes (type 0x08), gzip-compressed when asked. */
    static Path idx(Path file, int[] shape, int[] values, boolean gzip) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) shape.length);
        for (int d : shape) {
            b.putInt(d);
        }
        for (int v : values) {
            b.put((byte) v);
        }
        byte[] bytes = b.array();
        if (gzip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            }
            bytes = out.toByteArray();
        }
        return Files.write(file, bytes);
    }

    static Path text(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }

    /** Iris as the sample holds it (samples/data/iris.csv), found from the working directory. */
    static Path iris() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("samples/data/iris.csv"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find samples/data/iris.csv above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples/data/iris.csv");
    }
}
