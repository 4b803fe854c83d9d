package dev.nnc.aot;

import dev.nnc.runtime.CompiledModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Enumeration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class files of the runtime module, which every model jar carries so that
 * {@code java -jar} needs nothing but a JDK.
 *
 * <p>They are read from wherever this process loaded the runtime: a directory
 * ({@code runtime/target/classes} in the build's tests), the runtime's own jar, or the shaded
 * {@code nnc.jar}, which also holds the compiler, ASM, JavaParser and picocli. One rule serves
 * all three: the runtime is every file under {@value #PREFIX} (its classes, and any resource
 * it may come to have in its packages). No other module uses that package, and the rule
 * leaves out everything else a jar can hold: other packages, {@code module-info.class},
 * multi-release copies under {@code META-INF/versions/}, signature files, Maven's metadata.
 */
public final class RuntimeClasses {

    /** The runtime's packages, as a jar entry prefix. */
    public static final String PREFIX = "dev/nnc/runtime/";

    private RuntimeClasses() {}

    /** The runtime's files this process runs, by entry name, in name order. */
    public static SortedMap<String, byte[]> ofThisRuntime() throws IOException {
        return read(location());
    }

    /** The runtime's files in a directory of class files or a jar, by entry name, in name order. */
    public static SortedMap<String, byte[]> read(Path location) throws IOException {
        SortedMap<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String name = entryName(location.relativize(file));
                    if (isRuntimeFile(name)) {
                        classes.put(name, Files.readAllBytes(file));
                    }
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                for (ZipEntry entry : Collections.list((Enumeration<? extends ZipEntry>) jar.entries())) {
                    if (!entry.isDirectory() && isRuntimeFile(entry.getName())) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(entry.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no runtime classes (" + PREFIX + "...) in " + location);
        }
        return Collections.unmodifiableSortedMap(classes);
    }

    /** Whether a jar entry (not a directory) belongs to the runtime. */
    public static boolean isRuntimeFile(String entryName) {
        return entryName.startsWith(PREFIX) && !entryName.endsWith("/") && !entryName.endsWith("module-info.class");
    }

    /** The directory or jar this process loaded the runtime from. */
    static Path location() throws IOException {
        CodeSource source = CompiledModel.class.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IOException("cannot find the runtime's classes: " + CompiledModel.class.getName()
                    + " was not loaded from a file (it came from " + url + ")");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot find the runtime's classes at " + url + ": " + e.getMessage(), e);
        }
    }

    /** A relative path as a jar entry name: '/' between its parts, whatever the platform. */
    private static String entryName(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            sb.append(sb.isEmpty() ? "" : "/").append(part);
        }
        return sb.toString();
    }
}
