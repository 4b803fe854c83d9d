package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.lower.TestPrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc emit-java}, and {@code run}/{@code grad} through bytecode or the interpreter. */
class EmitJavaCommandTest {

    private static String sample(String name) {
        return TestPrograms.root().resolve("samples").resolve(name).toString();
    }

    @Test
    void mazursSourceShowsForwardBackwardAndUpdateWithTheirSourceLines() {
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "emit-java", sample("mazur.nn"));
        assertEquals(0, run.code(), run.err());
        String java = run.out();
        assertTrue(java.contains("public final class Mazur extends GeneratedModel"), java);
        for (String part : new String[] {"protected void runPredict()", "protected void runGradients()",
                "protected void runUpdate()", "// line 13: h = sigmoid(W1 @ x + b1)",
                "// from the derivative of %11 (sigmoid)", "dloss_dW2[0] = ", "Math.exp("}) {
            assertTrue(java.contains(part), "missing " + part);
        }
    }

    @Test
    void writesTheSourceIntoItsPackageFolder(@TempDir Path dir) throws Exception {
        CliFixtures.Run run = CliFixtures.nnc(Toolchain.standard(), "emit-java", sample("xor.nn"), "-o",
                dir.toString());
        assertEquals(0, run.code(), run.err());
        Path file = dir.resolve("nnc/generated/Xor.java");
        assertTrue(Files.readString(file).contains("class Xor extends GeneratedModel"));
    }

    @Test
    void runThroughBytecodeAndThroughTheInterpreterPrintTheSameF64Values() {
        CliFixtures.Run compiled = CliFixtures.nnc(Toolchain.standard(), "grad", sample("mazur.nn"));
        CliFixtures.Run interpreted = CliFixtures.nnc(Toolchain.standard(), "grad", sample("mazur.nn"), "--interpret");
        assertEquals(0, compiled.code(), compiled.err());
        assertEquals(0, interpreted.code(), interpreted.err());
        assertTrue(compiled.out().contains("loss = 0.29837110876000"), compiled.out());
        assertEquals(interpreted.out().lines().count(), compiled.out().lines().count());
    }
}
