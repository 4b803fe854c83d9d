package dev.nnc.runtime.app;

import dev.nnc.runtime.GeneratedModel;

/** A fixture that only predicts: {@code p = sigmoid(x @ W + b)}, no loss, no train block. */
final class PredictOnly extends GeneratedModel {
    private int B;
    private double[] x;
    private double[] W;
    private double[] b;
    private double[] p;

    PredictOnly() {
        super(new String[] {"""
                nnc-spec 1
                model coin
                dtype f64
                symbols B
                fingerprint fedcba9876543210
                tensor input x f64 [B,2]
                tensor param W f64 [2,1] init glorot_uniform
                tensor param b f64 [1] init zeros
                tensor output p f64 [B,1]
                end
                """});
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        B = symbols[0];
        x = x == null || x.length < 2 * B ? new double[2 * B] : x;
        W = W == null ? new double[2] : W;
        b = b == null ? new double[1] : b;
        p = p == null || p.length < B ? new double[B] : p;
    }

    @Override
    protected Object array(int slot) {
        return switch (slot) {
            case 0 -> x;
            case 1 -> W;
            case 2 -> b;
            case 3 -> p;
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
        throw new UnsupportedOperationException();
    }

    @Override
    protected void runGradients() {
        throw new UnsupportedOperationException();
    }

    @Override
    protected void runUpdate() {
        throw new UnsupportedOperationException();
    }
}
