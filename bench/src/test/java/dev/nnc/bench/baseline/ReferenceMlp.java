package dev.nnc.bench.baseline;

/**
 * A naive double-precision MLP step written as directly from the math as possible, the
 * oracle for the f32 baselines: plain triple loops, no blocking, no tricks.
 */
final class ReferenceMlp {
    private final int[] sizes;
    private final int batch;
    private final double[][] x;
    private final int[] labels;
    /** w[l][k][j]: layer l, input k, output j. */
    final double[][][] w;
    final double[][] b;
    final double[][][] gw;
    final double[][] gb;

    ReferenceMlp(MlpProblem problem) {
        int layers = problem.layers();
        sizes = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            sizes[i] = problem.size(i);
        }
        batch = problem.batch();
        float[] flat = problem.inputs();
        x = new double[batch][sizes[0]];
        for (int i = 0; i < batch; i++) {
            for (int k = 0; k < sizes[0]; k++) {
                x[i][k] = flat[i * sizes[0] + k];
            }
        }
        labels = problem.labels();
        w = new double[layers][][];
        b = new double[layers][];
        gw = new double[layers][][];
        gb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            float[] wl = problem.weights(l);
            w[l] = new double[sizes[l]][sizes[l + 1]];
            gw[l] = new double[sizes[l]][sizes[l + 1]];
            for (int k = 0; k < sizes[l]; k++) {
                for (int j = 0; j < sizes[l + 1]; j++) {
                    w[l][k][j] = wl[k * sizes[l + 1] + j];
                }
            }
            float[] bl = problem.biases(l);
            b[l] = new double[bl.length];
            for (int j = 0; j < bl.length; j++) {
                b[l][j] = bl[j];
            }
            gb[l] = new double[sizes[l + 1]];
        }
    }

    /** Pre-activations z[l] for l = 1..layers (z[0] is the input), each [batch][size]. */
    private double[][][] forward() {
        int layers = w.length;
        double[][][] z = new double[layers + 1][][];
        double[][] a = x;
        z[0] = x;
        for (int l = 0; l < layers; l++) {
            z[l + 1] = new double[batch][sizes[l + 1]];
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < sizes[l + 1]; j++) {
                    double s = b[l][j];
                    for (int k = 0; k < sizes[l]; k++) {
                        s += a[i][k] * w[l][k][j];
                    }
                    z[l + 1][i][j] = s;
                }
            }
            a = relu(z[l + 1]);
        }
        return z;
    }

    /** The mean cross-entropy of the batch at the current parameters. */
    double loss() {
        double[][] logits = forward()[w.length];
        double total = 0;
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : logits[i]) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - logits[i][labels[i]];
        }
        return total / batch;
    }

    /** Fills gw and gb with the gradient at the current parameters, and returns the loss. */
    double gradients() {
        int layers = w.length;
        double[][][] z = forward();
        double[][] dz = new double[batch][sizes[layers]];
        for (int i = 0; i < batch; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[layers][i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z[layers][i]) {
                sum += Math.exp(v - max);
            }
            for (int j = 0; j < sizes[layers]; j++) {
                double p = Math.exp(z[layers][i][j] - max) / sum;
                dz[i][j] = (p - (j == labels[i] ? 1 : 0)) / batch;
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            double[][] a = l == 0 ? x : relu(z[l]);
            for (int k = 0; k < sizes[l]; k++) {
                for (int j = 0; j < sizes[l + 1]; j++) {
                    double s = 0;
                    for (int i = 0; i < batch; i++) {
                        s += a[i][k] * dz[i][j];
                    }
                    gw[l][k][j] = s;
                }
            }
            for (int j = 0; j < sizes[l + 1]; j++) {
                double s = 0;
                for (int i = 0; i < batch; i++) {
                    s += dz[i][j];
                }
                gb[l][j] = s;
            }
            if (l > 0) {
                double[][] da = new double[batch][sizes[l]];
                for (int i = 0; i < batch; i++) {
                    for (int k = 0; k < sizes[l]; k++) {
                        double s = 0;
                        for (int j = 0; j < sizes[l + 1]; j++) {
                            s += dz[i][j] * w[l][k][j];
                        }
                        da[i][k] = z[l][i][k] > 0 ? s : 0;
                    }
                }
                dz = da;
            }
        }
        return loss();
    }

    /** One SGD step: gradients, then every parameter moves by -lr times its gradient. */
    double step(double lr) {
        double loss = gradients();
        for (int l = 0; l < w.length; l++) {
            for (int k = 0; k < sizes[l]; k++) {
                for (int j = 0; j < sizes[l + 1]; j++) {
                    w[l][k][j] -= lr * gw[l][k][j];
                }
            }
            for (int j = 0; j < sizes[l + 1]; j++) {
                b[l][j] -= lr * gb[l][j];
            }
        }
        return loss;
    }

    private static double[][] relu(double[][] z) {
        double[][] a = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            a[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                a[i][j] = Math.max(z[i][j], 0);
            }
        }
        return a;
    }
}
