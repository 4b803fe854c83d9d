package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ir.Tensor;
import org.junit.jupiter.api.Test;

class TensorTextTest {

    @Test
    void scalarsHaveNoShapeComment() {
        assertEquals("loss = 0.2983711087600027", TensorText.line("loss", Tensor.scalar(0.2983711087600027), false));
        assertEquals("n = 3", TensorText.line("n", Tensor.scalar(3), true));
        assertEquals("s = NaN", TensorText.line("s", Tensor.scalar(Double.NaN), false));
    }

    @Test
    void smallTensorsFitOnOneLineAtFullPrecision() {
        assertEquals("W = [[0.15, 0.2], [0.25, 0.3]]  # [2, 2]",
                TensorText.line("W", Tensor.matrix(new double[] {0.15, 0.2}, new double[] {0.25, 0.3}), false));
        assertEquals("h = [0.5932699921071872, -1.0E-9]  # [2]",
                TensorText.line("h", Tensor.vector(0.5932699921071872, -1e-9), false));
        assertEquals("y = [0, 2, -1]  # int[3]", TensorText.line("y", Tensor.vector(0, 2, -1), true));
        assertEquals("e = []  # [0, 3]", TensorText.line("e", new Tensor(new int[] {0, 3}, new double[0]), false));
    }

    @Test
    void wideMatricesPutOneRowPerLineAlignedUnderTheFirst() {
        double[] data = new double[30];
        for (int i = 0; i < data.length; i++) {
            data[i] = 1.0 / (i + 3);
        }
        assertEquals("""
                m = [[0.3333333333333333, 0.25, 0.2, 0.16666666666666666, 0.14285714285714285, 0.125,
                      0.1111111111111111, 0.1, 0.09090909090909091, 0.08333333333333333],
                     [0.07692307692307693, 0.07142857142857142, 0.06666666666666667, 0.0625, 0.058823529411764705,
                      0.05555555555555555, 0.05263157894736842, 0.05, 0.047619047619047616, 0.045454545454545456],
                     [0.043478260869565216, 0.041666666666666664, 0.04, 0.038461538461538464, 0.037037037037037035,
                      0.03571428571428571, 0.034482758620689655, 0.03333333333333333, 0.03225806451612903, 0.03125]]  # [3, 10]""",
                TensorText.line("m", new Tensor(new int[] {3, 10}, data), false));
    }

    @Test
    void largeTensorsAreSummarisedWithStatistics() {
        double[] labels = new double[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        assertEquals("labels = [0, 1, 2, ..., 7, 8, 9]  # int[1000], 1,000 values: min 0, max 9, mean 4.5",
                TensorText.line("labels", Tensor.vector(labels), true));

        String big = TensorText.line("W1", Tensor.zeros(784, 256), false);
        assertEquals(7, big.lines().count(), big);
        assertTrue(big.startsWith("W1 = [[0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0],\n      [0.0,"), big);
        assertTrue(big.contains("\n      ...,\n"), big);
        assertTrue(big.endsWith("]]  # [784, 256], 200,704 values: min 0.0, max 0.0, mean 0.0"), big);
    }

    @Test
    void noLineIsMuchWiderThanTheLimit() {
        double[] data = new double[100];
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.PI * i;
        }
        String text = TensorText.line("v", Tensor.vector(data), false);
        text.lines().limit(text.lines().count() - 1)
                .forEach(l -> assertTrue(l.length() <= TensorText.WIDTH, () -> "too wide: " + l));
    }
}
