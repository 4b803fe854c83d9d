package dev.nnc.runtime;

/**
 * A test fixture written the way nnc generates a class, by hand: linear regression in f64,
 * {@code y = x @ W + b}, {@code loss = mean((y - t)^2)}, trained by SGD with momentum 0.9
 * ({@code v = 0.9 v + g; p -= lr v}, PyTorch's form). The gradients are derived by hand:
 * {@code dy = 2 (y - t) / B}, {@code dW = x^T dy}, {@code db = sum(dy)}.
 */
final class LinearRegression extends GeneratedModel {
    static final String SPEC = """
            nnc-spec 1
            model linreg
            dtype f64
            symbols B
            objective loss
            fingerprint 0373380fc2ebd6f9
            train sgd batch 4 epochs 20 seed 42 clip_norm 0.0
            hyper lr 0.1
            hyper momentum 0.9
            tensor input x f64 [B,2]
              values 0.0 0.0 0.0 1.0 1.0 0.0 1.0 1.0
            tensor input t f64 [B,1]
              values 0.5 -2.5 2.5 -0.5
            tensor param W f64 [2,1] init glorot_uniform
            tensor param b f64 [1] init uniform args -0.1 0.1
            tensor output y f64 [B,1]
            tensor loss loss f64 []
            tensor gradient dloss/dW f64 [2,1] of W
            tensor gradient dloss/db f64 [1] of b
            tensor state W.momentum f64 [2,1] of W
            tensor state b.momentum f64 [1] of b
            end
            """;

    private int B;
    private double[] x;
    private double[] t;
    private double[] W;
    private double[] b;
    private double[] y;
    private double[] loss;
    private double[] dW;
    private double[] db;
    private double[] vW;
    private double[] vb;
    private double[] dy; // a temporary: no slot

    LinearRegression() {
        this(SPEC);
    }

    /** With another spec text of the same tensors: another seed, or chunks split anywhere. */
    LinearRegression(String... specChunks) {
        super(specChunks);
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        B = symbols[0];
        x = grow(x, B * 2);
        t = grow(t, B);
        W = grow(W, 2);
        b = grow(b, 1);
        y = grow(y, B);
        loss = grow(loss, 1);
        dW = grow(dW, 2);
        db = grow(db, 1);
        vW = grow(vW, 2);
        vb = grow(vb, 1);
        dy = grow(dy, B);
    }

    private static double[] grow(double[] a, int n) {
        return a == null || a.length < n ? new double[n] : a;
    }

    @Override
    protected Object array(int slot) {
        return switch (slot) {
            case 0 -> x;
            case 1 -> t;
            case 2 -> W;
            case 3 -> b;
            case 4 -> y;
            case 5 -> loss;
            case 6 -> dW;
            case 7 -> db;
            case 8 -> vW;
            case 9 -> vb;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }

    @Override
    protected void runPredict() {
        for (int i = 0; i < B; i++) {
            y[i] = x[2 * i] * W[0] + x[2 * i + 1] * W[1] + b[0];
        }
    }

    @Override
    protected void runEvaluate() {
        runPredict();
        double s = 0;
        for (int i = 0; i < B; i++) {
            double e = y[i] - t[i];
            s += e * e;
        }
        loss[0] = s / B;
    }

    @Override
    protected void runGradients() {
        runEvaluate();
        dW[0] = 0;
        dW[1] = 0;
        db[0] = 0;
        for (int i = 0; i < B; i++) {
            dy[i] = 2 * (y[i] - t[i]) / B;
            dW[0] += x[2 * i] * dy[i];
            dW[1] += x[2 * i + 1] * dy[i];
            db[0] += dy[i];
        }
    }

    @Override
    protected void runUpdate() {
        for (int j = 0; j < 2; j++) {
            vW[j] = 0.9 * vW[j] + dW[j];
            W[j] -= learningRate * vW[j];
        }
        vb[0] = 0.9 * vb[0] + db[0];
        b[0] -= learningRate * vb[0];
    }
}
