package dev.nnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening a data file, with the checks every loader needs before it reads a byte. */
final class DataFile {
    /** Large buffers: reading a 47 MB file in the default 8 KB pieces is measurably slower. */
    static final int BUFFER = 1 << 16;

    private DataFile() {}

    /** A readable regular file, or a DataException saying why not. */
    static void check(Path path) {
        if (Files.isDirectory(path)) {
            throw new DataException(path + " is a directory, not a data file");
        }
        if (!Files.exists(path)) {
            String where = path.isAbsolute() ? "" : " (looked for " + path.toAbsolutePath() + ")";
            throw new DataException("file not found: " + path + where);
        }
        if (!Files.isReadable(path)) {
            throw new DataException("cannot read " + path + ": permission denied");
        }
    }

    /**
     * Opens the file and, when it starts with the gzip magic bytes 1F 8B, decompresses it.
     * Detecting by content rather than by the ".gz" suffix means a renamed file still loads.
     */
    static Opened open(Path path) {
        check(path);
        try {
            BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), BUFFER);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1F && b1 == 0x8B) {
                return new Opened(new GZIPInputStream(in, BUFFER), true);
            }
            return new Opened(in, false);
        } catch (AccessDeniedException e) {
            throw new DataException("cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            // GZIPInputStream reads the gzip header at once: a bad one lands here.
            throw ioError(path, true, e);
        }
    }

    /** The message for an I/O failure while reading, gzip damage told apart from the rest. */
    static DataException ioError(Path path, boolean gzip, IOException e) {
        if (gzip && e instanceof java.io.EOFException) {
            return new DataException(path + ": the gzip data ends early: the file is truncated", e);
        }
        if (gzip && (e instanceof java.util.zip.ZipException)) {
            return new DataException(path + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return new DataException("cannot read " + path + ": " + e.getMessage(), e);
    }

    /** An open stream and whether it is being decompressed. */
    static final class Opened implements AutoCloseable {
        final InputStream in;
        final boolean gzip;

        Opened(InputStream in, boolean gzip) {
            this.in = in;
            this.gzip = gzip;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
