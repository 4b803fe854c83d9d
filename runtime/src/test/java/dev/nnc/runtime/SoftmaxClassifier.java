package dev.nnc.runtime;

/**
 * A test fixture written the way nnc generates a class, by hand: a softmax classifier in f32
 * with int labels, {@code p = softmax(x @ W + b)}, {@code loss = mean(-log p[y])}, trained by
 * Adam. Its gradients are the textbook ones: {@code dlogits = (p - onehot(y)) / B}. Adam's bias
 * corrections use {@link #updates} as t, which the base class has already counted.
 */
final class SoftmaxClassifier extends GeneratedModel {
    static final String SPEC = """
            nnc-spec 1
            model softmax
            dtype f32
            symbols B
            objective loss
            fingerprint b8f78c7f0e513d2b
            train adam batch 8 epochs 10 seed 7 clip_norm 0.0
            hyper beta1 0.9
            hyper beta2 0.999
            hyper eps 1.0E-8
            hyper lr 0.05
            tensor input x f32 [B,2]
            tensor input y int [B]
              values 0.0 1.0 2.0
            tensor param W f32 [2,3] init glorot_normal
            tensor param b f32 [3] init literal
              values 0.1
            tensor output p f32 [B,3]
            tensor loss loss f32 []
            tensor gradient dloss/dW f32 [2,3] of W
            tensor gradient dloss/db f32 [3] of b
            tensor state W.adam_m f32 [2,3] of W
            tensor state W.adam_v f32 [2,3] of W
            tensor state b.adam_m f32 [3] of b
            tensor state b.adam_v f32 [3] of b
            end
            """;
    private static final int K = 3;

    private int B;
    private float[] x;
    private int[] y;
    private float[] W;
    private float[] b;
    private float[] p;
    private float[] loss;
    private float[] dW;
    private float[] db;
    private float[] mW;
    private float[] vW;
    private float[] mb;
    private float[] vb;

    SoftmaxClassifier() {
        super(new String[] {SPEC});
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        B = symbols[0];
        x = grow(x, B * 2);
        y = y == null || y.length < B ? new int[B] : y;
        W = grow(W, 2 * K);
        b = grow(b, K);
        p = grow(p, B * K);
        loss = grow(loss, 1);
        dW = grow(dW, 2 * K);
        db = grow(db, K);
        mW = grow(mW, 2 * K);
        vW = grow(vW, 2 * K);
        mb = grow(mb, K);
        vb = grow(vb, K);
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
            case 4 -> p;
            case 5 -> loss;
            case 6 -> dW;
            case 7 -> db;
            case 8 -> mW;
            case 9 -> vW;
            case 10 -> mb;
            case 11 -> vb;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }

    @Override
    protected void runPredict() {
        for (int i = 0; i < B; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                float z = x[2 * i] * W[k] + x[2 * i + 1] * W[K + k] + b[k];
                p[K * i + k] = z;
                max = Math.max(max, z);
            }
            float sum = 0;
            for (int k = 0; k < K; k++) {
                float e = (float) Math.exp(p[K * i + k] - max);
                p[K * i + k] = e;
                sum += e;
            }
            for (int k = 0; k < K; k++) {
                p[K * i + k] /= sum;
            }
        }
    }

    @Override
    protected void runEvaluate() {
        runPredict();
        float s = 0;
        for (int i = 0; i < B; i++) {
            int label = checkLabel(y[i], K, i, "y");
            s -= (float) Math.log(p[K * i + label]);
        }
        loss[0] = s / B;
    }

    @Override
    protected void runGradients() {
        runEvaluate();
        java.util.Arrays.fill(dW, 0, 2 * K, 0f);
        java.util.Arrays.fill(db, 0, K, 0f);
        for (int i = 0; i < B; i++) {
            for (int k = 0; k < K; k++) {
                float d = (p[K * i + k] - (y[i] == k ? 1f : 0f)) / B;
                dW[k] += x[2 * i] * d;
                dW[K + k] += x[2 * i + 1] * d;
                db[k] += d;
            }
        }
    }

    @Override
    protected void runUpdate() {
        adam(W, dW, mW, vW, 2 * K);
        adam(b, db, mb, vb, K);
    }

    private void adam(float[] w, float[] g, float[] m, float[] v, int n) {
        double c1 = 1 - Math.pow(0.9, updates);
        double c2 = 1 - Math.pow(0.999, updates);
        for (int j = 0; j < n; j++) {
            m[j] = 0.9f * m[j] + 0.1f * g[j];
            v[j] = 0.999f * v[j] + 0.001f * g[j] * g[j];
            w[j] -= (float) (learningRate * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8));
        }
    }
}
