package dev.nnc.bench;

import dev.nnc.bench.baseline.MlpProblem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files {@code bench/numpy_mlp_step.py} reads an {@link MlpProblem} from, and what it
 * prints back: {@code problem.txt} (the layer sizes, the batch size, the learning rate),
 * {@code x.f32}, {@code y.i32}, and {@code wL.f32}, {@code bL.f32} for each layer L, raw
 * little-endian arrays in the problem's own layouts.
 */
final class NumpyProblem {
    /** How far the numpy step's losses may be from the Java baseline's, relatively (as the PyTorch peers'). */
    static final double LOSS_TOLERANCE = 1e-4;

    private static final Pattern LOSSES = Pattern.compile("^losses:((?: [-0-9.eE+]+)+)$", Pattern.MULTILINE);
    private static final Pattern RATE = Pattern.compile("^examples/s: ([0-9.]+)$", Pattern.MULTILINE);

    private NumpyProblem() {}

    /** Writes the problem, with learning rate lr, into the directory dir. */
    static void write(MlpProblem problem, float lr, Path dir) throws IOException {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i <= problem.layers(); i++) {
            header.append(problem.size(i)).append(' ');
        }
        header.append(problem.batch()).append(' ').append(lr).append('\n');
        Files.writeString(dir.resolve("problem.txt"), header);
        Files.write(dir.resolve("x.f32"), bytes(problem.inputs()));
        int[] labels = problem.labels();
        ByteBuffer y = ByteBuffer.allocate(4 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        y.asIntBuffer().put(labels);
        Files.write(dir.resolve("y.i32"), y.array());
        for (int l = 0; l < problem.layers(); l++) {
            Files.write(dir.resolve("w" + l + ".f32"), bytes(problem.weights(l)));
            Files.write(dir.resolve("b" + l + ".f32"), bytes(problem.biases(l)));
        }
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /**
     * Null when the script's output gives a loss for each expected step, each within
     * {@link #LOSS_TOLERANCE} of it; else what is wrong.
     */
    static String disagreement(String output, float[] expected) {
        Matcher m = LOSSES.matcher(output);
        if (!m.find()) {
            return "it printed no losses";
        }
        String[] losses = m.group(1).trim().split(" ");
        if (losses.length < expected.length) {
            return "it printed " + losses.length + " losses, not " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            double actual = Double.parseDouble(losses[i]);
            if (!(Math.abs(actual - expected[i]) <= LOSS_TOLERANCE * Math.abs(expected[i]))) {
                return String.format(Locale.ROOT, "its loss at step %d is %s, the Java baseline's %.7f",
                        i, losses[i], expected[i]);
            }
        }
        return null;
    }

    /** The examples per second the script printed; NaN when it printed none. */
    static double examplesPerSecond(String output) {
        Matcher m = RATE.matcher(output);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
