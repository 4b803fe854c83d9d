package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.GeneratedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models.load on jars laid out as nnc compile writes them. The model classes are compiled
 * here from Java source into the jars only, so the test's own class path cannot supply them:
 * they really come from the jar, as in an application.
 */
class ModelsTest {

    @TempDir
    Path dir;

    /** A model written by hand the way nnc generates one: {@code y = x * k} for x: [3]. */
    private static String modelSource(String simpleName, float k) {
        return """
                package jartest;

                public final class %s extends dev.nnc.runtime.GeneratedModel {
                    private static final String SPEC = "nnc-spec 1\\nmodel %s\\ndtype f32\\nsymbols\\n"
                            + "fingerprint ef9563bf506d9b2e\\ntensor input x f32 [3]\\n  values 1.0 2.0 3.0\\n"
                            + "tensor const k f32 []\\n  values %s\\ntensor output y f32 [3]\\nend\\n";
                    private float[] x, k, y;

                    public %s() {
                        super(new String[] {SPEC});
                        start();
                    }

                    @Override protected void resize(int[] symbols) {
                        x = x == null ? new float[3] : x;
                        k = k == null ? new float[1] : k;
                        y = y == null ? new float[3] : y;
                    }

                    @Override protected Object array(int slot) {
                        return slot == 0 ? x : slot == 1 ? k : y;
                    }

                    @Override protected void runPredict() {
                        for (int i = 0; i < 3; i++) {
                            y[i] = x[i] * k[0];
                        }
                    }

                    @Override protected void runEvaluate() { throw new AssertionError(); }
                    @Override protected void runGradients() { throw new AssertionError(); }
                    @Override protected void runUpdate() { throw new AssertionError(); }
                }
                """.formatted(simpleName, simpleName.toLowerCase(), k, simpleName);
    }

    /** Compiles one class against the test's class path and returns its class file. */
    private static byte[] compile(String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Map<String, ByteArrayOutputStream> classes = new LinkedHashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        var files = new javax.tools.ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter messages = new StringWriter();
        boolean ok = javac.getTask(messages, files,
                null, List.of("-classpath", System.getProperty("java.class.path"), "--release", "17"), null,
                List.of(unit)).call();
        assertTrue(ok, messages.toString());
        return classes.get(className).toByteArray();
    }

    /** A jar as nnc compile lays it out, minus the runtime copy; null attributes are left out. */
    private Path jar(String fileName, String modelClass, String serviceClass, String nnSource, Map<String, byte[]> classes)
            throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (modelClass != null) {
            manifest.getMainAttributes().putValue(Models.MODEL_CLASS_ATTRIBUTE, modelClass);
        }
        Path jar = dir.resolve(fileName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
            }
            if (serviceClass != null) {
                out.putNextEntry(new JarEntry("META-INF/services/" + CompiledModel.class.getName()));
                out.write((serviceClass + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (nnSource != null) {
                out.putNextEntry(new JarEntry(Models.SOURCE_RESOURCE));
                out.write(nnSource.getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private Path modelJar(String fileName, String simpleName, float k) throws IOException {
        String name = "jartest." + simpleName;
        return jar(fileName, name, name, "model " + simpleName.toLowerCase() + "  # k = " + k + "\n",
                Map.of(name, compile(name, modelSource(simpleName, k))));
    }

    @Test
    void loadsTheClassTheManifestNamesAndItRuns() throws IOException {
        CompiledModel model = Models.load(modelJar("tripler.jar", "Tripler", 3f));
        assertEquals("jartest.Tripler", model.getClass().getName());
        assertEquals("tripler", model.name());
        model.predict();
        assertArrayEquals(new double[] {3, 6, 9}, model.output("y").toDoubles());
    }

    @Test
    void theModelLinksAgainstTheCallersRuntimeNotAnotherCopy() throws IOException {
        CompiledModel model = Models.load(modelJar("tripler.jar", "Tripler", 3f));
        assertTrue(model instanceof GeneratedModel);
        assertSame(GeneratedModel.class, model.getClass().getSuperclass());
        assertSame(Models.class.getClassLoader(), model.getClass().getClassLoader().getParent());
    }

    @Test
    void eachJarHasItsOwnLoaderAndItsOwnSource() throws IOException {
        Path a = modelJar("a.jar", "Tripler", 3f);
        Path b = modelJar("b.jar", "Tripler", 5f);
        CompiledModel first = Models.load(a);
        CompiledModel second = Models.load(b);
        assertNotSame(first.getClass(), second.getClass());
        second.predict();
        assertArrayEquals(new double[] {5, 10, 15}, second.output("y").toDoubles());
        assertEquals("model tripler  # k = 3.0\n", Models.source(first));
        assertEquals("model tripler  # k = 5.0\n", Models.source(second));
    }

    @Test
    void theSourceComesFromTheModelsOwnJarEvenWithOthersOnTheSameClassPath() throws Exception {
        Path one = jar("one.jar", "jartest.One", "jartest.One", "model one\n",
                Map.of("jartest.One", compile("jartest.One", modelSource("One", 1f))));
        Path two = jar("two.jar", "jartest.Two", "jartest.Two", "model two\n",
                Map.of("jartest.Two", compile("jartest.Two", modelSource("Two", 2f))));
        try (URLClassLoader both = new URLClassLoader(new URL[] {one.toUri().toURL(), two.toUri().toURL()},
                Models.class.getClassLoader())) {
            CompiledModel model = Models.load(both);
            assertEquals("jartest.One", model.getClass().getName());
            assertEquals("model one\n", Models.source(model));
            CompiledModel second = (CompiledModel) construct(both.loadClass("jartest.Two"));
            assertEquals("model two\n", Models.source(second));
        }
    }

    private static Object construct(Class<?> c) {
        try {
            return c.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aModelWithoutASourceFileHasNoSource() throws IOException {
        // Defined from bytes, as nnc defines a class it compiled in-process: no file behind it.
        byte[] bytes = compile("jartest.InMemory", modelSource("InMemory", 1f));
        Class<?> inMemory = new ClassLoader(Models.class.getClassLoader()) {
            Class<?> define() {
                return defineClass("jartest.InMemory", bytes, 0, bytes.length);
            }
        }.define();
        assertNull(Models.source((CompiledModel) construct(inMemory)));
        Path jar = jar("bare.jar", "jartest.Bare", null, null,
                Map.of("jartest.Bare", compile("jartest.Bare", modelSource("Bare", 1f))));
        assertNull(Models.source(Models.load(jar)));
    }

    @Test
    void serviceLoadingFindsTheModelOnAClassPath() throws IOException {
        Path jar = modelJar("tripler.jar", "Tripler", 3f);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Models.class.getClassLoader())) {
            CompiledModel model = Models.load(loader);
            assertEquals("jartest.Tripler", model.getClass().getName());
            assertEquals("model tripler  # k = 3.0\n", Models.source(model));
        }
    }

    @Test
    void aClassPathWithoutAModelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.load(new URLClassLoader(new URL[0], null)));
        assertTrue(e.getMessage().contains("no nnc model on the class path"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.jar");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Models.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws IOException {
        Path notJar = Files.writeString(dir.resolve("model.jar"), "model xor\n");
        IOException e = assertThrows(IOException.class, () -> Models.load(notJar));
        assertTrue(e.getMessage().startsWith(notJar + ": cannot read it as a jar"), e.getMessage());
    }

    @Test
    void aJarWithoutTheAttributeIsNotAModel() throws IOException {
        Path plain = jar("plain.jar", null, null, null, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(plain));
        assertEquals(plain + " is not an nnc model jar: its manifest has no Nnc-Model-Class attribute "
                + "(write one with 'nnc compile FILE.nn -o plain.jar')", e.getMessage());
    }

    @Test
    void aClassTheJarDoesNotHoldIsNamed() throws IOException {
        Path jar = jar("broken.jar", "jartest.Gone", null, null, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(jar));
        assertTrue(e.getMessage().startsWith(jar + ": cannot load the model class jartest.Gone"), e.getMessage());
    }

    @Test
    void aClassThatIsNotAModelIsRefused() throws IOException {
        String name = "jartest.NotAModel";
        Path jar = jar("other.jar", name, null, null,
                Map.of(name, compile(name, "package jartest; public class NotAModel {}")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(jar));
        assertEquals(jar + ": the model class jartest.NotAModel does not implement dev.nnc.runtime.CompiledModel",
                e.getMessage());
    }

    @Test
    void aFailingConstructorIsReportedWithItsCause() throws IOException {
        String name = "jartest.Failing";
        String source = modelSource("Failing", 1f).replace("start();", "start(); if (true) throw new IllegalStateException(\"boom\");");
        Path jar = jar("failing.jar", name, null, null, Map.of(name, compile(name, source)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.load(jar));
        assertTrue(e.getMessage().contains("the constructor of the model class jartest.Failing failed"), e.getMessage());
        assertEquals("boom", e.getCause().getMessage());
    }
}
