package dev.nnc.runtime.app;

import dev.nnc.runtime.GeneratedModel;
import java.util.Arrays;

/**
 * A test fixture written the way nnc generates a class, by hand: softmax regression in f32 on
 * four features and three classes, {@code logits = x @ W + b}, {@code loss = mean(-log
 * softmax(logits)[y])}, trained by SGD with momentum 0.9 ({@code v = 0.9 v + g; p -= lr v}).
 * Shaped like Iris, so it trains on samples/data/iris.csv. {@link #onUpdate} lets a test act
 * in the middle of training (ask for a stop, say) without a signal or a thread.
 */
final class Flowers extends GeneratedModel {
    static final int F = 4;
    static final int K = 3;

    /** The spec; {@code defaults} gives x and y default values, two examples of them. */
    static String spec(String name, boolean defaults) {
        return """
                nnc-spec 1
                model %s
                dtype f32
                symbols B
                objective loss
                fingerprint 0123456789abcdef
                train sgd batch 8 epochs 3 seed 5 clip_norm 0.0
                hyper lr 0.1
                hyper momentum 0.9
                hyper nesterov 0.0
                hyper weight_decay 0.0
                tensor input x f32 [B,4]
                %stensor input y int [B]
                %stensor param W f32 [4,3] init glorot_uniform
                tensor param b f32 [3] init zeros
                tensor output logits f32 [B,3]
                tensor loss loss f32 []
                tensor gradient dloss/dW f32 [4,3] of W
                tensor gradient dloss/db f32 [3] of b
                tensor state W.momentum f32 [4,3] of W
                tensor state b.momentum f32 [3] of b
                end
                """.formatted(name, defaults ? "  values 5.1 3.5 1.4 0.2 6.3 3.3 6.0 2.5\n" : "",
                defaults ? "  values 0.0 2.0\n" : "");
    }

    /** Run after every update; a test may replace it. */
    Runnable onUpdate = () -> {};

    private int B;
    private float[] x;
    private int[] y;
    private float[] W;
    private float[] b;
    private float[] logits;
    private float[] loss;
    private float[] dW;
    private float[] db;
    private float[] vW;
    private float[] vb;
    private float[] p; // softmax, a temporary

    Flowers() {
        this("flowers", false);
    }

    Flowers(String name, boolean defaults) {
        super(new String[] {spec(name, defaults)});
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        B = symbols[0];
        x = grow(x, B * F);
        y = y == null || y.length < B ? new int[B] : y;
        W = grow(W, F * K);
        b = grow(b, K);
        logits = grow(logits, B * K);
        loss = grow(loss, 1);
        dW = grow(dW, F * K);
        db = grow(db, K);
        vW = grow(vW, F * K);
        vb = grow(vb, K);
        p = grow(p, B * K);
    }

    private static float[] grow(float[] a, int n) {
        return a == null || a.length < n ? new float[n] : a;
    }

    @Override
    protected Object array(int slot) {
        return switch (slot) {
            case 0 -> x;
            case 1 -> y;
            case 2 -> W;
            case 3 -> b;
            case 4 -> logits;
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
            for (int k = 0; k < K; k++) {
                float z = b[k];
                for (int f = 0; f < F; f++) {
                    z += x[F * i + f] * W[K * f + k];
                }
                logits[K * i + k] = z;
            }
        }
    }

    @Override
    protected void runEvaluate() {
        runPredict();
        float s = 0;
        for (int i = 0; i < B; i++) {
            int label = checkLabel(y[i], K, i, "y");
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                max = Math.max(max, logits[K * i + k]);
            }
            float sum = 0;
            for (int k = 0; k < K; k++) {
                float e = (float) Math.exp(logits[K * i + k] - max);
                p[K * i + k] = e;
                sum += e;
            }
            for (int k = 0; k < K; k++) {
                p[K * i + k] /= sum;
            }
            s -= (float) Math.log(p[K * i + label]);
        }
        loss[0] = s / B;
    }

    @Override
    protected void runGradients() {
        runEvaluate();
        Arrays.fill(dW, 0, F * K, 0f);
        Arrays.fill(db, 0, K, 0f);
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < K; k++) {
                float d = (p[K * i + k] - (y[i] == k ? 1f : 0f)) / B;
                for (int f = 0; f < F; f++) {
                    dW[K * f + k] += x[F * i + f] * d;
                }
                db[k] += d;
            }
        }
    }

    @Override
    protected void runUpdate() {
        for (int j = 0; j < F * K; j++) {
            vW[j] = 0.9f * vW[j] + dW[j];
            W[j] -= (float) learningRate * vW[j];
        }
        for (int k = 0; k < K; k++) {
            vb[k] = 0.9f * vb[k] + db[k];
            b[k] -= (float) learningRate * vb[k];
        }
        onUpdate.run();
    }
}
