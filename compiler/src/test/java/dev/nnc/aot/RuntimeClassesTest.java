package dev.nnc.aot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's files, found the same way in a class directory, the runtime's jar and the shaded nnc.jar. */
class RuntimeClassesTest {

    @TempDir
    Path dir;

    /** What a shaded jar holds besides the runtime: none of it may reach a model jar. */
    private static final Map<String, byte[]> NOT_RUNTIME = Map.of(
            "dev/nnc/cli/Main.class", new byte[] {1},
            "dev/nnc/Nnc.class", new byte[] {2},
            "org/objectweb/asm/ClassWriter.class", new byte[] {3},
            "picocli/CommandLine.class", new byte[] {4},
            "com/github/javaparser/JavaParser.class", new byte[] {5},
            "module-info.class", new byte[] {6},
            "META-INF/versions/9/module-info.class", new byte[] {7},
            "META-INF/SIGNER.SF", new byte[] {8},
            "META-INF/maven/dev.nnc/nnc-runtime/pom.xml", new byte[] {9},
            "META-INF/jpms.args", new byte[] {10});

    private static void assertSameFiles(SortedMap<String, byte[]> expected, SortedMap<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    @Test
    void theRuntimeOfThisProcessIsTheRuntimePackagesOnly() throws IOException {
        SortedMap<String, byte[]> runtime = RuntimeClasses.ofThisRuntime();
        assertTrue(runtime.containsKey("dev/nnc/runtime/CompiledModel.class"), runtime.keySet()::toString);
        assertTrue(runtime.containsKey("dev/nnc/runtime/GeneratedModel.class"));
        assertTrue(runtime.containsKey("dev/nnc/runtime/app/Models.class"));
        assertTrue(runtime.containsKey("dev/nnc/runtime/gemm/Gemm.class"));
        assertTrue(runtime.containsKey("dev/nnc/runtime/data/Dataset.class"));
        for (String name : runtime.keySet()) {
            assertTrue(name.startsWith("dev/nnc/runtime/") && name.endsWith(".class"), name);
        }
    }

    @Test
    void aShadedJarGivesTheRuntimeAndNothingElse() throws IOException {
        SortedMap<String, byte[]> runtime = RuntimeClasses.ofThisRuntime();
        Path shaded = dir.resolve("nnc.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(shaded))) {
            jar.putNextEntry(new JarEntry("dev/nnc/runtime/"));   // a directory entry, as shade writes
            for (var e : merged(runtime).entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
            }
        }
        assertSameFiles(runtime, RuntimeClasses.read(shaded));
    }

    @Test
    void aClassDirectoryGivesTheSameFiles() throws IOException {
        SortedMap<String, byte[]> runtime = RuntimeClasses.ofThisRuntime();
        Path classes = dir.resolve("classes");
        for (var e : merged(runtime).entrySet()) {
            Path file = classes.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        assertSameFiles(runtime, RuntimeClasses.read(classes));
    }

    @Test
    void aPlaceWithoutTheRuntimeIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("dev/nnc/cli"));
        Files.write(dir.resolve("dev/nnc/cli/Main.class"), new byte[] {1});
        IOException e = assertThrows(IOException.class, () -> RuntimeClasses.read(dir));
        assertEquals("no runtime classes (dev/nnc/runtime/...) in " + dir, e.getMessage());
    }

    @Test
    void theRuleKeepsRuntimeFilesOnly() {
        assertTrue(RuntimeClasses.isRuntimeFile("dev/nnc/runtime/Rng.class"));
        assertTrue(RuntimeClasses.isRuntimeFile("dev/nnc/runtime/gemm/Gemm.class"));
        assertFalse(RuntimeClasses.isRuntimeFile("dev/nnc/runtime/"));
        assertFalse(RuntimeClasses.isRuntimeFile("dev/nnc/runtime/module-info.class"));
        assertFalse(RuntimeClasses.isRuntimeFile("dev/nnc/runtimes/X.class"));
        for (String name : NOT_RUNTIME.keySet()) {
            assertFalse(RuntimeClasses.isRuntimeFile(name), name);
        }
    }

    private static Map<String, byte[]> merged(Map<String, byte[]> runtime) {
        Map<String, byte[]> all = new TreeMap<>(runtime);
        all.putAll(NOT_RUNTIME);
        return all;
    }
}
