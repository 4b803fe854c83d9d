package dev.nnc.runtime.app;

import dev.nnc.runtime.GeneratedModel;

/**
 * A test fixture written the way nnc generates a class, by hand: logistic regression in f64,
 * {@code p = sigmoid(x @ W + b)} against float targets {@code t} (0 or 1), {@code loss =
 * mean(-t log p - (1 - t) log(1 - p))}, plain SGD. Its inputs have defaults (an AND gate, four
 * examples), so it also trains without data. A one-value output against float targets: the
 * model whose accuracy counts p &gt; 0.5.
 */
final class Coin extends GeneratedModel {
    static final String SPEC = """
            nnc-spec 1
            model coin
            dtype f64
            symbols B
            objective loss
            fingerprint fedcba9876543210
            train sgd batch 4 epochs 50 seed 9 clip_norm 0.0
            hyper lr 0.5
            hyper momentum 0.0
            hyper nesterov 0.0
            hyper weight_decay 0.0
            tensor input x f64 [B,2]
              values 0.0 0.0 0.0 1.0 1.0 0.0 1.0 1.0
            tensor input t f64 [B,1]
              values 0.0 0.0 0.0 1.0
            tensor param W f64 [2,1] init glorot_uniform
            tensor param b f64 [1] init zeros
            tensor output p f64 [B,1]
            tensor loss loss f64 []
            tensor gradient dloss/dW f64 [2,1] of W
            tensor gradient dloss/db f64 [1] of b
            end
            """;

    private int B;
    private double[] x;
    private double[] t;
    private double[] W;
    private double[] b;
    private double[] p;
    private double[] loss;
    private double[] dW;
    private double[] db;

    Coin() {
        super(new String[] {SPEC});
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        B = symbols[0];
        x = grow(x, 2 * B);
        t = grow(t, B);
        W = grow(W, 2);
        b = grow(b, 1);
        p = grow(p, B);
        loss = grow(loss, 1);
        dW = grow(dW, 2);
        db = grow(db, 1);
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
            case 4 -> p;
            case 5 -> loss;
            case 6 -> dW;
            case 7 -> db;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }

    @Override
    protected void runPredict() {
        for (int i = 0; i < B; i++) {
            p[i] = 1 / (1 + Math.exp(-(x[2 * i] * W[0] + x[2 * i + 1] * W[1] + b[0])));
        }
    }

    @Override
    protected void runEvaluate() {
        runPredict();
        double s = 0;
        for (int i = 0; i < B; i++) {
            s -= t[i] * Math.log(p[i]) + (1 - t[i]) * Math.log(1 - p[i]);
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
            double d = (p[i] - t[i]) / B;
            dW[0] += x[2 * i] * d;
            dW[1] += x[2 * i + 1] * d;
            db[0] += d;
        }
    }

    @Override
    protected void runUpdate() {
        W[0] -= learningRate * dW[0];
        W[1] -= learningRate * dW[1];
        b[0] -= learningRate * db[0];
    }
}
