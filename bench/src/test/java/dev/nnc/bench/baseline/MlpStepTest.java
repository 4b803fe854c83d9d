package dev.nnc.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The f32 MLP baselines against a naive double-precision step ({@link ReferenceMlp}) and
 * against each other, and the reference's gradients against finite differences.
 */
class MlpStepTest {
    private static final List<Function<MlpProblem, MlpStep>> VARIANTS =
            List.of(PlainMlpStep::new, VectorMlpStep::new, dev.nnc.bench.NncMlpStep::new);

    @Test
    void fashionStepAgreesWithTheDoubleReference() {
        MlpProblem problem = MlpProblem.fashion();
        for (Function<MlpProblem, MlpStep> variant : VARIANTS) {
            agreesWithReference(problem, variant.apply(problem), 3);
        }
    }

    /** Sizes that are not multiples of the vector length or of the 4-row tiles, to exercise every tail. */
    @Test
    void oddShapesAgreeWithTheDoubleReference() {
        MlpProblem problem = new MlpProblem(new int[] {37, 70, 19, 3}, 7, 7);
        for (Function<MlpProblem, MlpStep> variant : VARIANTS) {
            agreesWithReference(problem, variant.apply(problem), 5);
        }
    }

    @Test
    void plainAndVectorAgreeOverManySteps() {
        MlpProblem problem = MlpProblem.fashion();
        MlpStep plain = new PlainMlpStep(problem);
        MlpStep vector = new VectorMlpStep(problem);
        for (int s = 0; s < 20; s++) {
            float a = plain.step();
            float b = vector.step();
            assertEquals(a, b, 1e-4 * Math.abs(a), "loss at step " + s);
        }
        for (int l = 0; l < problem.layers(); l++) {
            assertClose(toDouble(plain.weights(l)), vector.weights(l), 1e-4, "weights of layer " + l);
        }
    }

    @Test
    void resetStartsTheSameTrajectoryAgain() {
        MlpProblem problem = new MlpProblem(new int[] {20, 16, 8, 4}, 5, 3);
        for (Function<MlpProblem, MlpStep> variant : VARIANTS) {
            MlpStep step = variant.apply(problem);
            float first = step.step();
            step.step();
            step.reset();
            assertEquals(first, step.step(), 0f);
        }
    }

    /**
     * Central differences of the double-precision loss, on a tiny network, confirm the
     * hand-derived gradients: the reference's directly, and each f32 variant's within
     * float tolerance.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        MlpProblem problem = new MlpProblem(new int[] {6, 5, 4, 3}, 3, 11);
        ReferenceMlp reference = new ReferenceMlp(problem);
        reference.gradients();
        double eps = 1e-6;
        for (int l = 0; l < problem.layers(); l++) {
            double[][] w = reference.w[l];
            double[] numeric = new double[w.length * w[0].length];
            for (int k = 0; k < w.length; k++) {
                for (int j = 0; j < w[0].length; j++) {
                    numeric[k * w[0].length + j] = centralDifference(reference, w[k], j, eps);
                }
            }
            double[] numericBias = new double[reference.b[l].length];
            for (int j = 0; j < numericBias.length; j++) {
                numericBias[j] = centralDifference(reference, reference.b[l], j, eps);
            }
            assertClose(numeric, toFloat(flatten(reference.gw[l])), 1e-6, "reference dW" + l);
            assertClose(numericBias, toFloat(reference.gb[l]), 1e-6, "reference db" + l);
            for (Function<MlpProblem, MlpStep> variant : VARIANTS) {
                MlpStep step = variant.apply(problem);
                step.step();
                String name = step.getClass().getSimpleName();
                assertClose(numeric, step.weightGradient(l), 1e-5, name + " dW" + l);
                assertClose(numericBias, step.biasGradient(l), 1e-5, name + " db" + l);
            }
        }
    }

    private static void agreesWithReference(MlpProblem problem, MlpStep step, int steps) {
        String name = step.getClass().getSimpleName();
        ReferenceMlp reference = new ReferenceMlp(problem);
        for (int s = 0; s < steps; s++) {
            double expected = reference.step(MlpStep.LR);
            float loss = step.step();
            assertEquals(expected, loss, 1e-5 * Math.abs(expected), name + " loss at step " + s);
            for (int l = 0; l < problem.layers(); l++) {
                assertClose(flatten(reference.gw[l]), step.weightGradient(l), 1e-4, name + " dW" + l + " at step " + s);
                assertClose(reference.gb[l], step.biasGradient(l), 1e-4, name + " db" + l + " at step " + s);
            }
        }
        for (int l = 0; l < problem.layers(); l++) {
            assertClose(flatten(reference.w[l]), step.weights(l), 1e-5, name + " weights of layer " + l);
        }
    }

    private static double centralDifference(ReferenceMlp reference, double[] row, int j, double eps) {
        double saved = row[j];
        row[j] = saved + eps;
        double plus = reference.loss();
        row[j] = saved - eps;
        double minus = reference.loss();
        row[j] = saved;
        return (plus - minus) / (2 * eps);
    }

    /** Every element within {@code tolerance} times the largest magnitude in {@code expected}. */
    private static void assertClose(double[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what + ": all zero, nothing checked");
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            assertTrue(error <= tolerance * scale,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (scale " + scale + ")");
        }
    }

    private static double[] flatten(double[][] rows) {
        double[] flat = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
