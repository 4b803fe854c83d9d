package dev.nnc.bench.baseline;

/**
 * The MLP step over flat row-major arrays with hand-written Vector API kernels
 * ({@link VectorKernels}); run with {@code --add-modules jdk.incubator.vector}.
 */
public final class VectorMlpStep implements MlpStep {
    /** The problem's initial parameters, fetched once so that {@link #reset} allocates nothing. */
    private final float[][] initialW;
    private final float[][] initialB;
    private final int batch;
    private final int[] sizes;
    private final int[] labels;
    private final float lr;

    private final float[][] w;
    private final float[][] b;
    private final float[][] gw;
    private final float[][] gb;
    /** act[0] is the batch, act[1] and act[2] the hidden layers after relu, act[3] the logits. */
    private final float[][] act;
    /** delta[l] is dLoss/d(pre-activation of act[l]), for l = 1..3. */
    private final float[][] delta;
    /** wt[l] is w[l] transposed, for the product delta[l + 1] · w[l]ᵀ. */
    private final float[][] wt;
    /** gwt[l] is gw[l] transposed, the scratch of {@link #backwardWeights} for narrow layers. */
    private final float[][] gwt;

    public VectorMlpStep(MlpProblem problem) {
        this(problem, LR);
    }

    public VectorMlpStep(MlpProblem problem, float lr) {
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
        w = new float[layers][];
        gw = new float[layers][];
        wt = new float[layers][];
        gwt = new float[layers][];
        b = new float[layers][];
        gb = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l] * sizes[l + 1]];
            gw[l] = new float[sizes[l] * sizes[l + 1]];
            wt[l] = new float[sizes[l] * sizes[l + 1]];
            gwt[l] = new float[sizes[l] * sizes[l + 1]];
            b[l] = new float[sizes[l + 1]];
            gb[l] = new float[sizes[l + 1]];
        }
        act = new float[layers + 1][];
        delta = new float[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            act[l] = new float[batch * sizes[l]];
            delta[l] = new float[batch * sizes[l]];
        }
        act[0] = problem.inputs();
        reset();
    }

    @Override
    public void reset() {
        for (int l = 0; l < w.length; l++) {
            System.arraycopy(initialW[l], 0, w[l], 0, w[l].length);
            System.arraycopy(initialB[l], 0, b[l], 0, b[l].length);
        }
    }

    @Override
    public float step() {
        int last = w.length;
        for (int l = 0; l < last; l++) {
            forward(l);
            if (l + 1 < last) {
                relu(act[l + 1]);
            }
        }
        int classes = sizes[last];
        float loss = 0;
        float scale = 1f / batch;
        for (int i = 0; i < batch; i++) {
            loss += SoftmaxCrossEntropy.row(act[last], i * classes, classes, labels[i], scale, delta[last], i * classes);
        }
        for (int l = last - 1; l >= 0; l--) {
            backwardWeights(l);
            VectorKernels.columnSums(delta[l + 1], gb[l], batch, sizes[l + 1]);
            if (l > 0) {
                // Backpropagate through the weights as they were in the forward pass,
                // before any update: the update comes after the whole backward pass.
                // A narrow layer's forward pass has already transposed them.
                if (!VectorKernels.isNarrow(sizes[l + 1])) {
                    VectorKernels.transpose(w[l], wt[l], sizes[l], sizes[l + 1]);
                }
                VectorKernels.matmul(delta[l + 1], wt[l], null, delta[l], batch, sizes[l + 1], sizes[l]);
                VectorKernels.reluBackward(delta[l], act[l]);
            }
        }
        for (int l = 0; l < last; l++) {
            sgd(w[l], gw[l]);
            sgd(b[l], gb[l]);
        }
        return loss / batch;
    }

    /** act[l + 1] = b[l] + act[l] · w[l]. */
    private void forward(int l) {
        int in = sizes[l];
        int out = sizes[l + 1];
        if (VectorKernels.isNarrow(out)) {
            // Dot products of act rows with w's columns; the transposed copy is reused by
            // the backward pass, as w does not change before the update.
            VectorKernels.transpose(w[l], wt[l], in, out);
            VectorKernels.matmulTransposedRight(act[l], wt[l], b[l], act[l + 1], batch, in, out);
        } else {
            VectorKernels.matmul(act[l], w[l], b[l], act[l + 1], batch, in, out);
        }
    }

    /** gw[l] = act[l]ᵀ · delta[l + 1]. */
    private void backwardWeights(int l) {
        int in = sizes[l];
        int out = sizes[l + 1];
        if (VectorKernels.isNarrow(out)) {
            // Compute gw[l]ᵀ = delta[l + 1]ᵀ · act[l] instead, whose rows are wide enough for
            // the tiles, into gwt, and transpose that small result back.
            VectorKernels.matmulTransposedLeft(delta[l + 1], act[l], gwt[l], batch, out, in);
            VectorKernels.transpose(gwt[l], gw[l], out, in);
        } else {
            VectorKernels.matmulTransposedLeft(act[l], delta[l + 1], gw[l], batch, in, out);
        }
    }

    // The two loops below run over whole arrays at one index, which C2 vectorises by itself.

    private static void relu(float[] a) {
        for (int j = 0; j < a.length; j++) {
            a[j] = Math.max(a[j], 0f);
        }
    }

    private void sgd(float[] p, float[] g) {
        for (int j = 0; j < p.length; j++) {
            p[j] -= lr * g[j];
        }
    }

    @Override
    public float[] weights(int l) {
        return w[l].clone();
    }

    @Override
    public float[] biases(int l) {
        return b[l].clone();
    }

    @Override
    public float[] weightGradient(int l) {
        return gw[l].clone();
    }

    @Override
    public float[] biasGradient(int l) {
        return gb[l].clone();
    }
}
