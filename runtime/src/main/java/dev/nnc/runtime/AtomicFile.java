package dev.nnc.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file all at once: readers of the file, and anyone looking after a crash, see
 * either the old content or the complete new content, never a part.
 *
 * <p>The protocol: write to a new temporary file in the same directory (a rename is atomic
 * only within one file system), named {@code .NAME.RANDOM.tmp}; force its content and size to
 * the device ({@link FileChannel#force}), since otherwise the rename can reach the disk
 * before the data and a power cut leaves an empty file under the real name; rename it over
 * the target with {@code ATOMIC_MOVE}; then force the directory, so the rename itself is
 * durable. On any failure before the rename the temporary file is deleted and the target is
 * untouched. A process killed mid-write leaves only a temporary file, which {@link
 * #targetOf} recognises so that its owner can clean it up.
 *
 * <p>Where the file system cannot move atomically (rare: some network and FUSE file systems)
 * the move falls back to a plain replace, which is still never a half-written file under
 * the real name, only a short window with no file at all on some platforms. Forcing the
 * directory is skipped where the platform does not allow opening one (Windows): the rename
 * has happened by then, and the worst a power cut can do is bring back the old file whole.
 *
 * <p>A symbolic link at the target is replaced by the file, not followed.
 *
 * <p>The temporary file is created with the default permissions (the process's umask), not
 * the owner-only permissions of {@link Files#createTempFile}, so the file ends up as readable
 * as one written in place.
 */
public final class AtomicFile {
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-z]+\\.tmp");

    private AtomicFile() {}

    /** Writes the content of the new file to a channel positioned at its start. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Writes {@code target} atomically with what {@code content} writes; see the class comment. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            // Otherwise the error would name the temporary file, which the caller never heard of.
            throw new NoSuchFileException(target.toString(), null, "no such directory: " + dir);
        }
        Path tmp = null;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                tmp = dir.resolve(temporaryName(target.getFileName().toString()));
                try {
                    channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null;
                    if (attempt == 10) {
                        throw e;
                    }
                }
            }
            try (FileChannel ch = channel) {
                content.writeTo(ch);
                ch.force(true); // true: the size is metadata, and a reader needs it
            }
            move(tmp, target);
            tmp = null;
        } catch (IOException | RuntimeException | Error e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
        forceDirectory(dir);
    }

    /**
     * The name of the file a temporary file of {@link #write} was to become, or empty if
     * {@code file} is not named like one.
     */
    public static Optional<String> targetOf(Path file) {
        Path name = file.getFileName();
        Matcher m = TEMPORARY.matcher(name == null ? "" : name.toString());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String temporaryName(String targetName) {
        return "." + targetName + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp";
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            // On POSIX this is rename(2), which replaces an existing target atomically; on
            // Windows the JDK uses MoveFileEx with MOVEFILE_REPLACE_EXISTING.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not possible on this platform (see the class comment); the file is in place.
        }
    }
}
