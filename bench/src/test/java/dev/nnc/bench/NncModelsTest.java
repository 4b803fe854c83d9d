package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.bench.baseline.MazurStep;
import dev.nnc.bench.baseline.MlpProblem;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.gemm.Gemm;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks compare like with like: nnc's Mazur step follows the hand-written one, and
 * nnc's MLP takes the same steps on 1 and on 2 threads.
 */
class NncModelsTest {

    /** Splitting the matrix products between threads changes no bit of the weights or loss. */
    @Test
    void nncMlpTakesBitForBitTheSameStepsOnOneAndTwoThreads() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        MlpProblem problem = MlpProblem.fashion();
        NncMlpStep one = new NncMlpStep(problem);
        NncMlpStep two = new NncMlpStep(problem);
        try {
            for (int step = 0; step < 5; step++) {
                Gemm.setThreads(1);
                float lossOne = one.step();
                Gemm.setThreads(2);
                float lossTwo = two.step();
                assertEquals(Float.floatToIntBits(lossOne), Float.floatToIntBits(lossTwo),
                        "loss of step " + step);
            }
        } finally {
            Gemm.setThreads(1);
        }
        for (int l = 0; l < problem.layers(); l++) {
            assertArrayEquals(one.weights(l), two.weights(l), "W" + (l + 1));
            assertArrayEquals(one.biases(l), two.biases(l), "b" + (l + 1));
            assertArrayEquals(one.weightGradient(l), two.weightGradient(l), "dW" + (l + 1));
        }
    }

    @Test
    void nncMazurTakesTheSameStepsAsTheHandWrittenOne() {
        CompiledModel nnc = NncModels.mazur();
        MazurStep hand = new MazurStep();
        for (int step = 0; step < 1000; step++) {
            double expected = hand.step(MazurStep.X[0], MazurStep.X[1], MazurStep.T[0], MazurStep.T[1]);
            assertEquals(expected, nnc.trainStep(), 1e-12 * expected, "step " + step);
        }
        double[] w = hand.weights();
        double[] w1 = nnc.param("W1").toDoubles();
        double[] w2 = nnc.param("W2").toDoubles();
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i], w1[i], 1e-12, "W1[" + i + "]");
            assertEquals(w[4 + i], w2[i], 1e-12, "W2[" + i + "]");
        }
    }
}
