package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** predict, evaluate, computeGradients, applyUpdate, trainStep, the learning rate and reset. */
class ModelRunsTest {

    /** The fixture's hand-derived gradients against central differences through the public API. */
    @Test
    void gradientsMatchFiniteDifferences() {
        LinearRegression m = new LinearRegression();
        m.computeGradients();
        for (String p : List.of("W", "b")) {
            double[] analytic = m.gradient(p).toDoubles();
            TensorView v = m.param(p);
            for (int i = 0; i < v.size(); i++) {
                double w = v.get(i);
                double h = 1e-6;
                v.set(i, w + h);
                double up = m.evaluate();
                v.set(i, w - h);
                double down = m.evaluate();
                v.set(i, w);
                assertEquals((up - down) / (2 * h), analytic[i], 1e-7, p + "[" + i + "]");
            }
        }
    }

    @Test
    void trainingStepsLowerTheLossAndCountUpdates() {
        LinearRegression m = new LinearRegression();
        double first = m.evaluate();
        assertEquals(first, m.loss());
        double last = first;
        for (int i = 0; i < 50; i++) {
            last = m.trainStep();
        }
        assertEquals(50, m.updates());
        assertTrue(last < first / 100, "loss went from " + first + " to " + last);
        // t = 0.5 - 3 x0 + 2 x1 exactly, so the fit converges on it.
        for (int i = 0; i < 500; i++) {
            m.trainStep();
        }
        assertArrayEquals(new double[] {2, -3}, m.param("W").toDoubles(), 1e-6);
        assertEquals(0.5, m.param("b").get(0), 1e-6);
    }

    @Test
    void trainStepIsComputeGradientsThenApplyUpdate() {
        LinearRegression a = new LinearRegression();
        LinearRegression b = new LinearRegression();
        for (int i = 0; i < 5; i++) {
            double la = a.trainStep();
            double lb = b.computeGradients();
            b.applyUpdate();
            assertEquals(la, lb);
        }
        assertArrayEquals(a.param("W").toDoubles(), b.param("W").toDoubles());
        assertEquals(a.updates(), b.updates());
    }

    /**
     * Adam's first step moves each weight by about lr (m/sqrt(v) is the gradient's sign after
     * bias correction); that holds only if updates was already 1 while runUpdate ran, since at
     * t = 0 the corrections divide by zero.
     */
    @Test
    void updatesCountTheUpdateInProgress() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        m.input("x").copyFrom(new float[] {1, 0, 0, 1, 1, 1});
        float[] before = m.param("W").toFloats();
        m.trainStep();
        float[] after = m.param("W").toFloats();
        for (int i = 0; i < before.length; i++) {
            assertEquals(0.05, Math.abs(after[i] - before[i]), 1e-3, "W[" + i + "]");
        }
    }

    @Test
    void aBadLabelIsReportedByTheGeneratedCheck() {
        SoftmaxClassifier m = new SoftmaxClassifier();
        m.input("y").copyFrom(new int[] {0, 3, 1});
        assertEquals("label 3 of example 1 in input 'y' is out of range: the model has 3 classes, so labels run from 0 to 2",
                assertThrows(IllegalArgumentException.class, m::evaluate).getMessage());
    }

    @Test
    void aModelWithoutALossOnlyPredicts() {
        Doubler d = new Doubler();
        d.input("x").copyFrom(new float[] {1, -1, 0.5f});
        d.predict();
        assertArrayEquals(new float[] {2, -2, 1}, d.output("y").toFloats());
        for (Runnable r : List.<Runnable>of(d::evaluate, d::computeGradients, d::applyUpdate, d::trainStep)) {
            assertEquals("model 'doubler' has no loss, so it can only predict",
                    assertThrows(IllegalStateException.class, r::run).getMessage());
        }
        assertEquals(0, d.updates());
        assertTrue(Double.isNaN(d.loss()));
    }

    @Test
    void theLearningRateIsCheckedAndUsed() {
        LinearRegression m = new LinearRegression();
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("the learning rate must be a finite number of at least 0, not " + bad,
                    assertThrows(IllegalArgumentException.class, () -> m.setLearningRate(bad)).getMessage());
        }
        assertEquals(0.1, m.learningRate());
        m.setLearningRate(0);
        double[] w = m.param("W").toDoubles();
        m.trainStep();
        assertArrayEquals(w, m.param("W").toDoubles(), "a zero learning rate changes nothing");
        assertEquals(1, m.updates());
    }

    @Test
    void resetRestoresTheInitialParamsAndClearsTheOptimizer() {
        LinearRegression fresh = new LinearRegression();
        LinearRegression m = new LinearRegression();
        m.setLearningRate(0.05);
        double firstLoss = m.trainStep();
        for (int i = 0; i < 10; i++) {
            m.trainStep();
        }
        m.reset();
        assertEquals(0, m.updates());
        assertTrue(Double.isNaN(m.loss()));
        assertArrayEquals(GeneratedModelStartTest.bits(fresh.param("W")), GeneratedModelStartTest.bits(m.param("W")));
        assertArrayEquals(new double[2], m.view("W.momentum", TensorSpec.Role.STATE).toDoubles());
        assertArrayEquals(new double[2], m.gradient("W").toDoubles());
        assertEquals(0.05, m.learningRate(), "the learning rate is the user's");
        assertEquals(firstLoss, m.trainStep(), "training starts over exactly");
    }
}
