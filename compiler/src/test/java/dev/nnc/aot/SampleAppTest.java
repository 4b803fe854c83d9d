package dev.nnc.aot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.Main;
import dev.nnc.cli.Toolchain;
import dev.nnc.lower.TestPrograms;
import dev.nnc.testing.JavaProcess;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/app: a plain Java program that loads a jar written by nnc compile and trains XOR,
 * compiled and run here against the runtime alone, in a JVM of its own.
 */
class SampleAppTest {
    private static final Pattern PREDICTION = Pattern.compile("(\\d) xor (\\d) -> (\\d)  \\(p = [0-9.]+\\)");

    @TempDir
    static Path dir;

    static Path appClasses;
    static Path xorJar;

    @BeforeAll
    static void compileTheAppAndTheModel() throws IOException {
        appClasses = Files.createDirectories(dir.resolve("app"));
        Path source = TestPrograms.root().resolve("samples/app/src/TrainXor.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            // The runtime only: the compiler, ASM and the rest of the test class path stay out of sight.
            boolean ok = javac.getTask(messages, files, null, List.of("--release", "17", "-Xlint:all", "-Werror",
                            "-classpath", RuntimeClasses.location().toString(), "-d", appClasses.toString()), null,
                    files.getJavaFileObjects(source)).call();
            assertTrue(ok, messages::toString);
        }

        xorJar = dir.resolve("xor.jar");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"compile", TestPrograms.root().resolve("samples/xor.nn").toString(),
                "-o", xorJar.toString()}, new PrintWriter(out), new PrintWriter(err), Map.of(), Toolchain.standard());
        assertEquals(0, code, err::toString);
    }

    private static void assertLearnedXor(JavaProcess.Result run) {
        assertEquals(0, run.code(), run::describe);
        List<String> lines = run.out().lines().toList();
        assertEquals(5, lines.size(), run::describe);
        assertTrue(lines.get(0).startsWith("trained xor for 2000 epochs: loss "), run::describe);
        for (int i = 0; i < 4; i++) {
            Matcher m = PREDICTION.matcher(lines.get(i + 1));
            assertTrue(m.matches(), run::describe);
            int expected = Integer.parseInt(m.group(1)) ^ Integer.parseInt(m.group(2));
            assertEquals(expected, Integer.parseInt(m.group(3)), run::describe);
        }
    }

    @Test
    void theAppTrainsXorWithTheRuntimeAloneOnItsClassPath() throws Exception {
        String classPath = RuntimeClasses.location() + File.pathSeparator + appClasses;
        assertLearnedXor(JavaProcess.run(dir, "-cp", classPath, "TrainXor", xorJar.toString()));
    }

    @Test
    void theRuntimeTheModelJarCarriesIsEnoughForTheApp() throws Exception {
        String classPath = xorJar + File.pathSeparator + appClasses;
        assertLearnedXor(JavaProcess.run(dir, "-cp", classPath, "TrainXor", xorJar.toString()));
    }

    @Test
    void withoutAJarItPrintsItsUsage() throws Exception {
        JavaProcess.Result run = JavaProcess.run(dir, "-cp", RuntimeClasses.location() + File.pathSeparator + appClasses,
                "TrainXor");
        assertEquals(2, run.code(), run::describe);
        assertTrue(run.err().startsWith("usage: "), run::describe);
    }
}
