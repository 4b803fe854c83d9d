package dev.nnc.bench.baseline;

import java.util.Arrays;

/**
 * The MLP step in plain Java loops over per-row arrays, as a careful engineer writes it
 * when the JDK's auto-vectoriser is all there is (see {@link PlainKernels} for why rows).
 */
public final class PlainMlpStep implements MlpStep {
    /** The problem's initial parameters, fetched once so that {@link #reset} allocates nothing. */
    private final float[][] initialW;
    private final float[][] initialB;
    private final int batch;
    private final int[] sizes;
    private final int[] labels;
    private final float lr;

    private final float[][][] w;
    private final float[][] b;
    private final float[][][] gw;
    private final float[][] gb;
    /** act[0] is the batch, act[1] and act[2] the hidden layers after relu, act[3] the logits. */
    private final float[][][] act;
    /** delta[l] is dLoss/d(pre-activation of act[l]), for l = 1..3. */
    private final float[][][] delta;
    /** wt[l] is w[l] transposed, for the product delta[l + 1] · w[l]ᵀ. */
    private final float[][][] wt;

    public PlainMlpStep(MlpProblem problem) {
        this(problem, LR);
    }

    public PlainMlpStep(MlpProblem problem, float lr) {
        this.lr = lr;
        batch = problem.batch();
        int layers = problem.layers();
        sizes = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            sizes[i] = problem.size(i);
        }
        labels = problem.labels();
        initialW = new float[layers][];
        initialB = new float[layers][];
        for (int l = 0; l < layers; l++) {
            initialW[l] = problem.weights(l);
            initialB[l] = problem.biases(l);
        }
        w = new float[layers][][];
        gw = new float[layers][][];
        wt = new float[layers][][];
        b = new float[layers][];
        gb = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l]][sizes[l + 1]];
            gw[l] = new float[sizes[l]][sizes[l + 1]];
            wt[l] = new float[sizes[l + 1]][sizes[l]];
            b[l] = new float[sizes[l + 1]];
            gb[l] = new float[sizes[l + 1]];
        }
        act = new float[layers + 1][][];
        delta = new float[layers + 1][][];
        for (int l = 0; l <= layers; l++) {
            act[l] = new float[batch][sizes[l]];
            delta[l] = new float[batch][sizes[l]];
        }
        float[] x = problem.inputs();
        for (int i = 0; i < batch; i++) {
            System.arraycopy(x, i * sizes[0], act[0][i], 0, sizes[0]);
        }
        reset();
    }

    @Override
    public void reset() {
        for (int l = 0; l < w.length; l++) {
            unflatten(initialW[l], w[l], sizes[l + 1]);
            System.arraycopy(initialB[l], 0, b[l], 0, sizes[l + 1]);
        }
    }

    @Override
    public float step() {
        int last = w.length;
        for (int l = 0; l < last; l++) {
            PlainKernels.matmul(act[l], w[l], b[l], act[l + 1], batch, sizes[l], sizes[l + 1]);
            if (l + 1 < last) {
                relu(act[l + 1], sizes[l + 1]);
            }
        }
        float loss = 0;
        float scale = 1f / batch;
        for (int i = 0; i < batch; i++) {
            loss += SoftmaxCrossEntropy.row(act[last][i], 0, sizes[last], labels[i], scale, delta[last][i], 0);
        }
        for (int l = last - 1; l >= 0; l--) {
            PlainKernels.matmulTransposedLeft(act[l], delta[l + 1], gw[l], batch, sizes[l], sizes[l + 1]);
            columnSums(delta[l + 1], gb[l], sizes[l + 1]);
            if (l > 0) {
                // Backpropagate through the weights as they were in the forward pass,
                // before any update: the update comes after the whole backward pass.
                PlainKernels.transpose(w[l], wt[l], sizes[l], sizes[l + 1]);
                PlainKernels.matmul(delta[l + 1], wt[l], null, delta[l], batch, sizes[l + 1], sizes[l]);
                reluBackward(delta[l], act[l], sizes[l]);
            }
        }
        for (int l = 0; l < last; l++) {
            for (int k = 0; k < sizes[l]; k++) {
                sgd(w[l][k], gw[l][k], sizes[l + 1]);
            }
            sgd(b[l], gb[l], sizes[l + 1]);
        }
        return loss / batch;
    }

    private void relu(float[][] a, int n) {
        for (int i = 0; i < batch; i++) {
            float[] row = a[i];
            for (int j = 0; j < n; j++) {
                row[j] = Math.max(row[j], 0f);
            }
        }
    }

    /** relu'(z) is 1 where z > 0, which is exactly where the stored output is positive. */
    private void reluBackward(float[][] d, float[][] a, int n) {
        for (int i = 0; i < batch; i++) {
            float[] di = d[i];
            float[] ai = a[i];
            for (int j = 0; j < n; j++) {
                di[j] = ai[j] > 0f ? di[j] : 0f;
            }
        }
    }

    private void columnSums(float[][] d, float[] sums, int n) {
        Arrays.fill(sums, 0, n, 0f);
        for (int i = 0; i < batch; i++) {
            float[] di = d[i];
            for (int j = 0; j < n; j++) {
                sums[j] += di[j];
            }
        }
    }

    private void sgd(float[] p, float[] g, int n) {
        for (int j = 0; j < n; j++) {
            p[j] -= lr * g[j];
        }
    }

    @Override
    public float[] weights(int l) {
        return flatten(w[l]);
    }

    @Override
    public float[] biases(int l) {
        return b[l].clone();
    }

    @Override
    public float[] weightGradient(int l) {
        return flatten(gw[l]);
    }

    @Override
    public float[] biasGradient(int l) {
        return gb[l].clone();
    }

    private static void unflatten(float[] flat, float[][] rows, int cols) {
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, i * cols, rows[i], 0, cols);
        }
    }

    private static float[] flatten(float[][] rows) {
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
