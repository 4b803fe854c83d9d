package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Sizes, handles and what a TensorView does with them, including every misuse. */
class ModelViewsTest {

    private static String message(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void batchGrowthKeepsParamsAndArraysNeverShrink() {
        LinearRegression m = new LinearRegression();
        double[] w = m.param("W").toDoubles();
        Object paramArray = m.param("W").array();
        m.setBatch(100);
        assertEquals(100, m.batch());
        assertEquals(100, m.size("B"));
        assertArrayEquals(w, m.param("W").toDoubles());
        assertSame(paramArray, m.param("W").array(), "params are never reallocated");
        Object x = m.input("x").array();
        assertEquals(200, ((double[]) x).length);

        m.setBatch(3);
        assertEquals(6, m.input("x").size());
        assertArrayEquals(new int[] {3, 2}, m.input("x").shape());
        assertSame(x, m.input("x").array(), "a smaller batch reuses the arrays");
        m.bind("B", 100);
        assertSame(x, m.input("x").array(), "and so does growing back to the largest size seen");
        m.setBatch(0);
        assertEquals(0, m.input("x").size());
    }

    @Test
    void aBatchRunsOnlyOverItsOwnRows() {
        LinearRegression m = new LinearRegression();
        m.setBatch(2);
        m.input("x").copyFrom(new double[] {1, 2, 3, 4});
        m.input("t").copyFrom(new double[] {0, 0});
        m.param("W").copyFrom(new double[] {1, 10});
        m.param("b").copyFrom(new double[] {0.5});
        m.predict();
        assertArrayEquals(new double[] {21.5, 43.5}, m.output("y").toDoubles());
        assertEquals((21.5 * 21.5 + 43.5 * 43.5) / 2, m.evaluate());
        assertEquals(m.evaluate(), m.output("loss").get(0), "the loss is an output by its name");
    }

    @Test
    void sizesAreChecked() {
        LinearRegression m = new LinearRegression();
        assertEquals("symbol B of model 'linreg' cannot be -1: sizes are never negative", message(() -> m.setBatch(-1)));
        assertEquals("model 'linreg' has no symbol 'b'; did you mean 'B'? (its symbols: B)", message(() -> m.bind("b", 3)));
        assertEquals("model 'linreg' has no symbol 'T' (its symbols: B)", message(() -> m.size("T")));
        assertEquals("model 'linreg': at B = 1073741824, input 'x' [B, 2] would hold more values than a Java array can"
                + " (2147483639)", message(() -> m.setBatch(1 << 30)));
        assertEquals(4, m.batch(), "a refused size leaves the model as it was");

        Doubler d = new Doubler();
        d.setBatch(3);
        assertEquals(3, d.batch(), "the fixed first axis");
        assertEquals("model 'doubler' has no symbolic batch axis: the first axis of its inputs is fixed at 3, so the batch"
                + " cannot be 4", message(() -> d.setBatch(4)));
    }

    @Test
    void handlesAreMadeOnceAndUnknownNamesAreExplained() {
        LinearRegression m = new LinearRegression();
        assertSame(m.input("x"), m.input("x"));
        assertSame(m.gradient("W"), m.gradient("dloss/dW"));
        assertEquals("model 'linreg' has no input 'X'; did you mean 'x'? (its inputs: x, t)", message(() -> m.input("X")));
        assertEquals("model 'linreg' has no input 'xx' (its inputs: x, t)", message(() -> m.input("xx")));
        assertEquals("model 'linreg' has no input 'W': 'W' is a param, not an input", message(() -> m.input("W")));
        assertEquals("model 'linreg' has no param 'w'; did you mean 'W'? (its params: W, b)", message(() -> m.param("w")));
        assertEquals("model 'linreg' has no output 'los'; did you mean 'loss'? (its outputs: y, loss)",
                message(() -> m.output("los")));
        assertEquals("model 'linreg' has no gradient with respect to 'w'; did you mean 'W'? (it has gradients with respect"
                + " to: W, b)", message(() -> m.gradient("w")));
        assertEquals("model 'doubler' has no loss, so it can only predict",
                assertThrows(IllegalStateException.class, () -> new Doubler().gradient("x")).getMessage());
    }

    @Test
    void viewsDescribeTheirTensorAtTheCurrentSizes() {
        LinearRegression m = new LinearRegression();
        TensorView x = m.input("x");
        assertEquals("x", x.name());
        assertEquals(DType.F64, x.dtype());
        assertEquals(2, x.rank());
        assertEquals(4, x.dim(0));
        assertEquals(2, x.dim(1));
        assertEquals(8, x.size());
        TensorData data = x.toTensorData();
        assertArrayEquals(new int[] {4, 2}, data.shape());
        assertArrayEquals(x.toDoubles(), data.doubles());
        assertEquals("input 'x' has rank 2, so it has no axis 2", message(() -> x.dim(2)));
        TensorView loss = m.output("loss");
        assertEquals(0, loss.rank());
        assertEquals(1, loss.size());
    }

    @Test
    void getAndSetConvertToTheTensorsType() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        TensorView x = m.input("x");
        x.set(1, 0.1);
        assertEquals((float) 0.1, x.get(1));
        TensorView y = m.input("y");
        y.set(2, 1.0);
        assertEquals(1.0, y.get(2));
        assertEquals("input 'y' holds ints, but value 1.5 for element 0 is not a whole number in the int range",
                message(() -> y.set(0, 1.5)));
        assertEquals("input 'y' holds ints, but value NaN for element 0 is not a whole number in the int range",
                message(() -> y.set(0, Double.NaN)));
        assertEquals("input 'y' holds ints, but value 3.0E9 for element 0 is not a whole number in the int range",
                message(() -> y.set(0, 3e9)));
        assertEquals("index 3 is out of range for input 'y', which holds 3 values at B = 3", message(() -> y.get(3)));
        assertEquals("index -1 is out of range for input 'x', which holds 3 × 2 = 6 values at B = 3",
                message(() -> x.set(-1, 0)));
    }

    @Test
    void copyFromConvertsAndChecksLengths() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        m.setBatch(4);
        TensorView x = m.input("x");
        x.copyFrom(new double[] {1, 2, 3, 4, 5, 6, 7, 8.1});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8.1f}, x.toFloats());
        x.copyFrom(new int[] {8, 7, 6, 5, 4, 3, 2, 1});
        assertArrayEquals(new float[] {8, 7, 6, 5, 4, 3, 2, 1}, x.toFloats());
        x.copyFrom(new float[] {0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 0}, 2);
        assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9, 9, 9}, x.toFloats());
        m.input("y").copyFrom(new float[] {2, 1, 0, 2});
        assertArrayEquals(new int[] {2, 1, 0, 2}, (int[]) m.input("y").array());

        assertEquals("input 'x' expects 4 × 2 = 8 values at B = 4, got 6", message(() -> x.copyFrom(new float[6])));
        assertEquals("input 'x' expects 4 × 2 = 8 values at B = 4, got 9", message(() -> x.copyFrom(new double[9])));
        assertEquals("input 'x' expects 4 × 2 = 8 values at B = 4, got 6 (10 after offset 4)",
                message(() -> x.copyFrom(new float[10], 4)));
        assertEquals("input 'x' expects 4 × 2 = 8 values at B = 4, got offset -1 into a source of 10",
                message(() -> x.copyFrom(new float[10], -1)));
        assertEquals("input 'x' copies from a float[], double[] or int[], not long[]",
                message(() -> x.copyFrom(new long[8], 0)));
        assertEquals("input 'y' holds ints, but value 0.5 for element 1 is not a whole number in the int range",
                message(() -> m.input("y").copyFrom(new double[] {1, 0.5, 2, 2})));
        assertEquals("param 'W' expects 2 × 3 = 6 values, got 5", message(() -> m.param("W").copyFrom(new double[5])));
        assertEquals("loss 'loss' expects 1 value, got 2", message(() -> m.output("loss").checkLength(2)));
    }

    @Test
    void copyToConvertsAndChecksRoom() {
        LinearRegression m = new LinearRegression();
        TensorView x = m.input("x");
        double[] d = new double[10];
        x.copyTo(d, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 1, 0, 1, 1}, d);
        float[] f = new float[8];
        x.copyTo(f, 0);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, f);
        assertEquals("input 'x' expects 4 × 2 = 8 values at B = 4, got 7", message(() -> x.copyTo(new double[7], 0)));
        assertEquals("input 'x' is f64, so it copies to a float[] or double[], not int[]",
                message(() -> x.copyTo(new int[8], 0)));
        SoftmaxClassifier s = new SoftmaxClassifier();
        int[] labels = new int[3];
        s.input("y").copyTo(labels, 0);
        assertArrayEquals(new int[] {0, 1, 2}, labels);
    }

    @Test
    void viewsFollowTheArraysWhenTheBatchGrows() {
        LinearRegression m = new LinearRegression();
        TensorView x = m.input("x");
        Object before = x.array();
        m.setBatch(50);
        assertNotSame(before, x.array());
        assertEquals(100, x.size());
        x.set(99, 7);
        assertEquals(7, ((double[]) m.input("x").array())[99]);
    }
}
