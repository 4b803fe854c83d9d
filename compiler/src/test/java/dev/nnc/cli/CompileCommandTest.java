package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.lower.TestPrograms;
import dev.nnc.runtime.app.Models;
import dev.nnc.testing.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc compile FILE -o JAR}: what it writes, prints and exits with. */
class CompileCommandTest {

    @TempDir
    Path dir;

    private static String sample(String name) {
        return TestPrograms.root().resolve("samples").resolve(name).toString();
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheJarAndSaysHowToRunIt() throws IOException {
        Path jar = dir.resolve("xor.jar");
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", sample("xor.nn"), "-o", jar.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertEquals("wrote " + jar + ": model 'xor' as nnc.generated.Xor, with the runtime\n"
                + "  run it with: java -jar " + jar + " info\n", run.out());
        try (JarFile file = new JarFile(jar.toFile())) {
            assertEquals("nnc.generated.Xor", file.getManifest().getMainAttributes().getValue(Models.MODEL_CLASS_ATTRIBUTE));
            assertEquals("nnc " + Version.number(), file.getManifest().getMainAttributes().getValue("Created-By"));
        }
        assertEquals(List.of("xor.jar"), filesInDir(), "no temporary file is left behind");
    }

    @Test
    void replacesAnExistingJarWithTheSameBytes() throws IOException {
        Path jar = dir.resolve("model.jar");
        assertEquals(0, CliFixtures.nnc(Toolchain.standard(), "compile", sample("mazur.nn"), "-o", jar.toString()).code());
        byte[] first = Files.readAllBytes(jar);
        Files.writeString(jar, "old content");
        assertEquals(0, CliFixtures.nnc(Toolchain.standard(), "compile", sample("mazur.nn"), "--output",
                jar.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(jar));
    }

    @Test
    void withoutOutputTheJarIsNamedAfterTheFileInTheCurrentDirectory() throws Exception {
        // In a JVM of its own, to have a current directory of the test's choosing.
        JavaProcess.Result run = JavaProcess.run(dir, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "compile", sample("xor.nn"));
        assertEquals(0, run.code(), run::describe);
        assertTrue(run.out().startsWith("wrote xor.jar: model 'xor'"), run::describe);
        assertTrue(Files.isRegularFile(dir.resolve("xor.jar")), run::describe);
    }

    @Test
    void aProgramWithErrorsPrintsItsDiagnosticsAndWritesNothing() throws IOException {
        Path source = Files.writeString(dir.resolve("bad.nn"), "model bad\nh = sigmod(1.0)\n");
        Path jar = dir.resolve("bad.jar");
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", source.toString(), "-o", jar.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("unknown function 'sigmod'"), run.err());
        assertTrue(run.err().contains("1 error"), run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(jar));
    }

    @Test
    void aMissingFileIsADiagnostic() {
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", dir.resolve("none.nn").toString(), "-o",
                dir.resolve("none.jar").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("no such file"), run.err());
    }

    @Test
    void anOutputInAMissingDirectoryIsAnError() {
        Path jar = dir.resolve("missing/xor.jar");
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", sample("xor.nn"), "-o", jar.toString());
        assertEquals(1, run.code());
        assertEquals(jar + ": error: cannot write the jar: no such directory: " + jar.getParent() + "\n", run.err());
    }

    @Test
    void anOutputThatIsADirectoryIsAnError() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out"));
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", sample("xor.nn"), "-o", target.toString());
        assertEquals(1, run.code());
        assertEquals(target + ": error: is a directory; give the jar's file name, e.g. -o " + target.resolve("xor.jar")
                + "\n", run.err());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void anUnwritableDirectoryIsAnErrorAndLeavesNothing() throws IOException {
        Path locked = Files.createDirectories(dir.resolve("locked"));
        if (Files.getFileStore(locked).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            // Root may write anywhere; then there is no failure to test.
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "the directory is writable anyway");
            Path jar = locked.resolve("xor.jar");
            CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "compile", sample("xor.nn"), "-o",
                    jar.toString());
            assertEquals(1, run.code());
            assertEquals(jar + ": error: cannot write the jar: permission denied\n", run.err());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void helpListsTheCommand() {
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "--help");
        assertTrue(run.out().contains("compile"), run.out());
        CliFixtures.Run help = CliFixtures.nnc(Toolchain.standard(), "compile", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("-o, --output=JAR"), help.out());
    }

    @Test
    void theCommandLineNeedsAFile() {
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), Map.of(), "compile");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("Missing required parameter: 'FILE'"), run.err());
    }
}
