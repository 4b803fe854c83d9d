package dev.nnc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under compiler/src/test/resources/golden/. A test compares what the code
 * produces with the file; run with {@code -Dnnc.golden.update=true} to rewrite the files after
 * an intended change, then review the diff before committing.
 */
public final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    public static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("nnc.golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("missing golden file " + file + "; run with -Dnnc.golden.update=true to create it");
            }
            assertEquals(Files.readString(file), actual, "differs from golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the repository, from the compiler module's working directory. */
    public static Path repoFile(String relative) {
        return Path.of("..").resolve(relative).normalize();
    }
}
