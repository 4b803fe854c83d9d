package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** train without --data: the model's default inputs, every step on all of them, as nnc train does. */
class DefaultInputsTest {

    private static String line(int step, double loss) {
        return "{\"step\": " + step + ", \"loss\": " + loss + "}";
    }

    @Test
    void jsonLinesAreTheLossAfterEachNumberOfUpdates() {
        Coin reference = new Coin();
        List<String> expected = new ArrayList<>();
        for (int step = 0; step < 50; step++) {
            expected.add(line(step, reference.trainStep()));
        }
        expected.add(line(50, reference.evaluate()));

        AppRun r = AppRun.of(new Coin(), "train", "--json");
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertEquals(expected, r.outLines(), "the train block's 50 epochs, one step each");
        assertEquals("", r.err());

        AppRun every = AppRun.of(new Coin(), "train", "--json", "--steps", "45", "--log-every", "20");
        // The last line comes from an evaluation after update 45: the loss step 45 would start from.
        assertEquals(List.of(expected.get(0), expected.get(20), expected.get(40), expected.get(45)), every.outLines());
        AppRun epochs = AppRun.of(new Coin(), "train", "--json", "--epochs", "3");
        assertEquals(4, epochs.outLines().size());
    }

    @Test
    void textAndTheLearningRate() {
        AppRun r = AppRun.of(new Coin(), "train", "--steps", "10", "--lr", "0.25");
        assertEquals(ModelApp.OK, r.code(), r.toString());
        List<String> lines = r.outLines();
        assertEquals("trained coin for 10 steps with sgd(lr = 0.25, momentum = 0.0, nesterov = false, weight_decay = 0.0)",
                lines.get(0));
        assertTrue(lines.get(1).matches("  loss [0-9.]+ -> [0-9.]+"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  trained in "), lines.get(2));
    }

    @Test
    void aStopEndsAfterTheStepInProgress() {
        StopSignal stop = new StopSignal();
        stop.requestStop();
        AppRun r = AppRun.of(new Coin(), false, stop, "train", "--json");
        assertEquals(ModelApp.INTERRUPTED, r.code(), r.toString());
        assertEquals(1, r.outLines().size(), "step 0 only, from the evaluation: " + r.out());
    }
}
