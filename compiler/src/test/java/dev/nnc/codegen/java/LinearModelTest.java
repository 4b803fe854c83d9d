package dev.nnc.codegen.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.runtime.GeneratedModel;
import org.junit.jupiter.api.Test;

/**
 * The linear model's generated source, compiled and run through the runtime's public API,
 * against the same computation in plain Java: equal to the bit.
 */
class LinearModelTest {

    private static final float[] X = {0.5f, -1.25f, 2f, 3.5f, -0.75f, 1e-3f, 7f};
    private static final float[] T = {1f, 0.5f, -2f, 3f, 0.25f, 0f, 5.5f};

    @Test
    void predictsComputesGradientsAndUpdatesBitForBit() {
        GeneratedModel model = Compiled.instantiate(LinearModel.program(3));
        float[] x = java.util.Arrays.copyOf(X, 4);
        float[] t = java.util.Arrays.copyOf(T, 4);
        model.setBatch(4);
        model.input("x").copyFrom(x);
        model.input("t").copyFrom(t);
        LinearModel.Step expected = LinearModel.reference(x, t, LinearModel.W, LinearModel.B, LinearModel.LR);

        model.predict();
        assertArrayEquals(expected.y(), model.output("y").toFloats());

        assertEquals(expected.loss(), model.computeGradients());
        assertArrayEquals(expected.y(), model.output("y").toFloats());
        assertEquals(expected.dw(), (float) model.gradient("w").get(0));
        assertEquals(expected.db(), (float) model.gradient("b").get(0));

        model.applyUpdate();
        assertEquals(expected.w(), (float) model.param("w").get(0));
        assertEquals(expected.b(), (float) model.param("b").get(0));
    }

    @Test
    void trainsOverBatchesOfChangingSize() {
        GeneratedModel model = Compiled.instantiate(LinearModel.program(2));
        model.setLearningRate(0.03);
        float w = LinearModel.W;
        float b = LinearModel.B;
        for (int n : new int[] {4, 7, 2, 7, 1}) {
            float[] x = java.util.Arrays.copyOf(X, n);
            float[] t = java.util.Arrays.copyOf(T, n);
            model.setBatch(n);
            model.input("x").copyFrom(x);
            model.input("t").copyFrom(t);
            LinearModel.Step expected = LinearModel.reference(x, t, w, b, 0.03);
            assertEquals(expected.loss(), model.trainStep(), "batch of " + n);
            w = expected.w();
            b = expected.b();
            assertEquals(w, (float) model.param("w").get(0), "batch of " + n);
            assertEquals(b, (float) model.param("b").get(0), "batch of " + n);
        }
        assertEquals(5, model.updates());
    }

    @Test
    void theModelCarriesItsSpecAcrossChunks() {
        for (int chunks = 1; chunks <= 4; chunks++) {
            GeneratedModel model = Compiled.instantiate(LinearModel.program(chunks));
            assertEquals(LinearModel.spec(), model.spec());
            assertEquals(LinearModel.spec().toText(), model.spec().toText());
        }
    }
}
