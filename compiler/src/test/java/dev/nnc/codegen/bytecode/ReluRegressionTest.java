package dev.nnc.codegen.bytecode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.program.Kind;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.GeneratedModel;
import org.junit.jupiter.api.Test;

/**
 * A model written in the Program IR, compiled to bytecode and driven through the runtime's
 * public API, against the same model in plain Java: equal to the last bit, in F32 and F64.
 */
class ReluRegressionTest {

    private static final double[] X = {-2, -0.5, 0, 0.75, 1.5, 3, 4.25, -1};
    private static final double[] T = {0.5, 0, 0.25, 1, 0.5, 2, 1.75, 0};

    @Test
    void f32TrainsExactlyAsPlainJava() {
        GeneratedModel model = Generated.instantiate(ReluRegression.program(Kind.F32, 3));
        assertEquals("relu", model.name());
        ReluRegression.InFloat ref = new ReluRegression.InFloat();
        for (int batch : new int[] {4, 8, 2, 5}) {
            float[] x = floats(X, batch);
            float[] t = floats(T, batch);
            feed(model, batch, X, T);
            model.predict();
            assertBits(ref.predict(x), model.output("y").toFloats());
            for (int step = 0; step < 3; step++) {
                float loss = ref.gradients(x, t);
                assertEquals(loss, (float) model.computeGradients(), "loss");
                assertEquals(Float.floatToRawIntBits(ref.dw), Float.floatToRawIntBits(model.gradient("w").toFloats()[0]));
                assertEquals(Float.floatToRawIntBits(ref.db), Float.floatToRawIntBits(model.gradient("b").toFloats()[0]));
                ref.update();
                model.applyUpdate();
                assertEquals(Float.floatToRawIntBits(ref.w), Float.floatToRawIntBits(model.param("w").toFloats()[0]));
                assertEquals(Float.floatToRawIntBits(ref.b), Float.floatToRawIntBits(model.param("b").toFloats()[0]));
                assertEquals((double) model.updates(), Generated.<double[]>field(model, "steps")[0]);
            }
        }
    }

    @Test
    void f64TrainsExactlyAsPlainJava() {
        GeneratedModel model = Generated.instantiate(ReluRegression.program(Kind.F64, 2));
        ReluRegression.InDouble ref = new ReluRegression.InDouble();
        for (int batch : new int[] {8, 3}) {
            double[] x = java.util.Arrays.copyOf(X, batch);
            double[] t = java.util.Arrays.copyOf(T, batch);
            feed(model, batch, X, T);
            assertArrayEquals(ref.predict(x), predict(model));
            for (int step = 0; step < 3; step++) {
                assertEquals(ref.gradients(x, t), model.trainStep());
                ref.update();
                assertEquals(ref.w, model.param("w").get(0));
                assertEquals(ref.b, model.param("b").get(0));
            }
            assertEquals(ref.gradients(x, t), model.evaluate());
        }
        assertEquals(6.0, Generated.<double[]>field(model, "steps")[0]);
    }

    @Test
    void theBufferLocalsAreReadOncePerCall() {
        // A batch change reallocates the fields; a method must see the new arrays on its next call.
        GeneratedModel model = Generated.instantiate(ReluRegression.program(Kind.F64, 1));
        feed(model, 2, X, T);
        model.predict();
        float[] before = model.output("y").toFloats();
        feed(model, 8, X, T);
        model.predict();
        assertEquals(8, model.output("y").toFloats().length);
        assertEquals(before[1], model.output("y").toFloats()[1]);
    }

    private static void feed(CompiledModel model, int batch, double[] x, double[] t) {
        model.setBatch(batch);
        model.input("x").copyFrom(java.util.Arrays.copyOf(x, batch));
        model.input("t").copyFrom(java.util.Arrays.copyOf(t, batch));
    }

    private static double[] predict(CompiledModel model) {
        model.predict();
        return model.output("y").toDoubles();
    }

    private static float[] floats(double[] values, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }
}
