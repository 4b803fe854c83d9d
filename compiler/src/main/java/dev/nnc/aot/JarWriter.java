package dev.nnc.aot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.SortedMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Jar bytes that depend on nothing but their content: the same manifest and entries give the
 * same bytes on any day, in any time zone, from any directory listing.
 *
 * <p>What a zip file would otherwise pick up from its surroundings, and how it is pinned:
 * <ul>
 *   <li>entry order: the manifest first (where {@link java.util.jar.JarInputStream} looks for
 *       it), then the entries in name order, which the caller's {@link SortedMap} gives;
 *   <li>times: every entry is stamped {@link #ENTRY_TIME}, set as a local date-time, which the
 *       zip format stores as it is; {@link ZipEntry#setTime} would convert from the time zone
 *       of the machine writing the jar;
 *   <li>no directory entries, no extra fields, no comment, and the manifest written by
 *       {@link Manifest#write} from attributes kept in insertion order.
 * </ul>
 *
 * <p>Entries are deflated at the default level, so the bytes are the same for one zlib; a
 * JDK built with a different zlib may compress differently (as with Maven's reproducible
 * builds).
 */
public final class JarWriter {

    /**
     * 1980-02-01 00:00: the earliest time the zip format's MS-DOS dates can hold, plus a month
     * so that no tool's time-zone shift can take it before 1980 (Gradle's reproducible
     * archives use the same).
     */
    public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0, 0);

    private JarWriter() {}

    /** The jar holding {@code manifest} and then {@code entries}, in their order. */
    public static byte[] write(Manifest manifest, SortedMap<String, byte[]> entries) {
        if (entries.containsKey(JarFile.MANIFEST_NAME)) {
            throw new IllegalArgumentException("the manifest is written from the Manifest, not as an entry");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(entry(JarFile.MANIFEST_NAME));
            manifest.write(zip);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(entry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a jar in memory", e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }
}
