package dev.nnc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.Trainer;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Split;
import org.junit.jupiter.api.Test;

/**
 * samples/adversarial.nn: once trained on Iris, the fast-gradient-sign copies of held-out
 * flowers it computes with {@code grad(loss, x)} are misclassified where the flowers were not.
 */
class AdversarialSampleTest {

    private static CompiledModel trained(Split split) {
        CompiledModel model = Nnc.compile(IrisData.file("samples/adversarial.nn"));
        Trainer.of(model).train(split.train(), (epoch, step, loss) -> {});
        return model;
    }

    @Test
    void theNudgedFlowersFlipPredictionsThatWereRight() {
        Split split = IrisData.load().split(IrisData.HELD_OUT, IrisSampleTest.SPLIT_SEED, true);
        CompiledModel model = trained(split);
        Dataset heldOut = split.validation();
        IrisData.feed(model, heldOut);
        model.predict();
        int[] clean = IrisData.argmax(model, "logits");
        int[] nudged = IrisData.argmax(model, "adv_logits");
        int[] y = heldOut.labels().ints();
        int right = 0;
        int flipped = 0;
        for (int i = 0; i < y.length; i++) {
            right += clean[i] == y[i] ? 1 : 0;
            flipped += clean[i] == y[i] && nudged[i] != y[i] ? 1 : 0;
        }
        assertTrue(right >= 28, right + " of 30 held-out flowers classified right");
        assertTrue(flipped >= 1, "no prediction flipped: " + flipped);
    }

    /**
     * The oracle for {@code sign(grad(loss, x))}: central differences of the model's own loss,
     * one flower at a time. Moving each flower by 0.2 that way and classifying it gives the
     * logits adv_logits gave.
     */
    @Test
    void xAdvMovesEachMeasurementByEpsUphillOfTheLoss() {
        Split split = IrisData.load().split(IrisData.HELD_OUT, IrisSampleTest.SPLIT_SEED, true);
        CompiledModel model = trained(split);
        Dataset heldOut = split.validation();
        float[] xs = heldOut.features().floats();
        int[] ys = heldOut.labels().ints();
        model.setBatch(1);
        for (int i = 0; i < ys.length; i++) {
            float[] x = java.util.Arrays.copyOfRange(xs, 4 * i, 4 * i + 4);
            model.input("y").copyFrom(new int[] {ys[i]});
            model.input("x").copyFrom(x);
            model.predict();
            float[] adv = model.output("adv_logits").toFloats();
            float[] moved = x.clone();
            for (int j = 0; j < 4; j++) {
                float h = 1e-2f;
                float[] up = x.clone();
                float[] down = x.clone();
                up[j] += h;
                down[j] -= h;
                model.input("x").copyFrom(up);
                double lossUp = model.evaluate();
                model.input("x").copyFrom(down);
                double lossDown = model.evaluate();
                moved[j] += 0.2f * Math.signum((float) (lossUp - lossDown));
            }
            model.input("x").copyFrom(moved);
            model.predict();
            assertArrayEquals(adv, model.output("logits").toFloats(), 1e-4f, "flower " + i);
        }
    }
}
