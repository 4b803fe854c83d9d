package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.bench.baseline.MazurStep;
import dev.nnc.runtime.CompiledModel;
import org.junit.jupiter.api.Test;

/** The benchmarks compare like with like: nnc's Mazur step follows the hand-written one. */
class NncModelsTest {

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
