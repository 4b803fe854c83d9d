package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.bench.baseline.MlpStep;
import dev.nnc.bench.baseline.PlainMlpStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numpy step's files and output, and, where python3 with numpy is installed, the script
 * itself: its gradient check, and its losses on the suite's problem against the Java
 * baseline's.
 */
class NumpyProblemTest {
    private static final Path SCRIPT = Path.of("numpy_mlp_step.py").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void writesTheProblemAsRawLittleEndianArrays() throws IOException {
        MlpProblem p = new MlpProblem(new int[] {5, 4, 3, 2}, 6, 1);
        NumpyProblem.write(p, 0.01f, dir);
        assertEquals("5 4 3 2 6 0.01\n", Files.readString(dir.resolve("problem.txt")));
        assertArrayEquals(p.inputs(), floats(dir.resolve("x.f32")));
        assertArrayEquals(p.weights(1), floats(dir.resolve("w1.f32")));
        assertArrayEquals(p.biases(2), floats(dir.resolve("b2.f32")));
        ByteBuffer y = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("y.i32"))).order(ByteOrder.LITTLE_ENDIAN);
        int[] labels = new int[y.remaining() / 4];
        y.asIntBuffer().get(labels);
        assertArrayEquals(p.labels(), labels);
    }

    @Test
    void acceptsLossesOnlyWhenEveryOneAgrees() {
        float[] expected = {2.4791050f, 2.4153359f};
        assertNull(NumpyProblem.disagreement("numpy 2.4\nlosses: 2.4791046 2.4153360\nexamples/s: 1.0\n", expected));
        assertTrue(NumpyProblem.disagreement("losses: 2.4791046 2.4\n", expected).contains("step 1"));
        assertTrue(NumpyProblem.disagreement("losses: 2.4791046\n", expected).contains("1 losses, not 2"));
        assertTrue(NumpyProblem.disagreement("losses: nan nan\n", expected) != null);
        assertEquals("it printed no losses", NumpyProblem.disagreement("Traceback ...\n", expected));
    }

    @Test
    void readsTheRate() {
        assertEquals(120011.8, NumpyProblem.examplesPerSecond("losses: 1\nexamples/s: 120011.8\n"));
        assertTrue(Double.isNaN(NumpyProblem.examplesPerSecond("losses: 1\n")));
    }

    @Test
    void theScriptsGradientsAgreeWithCentralDifferences() throws Exception {
        assumeTrue(numpy(), "python3 with numpy is not installed");
        Run run = python(List.of("--check"));
        assertEquals(0, run.exit(), run.output());
    }

    @Test
    void theScriptsStepIsTheJavaBaselinesStep() throws Exception {
        assumeTrue(numpy(), "python3 with numpy is not installed");
        MlpProblem problem = MlpProblem.fashion();
        NumpyProblem.write(problem, MlpStep.LR, dir);
        Run run = python(List.of(dir.toString(), "--seconds", "1"));
        assertEquals(0, run.exit(), run.output());
        MlpStep java = new PlainMlpStep(problem);
        float[] expected = new float[5];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = java.step();
        }
        assertNull(NumpyProblem.disagreement(run.output(), expected), run.output());
        assertTrue(NumpyProblem.examplesPerSecond(run.output()) > 0, run.output());
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[b.remaining() / 4];
        b.asFloatBuffer().get(values);
        return values;
    }

    private record Run(int exit, String output) {}

    private static Run python(List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), output);
    }

    private static boolean numpy() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false; // No python3 at all.
        }
    }
}
