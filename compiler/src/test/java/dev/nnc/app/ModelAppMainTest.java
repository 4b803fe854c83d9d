package dev.nnc.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.codegen.bytecode.Bytecode;
import dev.nnc.front.Frontend;
import dev.nnc.ir.Model;
import dev.nnc.lower.Lowering;
import dev.nnc.lower.TestPrograms;
import dev.nnc.program.Program;
import dev.nnc.runtime.app.ModelApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelApp#main} as a jar's Main-Class, in a JVM of its own: a jar made here by hand
 * (the generated class of samples/xor.nn, the runtime's classes, the source, a manifest naming
 * the model class) runs with {@code java -jar} and nothing else on the class path.
 */
class ModelAppMainTest {
    @TempDir
    static Path dir;
    static Path jar;
    static String source;

    @BeforeAll
    static void writeJar() throws Exception {
        Path xor = TestPrograms.root().resolve("samples/xor.nn");
        source = Files.readString(xor);
        Model model = Nnc.checked(Frontend.check(xor));
        Program program = Nnc.program(model, Lowering.Options.training(Nnc.className(model.name())));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ModelApp.class.getName());
        manifest.getMainAttributes().putValue("Nnc-Model-Class", program.className());
        jar = dir.resolve("xor.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, program.className().replace('.', '/') + ".class", Bytecode.emit(program));
            add(out, "META-INF/nnc/model.nn", source.getBytes(StandardCharsets.UTF_8));
            Path runtime = Path.of(ModelApp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(runtime)) {
                try (Stream<Path> files = Files.walk(runtime)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        add(out, runtime.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarInputStream in = new JarInputStream(Files.newInputStream(runtime))) {
                    for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                        if (e.getName().endsWith(".class")) {
                            add(out, e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
    }

    private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    record Result(int code, String out, String err) {}

    private static Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarTrainsAndDescribesItself() throws Exception {
        try (JarFile f = new JarFile(jar.toFile())) {
            assertTrue(f.stream().allMatch(e -> e.getName().startsWith("META-INF/") || e.getName().startsWith("nnc/")
                    || e.getName().startsWith("dev/nnc/runtime/")), "only generated and runtime classes");
        }
        Result train = java("train", "--steps", "2", "--json");
        assertEquals(0, train.code(), train.err());
        assertEquals(3, train.out().lines().count(), train.out());
        assertTrue(train.out().startsWith("{\"step\": 0, \"loss\": 0.7"), train.out());

        Result info = java("info");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().startsWith("model xor\n"), info.out());
        assertTrue(info.out().endsWith("source:\n" + source), info.out());

        Result bad = java("train", "--epoch", "3");
        assertEquals(2, bad.code());
        assertEquals("error: unknown option '--epoch'; did you mean '--epochs'?\nTry 'java -jar xor.jar train --help' for"
                + " more information.\n", bad.err());
    }

    @Test
    void withoutTheManifestAttributeTheJarSaysSo() throws Exception {
        Path plain = dir.resolve("plain.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ModelApp.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain), manifest);
             JarFile from = new JarFile(jar.toFile())) {
            for (JarEntry e : from.stream().filter(e -> e.getName().startsWith("dev/")).toList()) {
                add(out, e.getName(), from.getInputStream(e).readAllBytes());
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                plain.toString(), "info").start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor());
        assertEquals("error: this jar does not say which model it holds: its manifest has no Nnc-Model-Class attribute"
                + " (was it written by nnc compile?)\n", err);
    }
}
