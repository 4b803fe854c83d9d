package dev.nnc.runtime.gemm;

/**
 * The element-wise companions of the products, in plain loops: the definitions every kernel's
 * {@code subtractScaled} and {@code sumRows} match bit for bit. {@code W = W - scale * C} over
 * a block of two row-major matrices that share a leading dimension (Java rounds
 * {@code w - scale * c} as written, the product first), and the sums of a matrix's columns.
 */
final class RowLoops {
    private RowLoops() {}

    static void sumRows(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            out[outOff + j] = 0f;
        }
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                out[outOff + j] = out[outOff + j] + a[ai + j];
            }
        }
    }

    static void sumRows(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            out[outOff + j] = 0.0;
        }
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                out[outOff + j] = out[outOff + j] + a[ai + j];
            }
        }
    }

    static void plain(int m, int n, float scale, float[] c, int cOff, float[] w, int wOff, int ld) {
        if (ld == n && m > 1) { // one contiguous run
            n *= m;
            m = 1;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ld;
            int wi = wOff + i * ld;
            for (int j = 0; j < n; j++) {
                w[wi + j] = w[wi + j] - scale * c[ci + j];
            }
        }
    }

    static void plain(int m, int n, double scale, double[] c, int cOff, double[] w, int wOff, int ld) {
        if (ld == n && m > 1) { // one contiguous run
            n *= m;
            m = 1;
        }
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ld;
            int wi = wOff + i * ld;
            for (int j = 0; j < n; j++) {
                w[wi + j] = w[wi + j] - scale * c[ci + j];
            }
        }
    }

    static void biasAdd(boolean relu, int from, int to, int n, float[] z, float[] b, float[] out) {
        for (int i = from; i < to; i++) {
            biasAddRow(relu, i * n, 0, n, z, b, out);
        }
    }

    /** Columns {@code from} to {@code n} of the row that starts at {@code r}: also a vector kernel's row ends. */
    static void biasAddRow(boolean relu, int r, int from, int n, float[] z, float[] b, float[] out) {
        for (int j = from; j < n; j++) {
            float v = z[r + j] + b[j];
            out[r + j] = relu ? Math.max(v, 0f) : v;
        }
    }

    static void biasAdd(boolean relu, int from, int to, int n, double[] z, double[] b, double[] out) {
        for (int i = from; i < to; i++) {
            biasAddRow(relu, i * n, 0, n, z, b, out);
        }
    }

    static void biasAddRow(boolean relu, int r, int from, int n, double[] z, double[] b, double[] out) {
        for (int j = from; j < n; j++) {
            double v = z[r + j] + b[j];
            out[r + j] = relu ? Math.max(v, 0.0) : v;
        }
    }

    static void reluGrad(int from, int to, float[] h, float[] g, float[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (h[i] > 0f ? 1f : 0f) * g[i];
        }
    }

    static void reluGrad(int from, int to, double[] h, double[] g, double[] out) {
        for (int i = from; i < to; i++) {
            out[i] = (h[i] > 0.0 ? 1.0 : 0.0) * g[i];
        }
    }
}
