package dev.nnc.bench.baseline;

/**
 * One SGD step of Matt Mazur's 2-2-2 network ("A Step by Step Backpropagation Example"),
 * written by hand the way a careful engineer would: eight weights in plain fields, the
 * gradients derived on paper, nothing allocated.
 *
 * <pre>
 *   h = σ(W1 x + b1)      W1 = [[w1, w2], [w3, w4]], b1 frozen
 *   o = σ(W2 h + b2)      W2 = [[w5, w6], [w7, w8]], b2 frozen
 *   E = Σ ½ (t − o)²
 * </pre>
 *
 * The hidden layer's gradients use the weights of W2 as they were before this step, so a
 * step is true gradient descent on E (Mazur's own follow-up loss, 0.291027924, comes from
 * a variant that does not; see the tests).
 */
public final class MazurStep {
    /** The example of the blog post: input, target, initial weights and the two biases. */
    public static final double[] X = {0.05, 0.10};
    public static final double[] T = {0.01, 0.99};
    public static final double[] W1 = {0.15, 0.20, 0.25, 0.30};
    public static final double[] W2 = {0.40, 0.45, 0.50, 0.55};
    public static final double B1 = 0.35;
    public static final double B2 = 0.60;
    /** The blog post's learning rate. */
    public static final double LR = 0.5;

    private final double lr;
    private final double b1;
    private final double b2;
    private double w1;
    private double w2;
    private double w3;
    private double w4;
    private double w5;
    private double w6;
    private double w7;
    private double w8;

    // Gradients of the last step, kept in fields (not locals) only so tests can read them;
    // storing eight doubles costs next to nothing.
    private double g1;
    private double g2;
    private double g3;
    private double g4;
    private double g5;
    private double g6;
    private double g7;
    private double g8;

    /** The blog post's network and learning rate. */
    public MazurStep() {
        this(LR);
    }

    public MazurStep(double lr) {
        this.lr = lr;
        this.b1 = B1;
        this.b2 = B2;
        reset();
    }

    /** Puts the weights back to the blog post's initial values. */
    public void reset() {
        w1 = W1[0];
        w2 = W1[1];
        w3 = W1[2];
        w4 = W1[3];
        w5 = W2[0];
        w6 = W2[1];
        w7 = W2[2];
        w8 = W2[3];
    }

    /**
     * Forward, backward and SGD update for one example.
     *
     * @return the loss E of this step, computed before the update
     */
    public double step(double x1, double x2, double t1, double t2) {
        double h1 = sigmoid(w1 * x1 + w2 * x2 + b1);
        double h2 = sigmoid(w3 * x1 + w4 * x2 + b1);
        double o1 = sigmoid(w5 * h1 + w6 * h2 + b2);
        double o2 = sigmoid(w7 * h1 + w8 * h2 + b2);
        double e1 = t1 - o1;
        double e2 = t2 - o2;
        double loss = 0.5 * (e1 * e1 + e2 * e2);

        // δ at the output pre-activations: dE/do · σ'(·), with σ' reusing the output o(1 − o).
        double d1 = (o1 - t1) * o1 * (1 - o1);
        double d2 = (o2 - t2) * o2 * (1 - o2);
        // δ at the hidden pre-activations, through the pre-update W2.
        double dh1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1);
        double dh2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2);

        g5 = d1 * h1;
        g6 = d1 * h2;
        g7 = d2 * h1;
        g8 = d2 * h2;
        g1 = dh1 * x1;
        g2 = dh1 * x2;
        g3 = dh2 * x1;
        g4 = dh2 * x2;

        w1 -= lr * g1;
        w2 -= lr * g2;
        w3 -= lr * g3;
        w4 -= lr * g4;
        w5 -= lr * g5;
        w6 -= lr * g6;
        w7 -= lr * g7;
        w8 -= lr * g8;
        return loss;
    }

    /** The current weights, w1 to w8 (W1 then W2, row-major). */
    public double[] weights() {
        return new double[] {w1, w2, w3, w4, w5, w6, w7, w8};
    }

    /** The gradients of the last step, dE/dw1 to dE/dw8. */
    public double[] gradients() {
        return new double[] {g1, g2, g3, g4, g5, g6, g7, g8};
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
