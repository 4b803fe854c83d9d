package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed (told
 * apart by their first bytes, not their names).
 *
 * <p>The format: two zero bytes, a type code ({@link IdxType}), the number of dimensions;
 * then each dimension as a big-endian int32; then the values, big-endian, row-major. The
 * first dimension counts the examples.
 */
public final class Idx {
    /** The largest array the JVM will allocate (a few bytes under 2^31). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Idx() {}

    /** Images (or any values) as features, scaled by {@code scale} (1 for none). */
    public static Field features(Path path, DType type, double scale) {
        return read(path).features(type, scale);
    }

    /** Class labels, checked to lie in {@code [0, classCount)}; 0 checks only that none is negative. */
    public static Field labels(Path path, int classCount) {
        return read(path).labels(classCount);
    }

    /** An images file and its labels file as one data set. */
    public static Dataset load(Path images, Path labels, DType type, double scale, int classCount) {
        return Dataset.of(features(images, type, scale), labels(labels, classCount));
    }

    /** The whole file, checked against its header. */
    public static IdxArray read(Path path) {
        DataFile.Opened file = DataFile.open(path);
        try {
            return parse(path, file.in, file.gzip);
        } catch (IOException e) {
            throw DataFile.ioError(path, file.gzip, e);
        } finally {
            try {
                file.close();
            } catch (IOException ignored) {
                // Everything has been read: a failure to close loses nothing.
            }
        }
    }

    private static IdxArray parse(Path path, InputStream in, boolean gzip) throws IOException {
        String name = path.toString();
        String unpacked = gzip ? " once decompressed" : "";
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) {
            throw new DataException(name + " is empty" + unpacked + ": an IDX file starts with a 4-byte magic number");
        }
        IdxType type = magic.length == 4 ? IdxType.ofCode(magic[2] & 0xFF) : null;
        int ndims = magic.length == 4 ? magic[3] & 0xFF : 0;
        if (magic[0] != 0 || magic.length < 2 || magic[1] != 0 || type == null || ndims == 0) {
            throw new DataException(name + " is not an IDX file" + unpacked + ": it starts with bytes " + hex(magic)
                    + ", but an IDX file starts with 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) and the"
                    + " number of dimensions" + textHint(magic));
        }

        byte[] dimBytes = in.readNBytes(4 * ndims);
        if (dimBytes.length < 4 * ndims) {
            throw new DataException(name + " is truncated" + unpacked + ": its header announces " + ndims
                    + " dimensions (4 bytes each), but the file ends " + dimBytes.length + " bytes into them");
        }
        ByteBuffer dims = ByteBuffer.wrap(dimBytes);
        int[] shape = new int[ndims];
        long values = 1;
        for (int i = 0; i < ndims; i++) {
            shape[i] = dims.getInt();
            if (shape[i] < 0 || (shape[i] == 0 && i > 0)) {
                // A first dimension of 0 is an empty data set, reported as such by Dataset.
                throw new DataException(name + " has a corrupt header: dimension " + (i + 1) + " is " + shape[i]);
            }
            values *= shape[i];
            if (values * type.bytes() > MAX_ARRAY) {
                throw new DataException(name + " is too large: its header describes more values than one Java"
                        + " array holds (" + java.util.Arrays.toString(shape) + " of " + type + ")");
            }
        }
        int bytes = (int) (values * type.bytes());
        String described = "its header describes " + Field.describe(shape) + " values of type " + type
                + ", " + bytes + " bytes of data";

        byte[] data;
        if (gzip) {
            int header = 4 + 4 * ndims;
            data = gzipTrailerSize(path) == header + (long) bytes ? readExactly(in, bytes) : readGrowing(in, bytes);
            if (data.length < bytes) {
                throw new DataException(name + " is truncated: " + described + ", but only " + data.length
                        + " bytes follow the header once decompressed");
            }
            long extra = in.transferTo(java.io.OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataException(name + " has " + extra + " bytes more than " + described
                        + " (once decompressed): is the shape in the header right?");
            }
        } else {
            long present = Files.size(path) - 4 - 4L * ndims;
            if (present < bytes) {
                throw new DataException(name + " is truncated: " + described + ", but only " + present
                        + " bytes follow the header");
            }
            if (present > bytes) {
                throw new DataException(name + " has " + (present - bytes) + " bytes more than " + described
                        + ": is the shape in the header right?");
            }
            data = new byte[bytes];
            in.readNBytes(data, 0, bytes);
        }
        return new IdxArray(name, type, shape, data);
    }

    /**
     * The uncompressed size a gzip file declares in its last four bytes (ISIZE, little-endian,
     * modulo 2^32), or -1. When it agrees with the IDX header, the data can be read straight
     * into an array of the final size instead of a growing one: a 47 MB file then costs one
     * 47 MB array, not a series of copies.
     */
    private static long gzipTrailerSize(Path path) {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(path)) {
            if (ch.size() < 18) {
                return -1;
            }
            ByteBuffer b = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.position(ch.size() - 4);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read all four bytes
            }
            return b.hasRemaining() ? -1 : b.getInt(0) & 0xFFFFFFFFL;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads up to {@code wanted} bytes into one array; shorter only when the stream ends early. */
    private static byte[] readExactly(InputStream in, int wanted) throws IOException {
        byte[] data = new byte[wanted];
        int n = in.readNBytes(data, 0, wanted);
        return n == wanted ? data : java.util.Arrays.copyOf(data, n);
    }

    /**
     * Reads up to {@code wanted} bytes, growing the array as data arrives, so a corrupt
     * header that claims 2 GB does not make us allocate 2 GB before finding out.
     */
    private static byte[] readGrowing(InputStream in, int wanted) throws IOException {
        byte[] buf = new byte[Math.min(wanted, 1 << 20)];
        int n = 0;
        while (true) {
            n += in.readNBytes(buf, n, buf.length - n);
            if (n < buf.length || n == wanted) {
                return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
            }
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(wanted, 2L * buf.length));
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
        }
        return s.toString();
    }

    /** A hint when the bytes are printable text: a CSV file passed where images were expected. */
    private static String textHint(byte[] bytes) {
        for (byte b : bytes) {
            if (!(b >= 0x20 && b < 0x7F) && b != '\t' && b != '\n' && b != '\r') {
                return "";
            }
        }
        return " (\"" + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("\n", "\\n").replace("\r", "\\r") + "\": it looks like a text file)";
    }
}
