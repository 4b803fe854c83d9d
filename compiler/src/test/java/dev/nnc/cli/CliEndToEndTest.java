package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.cli.CliFixtures.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line over the real front end and interpreter: the samples and the values of
 * Mazur's worked example. (Every ```nn block of the docs is checked by
 * front.LanguageDocTest.)
 */
class CliEndToEndTest {

    private static final Path ROOT = repositoryRoot();

    @TempDir
    Path tmp;

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("samples")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no samples/ and docs/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String sample(String name) {
        return ROOT.resolve("samples").resolve(name).toString();
    }

    private static Run nnc(String... args) {
        return CliFixtures.nnc(Toolchain.standard(), args);
    }

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), () -> "in:\n" + run.err());
    }

    // ---- check ----

    @ParameterizedTest
    @ValueSource(strings = {"mazur", "xor", "fashion_mlp", "second_order"})
    void everySampleChecksCleanly(String name) throws IOException {
        Path file = Path.of(sample(name + ".nn"));
        assertTrue(Files.readString(file).startsWith("#"), "a sample opens with a comment saying what it is");
        Run run = nnc("check", file.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith(file + ": model " + name + ", dtype "), run.out());
    }

    @Test
    void checkSummarisesMazur() {
        String file = sample("mazur.nn");
        Run run = nnc("check", file);
        assertEquals(0, run.code(), run.err());
        assertEquals(file + ": model mazur, dtype f64\n" + """
                  input   x     [2]        default [0.05, 0.1]
                  input   t     [2]        default [0.01, 0.99]
                  param   W1    [2, 2]  4  [[0.15, 0.2], [0.25, 0.3]]
                  param   W2    [2, 2]  4  [[0.4, 0.45], [0.5, 0.55]]
                  output  o     [2]
                  loss    loss  []
                  8 parameters in 2 tensors
                  train   sgd(lr = 0.5, momentum = 0.0, nesterov = false, weight_decay = 0.0), batch 32, epochs 1, seed 0
                """, run.out());
    }

    @Test
    void checkSummarisesFashionMlp() {
        Run run = nnc("check", sample("fashion_mlp.nn"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\n  input   y       int[B]\n"), run.out());
        assertTrue(run.out().contains("\n  param   W1      [784, 256]  200,704  he_uniform\n"), run.out());
        assertTrue(run.out().contains("\n  output  logits  [B, 10]\n"), run.out());
        assertTrue(run.out().contains("\n  203,530 parameters in 4 tensors\n"), run.out());
        assertTrue(run.out().endsWith("\n  train   adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1.0E-8), "
                + "batch 128, epochs 5, seed 42\n"), run.out());
    }

    @Test
    void checkAllSamplesAtOnce() {
        Run run = nnc("check", sample("mazur.nn"), sample("xor.nn"), sample("fashion_mlp.nn"), sample("second_order.nn"));
        assertEquals(0, run.code(), run.err());
        assertEquals(4, run.out().lines().filter(l -> l.contains(": model ")).count(), run.out());
    }

    @Test
    void checkGraphPrintsMazursIr() {
        Run run = nnc("check", "--graph", sample("mazur.nn"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("model mazur\ndtype f64\n\n%0  "), run.out());
        assertTrue(run.out().contains(" = input x default [0.05, 0.1]"), run.out());
        assertTrue(run.out().contains(" = param W1 init [[0.15, 0.2], [0.25, 0.3]]"), run.out());
        assertTrue(run.out().contains("\noutputs  o = %"), run.out());
        assertTrue(run.out().contains("\nloss     %"), run.out());
    }

    @Test
    void aMissingFileIsAnErrorInTheInput() {
        String missing = tmp.resolve("nope.nn").toString();
        Run run = nnc("check", missing);
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith(missing + ": error: "), run.err());
        assertTrue(run.err().endsWith("\n1 error\n"), run.err());
        assertNoStackTrace(run);
    }

    @Test
    void aMistakeIsReportedWithItsPlace() throws IOException {
        Path file = tmp.resolve("typo.nn");
        Files.writeString(file, "input x: [2] = [1, 2]\nh = sigmod(x)\n");
        Run run = nnc("check", file.toString(), sample("mazur.nn"));
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith(file + ":2:5: error: "), run.err());
        assertTrue(run.err().contains("sigmoid"), "suggests the real function: " + run.err());
        assertTrue(run.err().endsWith("\n1 error\n"), run.err());
        assertTrue(run.out().startsWith(sample("mazur.nn") + ": model mazur"), "goes on to the next file");
        assertNoStackTrace(run);
    }

    @Test
    void nonUtf8AndEmptyFilesAreDiagnostics() throws IOException {
        Path latin1 = tmp.resolve("latin1.nn");
        Files.write(latin1, "# caf\u00e9\nmodel m\n".getBytes(StandardCharsets.ISO_8859_1));
        Path empty = tmp.resolve("empty.nn");
        Files.writeString(empty, "");
        for (Path file : List.of(latin1, empty)) {
            Run run = nnc("check", file.toString());
            assertEquals(1, run.code(), file + ": " + run.err());
            assertTrue(run.err().startsWith(file.toString()), run.err());
            assertNoStackTrace(run);
        }
    }

    // ---- run ----

    @Test
    void runComputesMazursForwardPass() {
        Run run = nnc("run", sample("mazur.nn"));
        assertEquals(0, run.code(), run.err());
        List<String> names = run.out().lines().map(l -> l.substring(0, l.indexOf(" = "))).toList();
        assertEquals(List.of("x", "t", "W1", "b1", "W2", "b2", "h", "o", "loss"), names, "every name, in source order");
        // From the worked example: out_h1 = 0.593269992, out_o1 = 0.75136507, E_total = 0.298371109.
        assertTrue(run.out().contains("\nh = [0.59326999"), run.out());
        assertTrue(run.out().contains("\no = [0.7513650"), run.out());
        assertTrue(run.out().contains("\nloss = 0.29837110"), run.out());
        assertTrue(run.out().contains("\nb1 = 0.35\n"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void runXorOnItsFourPoints() {
        Run run = nnc("run", sample("xor.nn"));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("x = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]  # [4, 2]\n"), run.out());
        assertTrue(run.out().contains("\np = [["), run.out());
        assertTrue(run.out().contains("]]  # [4, 1]\n"), run.out());
        assertTrue(run.out().contains("\nloss = "), run.out());
    }

    @Test
    void setReplacesAnInputOrAParam() {
        Run run = nnc("run", sample("mazur.nn"), "--set", "x=[1, 2]", "--set", "W1=0.5");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("x = [1.0, 2.0]  # [2]\n"), run.out());
        assertTrue(run.out().contains("\nW1 = [[0.5, 0.5], [0.5, 0.5]]  # [2, 2]\n"), run.out());
    }

    @Test
    void setMistakesAreUsageErrors() {
        Run shape = nnc("run", sample("mazur.nn"), "--set", "x=[1, 2, 3]");
        assertEquals(2, shape.code());
        assertTrue(shape.err().startsWith("nnc run: error: --set x: "), shape.err());
        Run name = nnc("run", sample("mazur.nn"), "--set", "w1=1");
        assertEquals(2, name.code());
        assertTrue(name.err().contains("did you mean 'W1'?"), name.err());
        Run computed = nnc("run", sample("mazur.nn"), "--set", "h=1");
        assertEquals(2, computed.code());
        assertNoStackTrace(computed);
    }

    @Test
    void runNeedsAValueForEveryInput() {
        Run run = nnc("run", sample("fashion_mlp.nn"));
        assertEquals(1, run.code());
        assertEquals("error: input 'x' has no default value; give it one with --set x=LITERAL\n"
                + "error: input 'y' has no default value; give it one with --set y=LITERAL\n", run.err());
    }

    @Test
    void runFashionMlpOnOneImage() {
        String pixels = "[[" + String.join(", ", Collections.nCopies(784, "0.5")) + "]]";
        Run run = nnc("run", sample("fashion_mlp.nn"), "--set", "x=" + pixels, "--set", "y=[3]");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("\ny = [3]  # int[1]\n"), run.out());
        assertTrue(run.out().contains("]]  # [1, 10]\n"), "logits of one image: " + run.out());
        assertTrue(run.out().contains("\nW1 = [[") && run.out().contains("# [784, 256], 200,704 values: min "),
                "a large param is summarised: " + run.out());
    }

    @Test
    void secondDerivativesFromTheLanguage() {
        Run run = nnc("run", sample("second_order.nn"));
        assertEquals(0, run.code(), run.err());
        // tanh(0.5), 1 - tanh(0.5)^2 and -2 tanh(0.5) (1 - tanh(0.5)^2), computed independently.
        assertTrue(run.out().contains("y = 0.46211715726000974\n"), run.out());
        assertTrue(run.out().contains("dy = 0.7864477329659274\n"), run.out());
        assertTrue(run.out().contains("d2y = -0.726861981383587"), run.out());
        assertNoStackTrace(run);
    }
}
