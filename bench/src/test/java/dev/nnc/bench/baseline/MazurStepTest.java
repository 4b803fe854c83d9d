package dev.nnc.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MazurStepTest {
    private static final double[] X = MazurStep.X;
    private static final double[] T = MazurStep.T;

    @Test
    void firstStepMatchesThePublishedLossAndGradients() {
        MazurStep step = new MazurStep();
        double loss = step.step(X[0], X[1], T[0], T[1]);
        assertEquals(0.298371109, loss, 1e-9);
        double[] g = step.gradients();
        assertEquals(0.082167041, g[4], 1e-9, "dE/dw5");
        assertEquals(0.000438568, g[0], 1e-9, "dE/dw1");
    }

    @Test
    void firstStepMatchesThePublishedUpdatedWeights() {
        MazurStep step = new MazurStep();
        step.step(X[0], X[1], T[0], T[1]);
        double[] published = {
            0.149780716, 0.19956143, 0.24975114, 0.29950229,
            0.35891648, 0.408666186, 0.511301270, 0.561370121,
        };
        assertArrayEquals(published, step.weights(), 1e-8);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        double[] w = initialWeights();
        MazurStep step = new MazurStep();
        step.step(X[0], X[1], T[0], T[1]);
        assertArrayEquals(numericGradient(w), step.gradients(), 1e-9);
    }

    /**
     * The loss of the second step is the forward pass at w − 0.5 ∇E(w), computed here from
     * an independent forward pass and finite-difference gradients. Mazur's "0.291027924"
     * is not it: his number back-propagates the hidden layer through the already-updated
     * output weights, which is not gradient descent on E.
     */
    @Test
    void secondStepLossIsTheForwardPassAtTheUpdatedWeights() {
        double[] w = initialWeights();
        double[] g = numericGradient(w);
        double[] updated = new double[8];
        for (int i = 0; i < 8; i++) {
            updated[i] = w[i] - 0.5 * g[i];
        }
        double expected = loss(updated);

        MazurStep step = new MazurStep();
        step.step(X[0], X[1], T[0], T[1]);
        double second = step.step(X[0], X[1], T[0], T[1]);
        assertEquals(expected, second, 1e-10);
        assertTrue(Math.abs(second - 0.291027924) > 1e-8, "differs from the blog's variant: " + second);
    }

    @Test
    void resetRestoresTheInitialWeights() {
        MazurStep step = new MazurStep();
        for (int i = 0; i < 10; i++) {
            step.step(X[0], X[1], T[0], T[1]);
        }
        step.reset();
        assertArrayEquals(initialWeights(), step.weights(), 0);
    }

    private static double[] initialWeights() {
        double[] w = new double[8];
        System.arraycopy(MazurStep.W1, 0, w, 0, 4);
        System.arraycopy(MazurStep.W2, 0, w, 4, 4);
        return w;
    }

    /** E as a function of the eight weights: the oracle's forward pass, written separately. */
    private static double loss(double[] w) {
        double[] h = new double[2];
        for (int r = 0; r < 2; r++) {
            h[r] = sigmoid(w[2 * r] * X[0] + w[2 * r + 1] * X[1] + MazurStep.B1);
        }
        double e = 0;
        for (int r = 0; r < 2; r++) {
            double o = sigmoid(w[4 + 2 * r] * h[0] + w[4 + 2 * r + 1] * h[1] + MazurStep.B2);
            e += 0.5 * (T[r] - o) * (T[r] - o);
        }
        return e;
    }

    private static double[] numericGradient(double[] w) {
        double eps = 1e-6;
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double[] plus = w.clone();
            double[] minus = w.clone();
            plus[i] += eps;
            minus[i] -= eps;
            g[i] = (loss(plus) - loss(minus)) / (2 * eps);
        }
        return g;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
