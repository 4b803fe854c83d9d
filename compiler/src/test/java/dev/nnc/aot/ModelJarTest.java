package dev.nnc.aot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.front.Frontend;
import dev.nnc.lower.TestPrograms;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.app.Models;
import dev.nnc.testing.GeneratedClasses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jars nnc compile writes: what they hold, that they are reproducible, that they load and train. */
class ModelJarTest {

    @TempDir
    Path dir;

    static Path sample(String name) {
        return TestPrograms.root().resolve("samples").resolve(name);
    }

    /** The jar of a sample, as nnc compile makes it. */
    static ModelJar compile(String sample) throws IOException {
        Path file = sample(sample);
        return ModelJar.compile(Nnc.checked(Frontend.check(file)), Files.readAllBytes(file), "test");
    }

    private static byte[] read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, name);
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mazur.nn", "xor.nn", "fashion_mlp.nn"})
    void theJarHoldsTheModelItsSourceAndTheRuntimeAndNothingElse(String sample) throws IOException {
        ModelJar model = compile(sample);
        Path path = dir.resolve("model.jar");
        model.write(path);
        String classFile = model.className().replace('.', '/') + ".class";

        Set<String> expected = new TreeSet<>(RuntimeClasses.ofThisRuntime().keySet());
        expected.addAll(List.of(JarFile.MANIFEST_NAME, Models.SOURCE_RESOURCE, ModelJar.SERVICE_RESOURCE, classFile));
        try (JarFile jar = new JarFile(path.toFile())) {
            List<String> names = new ArrayList<>();
            for (JarEntry e : Collections.list(jar.entries())) {
                names.add(e.getName());
                assertEquals(LocalDateTime.of(1980, 2, 1, 0, 0), e.getTimeLocal(), e.getName());
            }
            assertEquals(expected, new TreeSet<>(names));
            assertEquals(expected.size(), names.size(), "no entry twice");
            for (String name : names) {
                assertTrue(!name.endsWith(".class") || name.startsWith("dev/nnc/runtime/")
                        || name.equals(classFile), name + " is a class outside the generated and runtime packages");
            }

            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("1.0", main.getValue(Attributes.Name.MANIFEST_VERSION));
            assertEquals("dev.nnc.runtime.app.ModelApp", main.getValue(Attributes.Name.MAIN_CLASS));
            assertEquals(model.className(), main.getValue("Nnc-Model-Class"));
            assertEquals("nnc test", main.getValue("Created-By"));
            assertEquals(4, main.size(), main.keySet()::toString);

            assertArrayEquals(Files.readAllBytes(sample(sample)), read(jar, Models.SOURCE_RESOURCE));
            assertEquals(model.className() + "\n",
                    new String(read(jar, ModelJar.SERVICE_RESOURCE), StandardCharsets.UTF_8));
            GeneratedClasses.assertValid(read(jar, classFile));
            for (var runtime : RuntimeClasses.ofThisRuntime().entrySet()) {
                assertArrayEquals(runtime.getValue(), read(jar, runtime.getKey()), runtime.getKey());
            }
        }
        // A streaming reader finds the manifest only when it comes first.
        try (JarInputStream in = new JarInputStream(Files.newInputStream(path))) {
            assertNotNull(in.getManifest());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mazur.nn", "xor.nn", "fashion_mlp.nn"})
    void compilingTwiceGivesTheSameBytes(String sample) throws IOException {
        Path first = dir.resolve("first.jar");
        Path second = dir.resolve("second.jar");
        compile(sample).write(first);
        compile(sample).write(second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void theBytesDoNotDependOnTheTimeZone() throws IOException {
        java.util.TimeZone zone = java.util.TimeZone.getDefault();
        byte[] here = compile("xor.nn").toBytes();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertArrayEquals(here, compile("xor.nn").toBytes());
        } finally {
            java.util.TimeZone.setDefault(zone);
        }
    }

    @Test
    void anApplicationLoadsTheJarAndTrainsXor() throws IOException {
        Path path = dir.resolve("xor.jar");
        compile("xor.nn").write(path);
        CompiledModel xor = Models.load(path);
        assertEquals("nnc.generated.Xor", xor.getClass().getName());
        assertTrue(xor.getClass().getClassLoader() != ModelJarTest.class.getClassLoader(), "loaded from the jar");
        xor.setBatch(4);
        for (int epoch = 0; epoch < xor.spec().train().epochs(); epoch++) {
            xor.trainStep();
        }
        xor.predict();
        double[] p = xor.output("p").toDoubles();
        double[] targets = {0, 1, 1, 0};
        for (int i = 0; i < 4; i++) {
            assertEquals(targets[i], p[i] > 0.5 ? 1 : 0, "point " + i + ": p = " + p[i]);
        }
        assertEquals(Files.readString(sample("xor.nn")), Models.source(xor));
    }

    @Test
    void theJarTrainsExactlyAsTheModelCompiledInProcess() throws IOException {
        Path path = dir.resolve("mazur.jar");
        compile("mazur.nn").write(path);
        CompiledModel fromJar = Models.load(path);
        CompiledModel inProcess = Nnc.compile(sample("mazur.nn"));
        for (int step = 0; step < 100; step++) {
            assertEquals(inProcess.trainStep(), fromJar.trainStep(), "step " + step);
        }
        assertArrayEquals(inProcess.param("W1").toDoubles(), fromJar.param("W1").toDoubles());
        assertArrayEquals(inProcess.param("W2").toDoubles(), fromJar.param("W2").toDoubles());
    }

    @Test
    void aJarThatIsNotAModelIsRefused() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path path = dir.resolve("runtime.jar");
        Files.write(path, JarWriter.write(manifest, new TreeMap<>(RuntimeClasses.ofThisRuntime())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(path));
        assertEquals(path + " is not an nnc model jar: its manifest has no Nnc-Model-Class attribute "
                + "(write one with 'nnc compile FILE.nn -o runtime.jar')", e.getMessage());
    }

    @Test
    void onlyRuntimeFilesMayJoinTheModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelJar("nnc.generated.X",
                new byte[0], new byte[0], "test").entries(new TreeMap<>(java.util.Map.of("org/objectweb/asm/Type.class",
                new byte[0]))));
        assertEquals("org/objectweb/asm/Type.class is not a file of the runtime", e.getMessage());
    }
}
