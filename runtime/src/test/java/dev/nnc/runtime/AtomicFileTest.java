package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed or interrupted write leaves the old file whole and no temporary file behind. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static void writeString(Path target, String s) throws IOException {
        AtomicFile.write(target, ch -> ch.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void replacesTheFile() throws Exception {
        Path target = dir.resolve("w.bin");
        writeString(target, "old");
        writeString(target, "new");
        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
    }

    /**
     * The failure strikes after part of the new content is on disk. At that moment the real
     * name still holds the old content (what a crash would leave); afterwards the temporary
     * file is gone and the caller gets the original exception.
     */
    @Test
    void aFailureMidWriteLeavesTheOldFile() throws Exception {
        Path target = dir.resolve("w.bin");
        writeString(target, "old content");
        IOException diskFull = new IOException("No space left on device (simulated)");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFile.write(target, ch -> {
            ch.write(ByteBuffer.wrap("half of the new".getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            assertEquals("old content", Files.readString(target));
            List<Path> during = SafeTensorsValidationTest.listing(dir);
            assertEquals(2, during.size(), during.toString());
            Path tmp = during.get(0).equals(target) ? during.get(1) : during.get(0);
            assertEquals(Optional.of("w.bin"), AtomicFile.targetOf(tmp));
            assertEquals("half of the new", Files.readString(tmp));
            throw diskFull;
        }));
        assertSame(diskFull, thrown);
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
    }

    @Test
    void aRuntimeExceptionMidWriteCleansUpToo() throws Exception {
        Path target = dir.resolve("w.bin");
        writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFile.write(target, ch -> {
            ch.write(ByteBuffer.wrap(new byte[100]));
            throw new IllegalStateException("bug in the writer");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
    }

    /** A real failure inside SafeTensors.write: an interrupted thread's file channel closes on the first write. */
    @Test
    void anInterruptedSafeTensorsWriteLeavesTheOldFile() throws Exception {
        Path target = dir.resolve("w.safetensors");
        Map<String, TensorData> old = Map.of("w", TensorData.f32(new float[] {1, 2}, 2));
        SafeTensors.write(target, old);
        byte[] before = Files.readAllBytes(target);
        Thread.currentThread().interrupt();
        try {
            assertThrows(ClosedByInterruptException.class,
                    () -> SafeTensors.write(target, Map.of("w", TensorData.f32(new float[1000], 1000))));
        } finally {
            Thread.interrupted(); // clear the flag for the next test
        }
        assertEquals(old, SafeTensors.read(target).tensors());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(target)));
        assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
    }

    /** The failure comes at the last step, the rename: the target is a directory that is not empty. */
    @Test
    void aFailedRenameLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("w.safetensors");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "mine");
        assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of("w", TensorData.i32(new int[] {1}))));
        assertEquals("mine", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path target = dir.resolve("nowhere").resolve("w.bin");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> writeString(target, "x"));
        assertEquals(target + ": no such directory: " + dir.resolve("nowhere"), e.getMessage());
    }

    /** Cannot create the temporary file. Root ignores permissions, so this runs only as another user. */
    @Test
    void aReadOnlyDirectoryLeavesTheOldFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path target = dir.resolve("w.bin");
        writeString(target, "old");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(dir), "running as root: permissions are not enforced");
            assertThrows(IOException.class, () -> writeString(target, "new"));
            assertEquals("old", Files.readString(target));
            assertEquals(List.of(target), SafeTensorsValidationTest.listing(dir));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Files.createTempFile would make the result owner-only (0600); a weights file should be as readable as any other. */
    @Test
    void theFileGetsTheDefaultPermissions() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = dir.resolve("plain.bin");
        Files.writeString(plain, "x");
        Path atomic = dir.resolve("atomic.bin");
        writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void recognisesItsTemporaryFiles() {
        String tmp = AtomicFile.temporaryName("epoch-0003.safetensors");
        assertTrue(tmp.startsWith(".epoch-0003.safetensors.") && tmp.endsWith(".tmp"), tmp);
        assertEquals(Optional.of("epoch-0003.safetensors"), AtomicFile.targetOf(dir.resolve(tmp)));
        assertEquals(Optional.empty(), AtomicFile.targetOf(dir.resolve("epoch-0003.safetensors")));
        assertEquals(Optional.empty(), AtomicFile.targetOf(dir.resolve("notes.tmp")));
        assertEquals(Optional.empty(), AtomicFile.targetOf(dir.resolve(".w.tmp")));
    }
}
