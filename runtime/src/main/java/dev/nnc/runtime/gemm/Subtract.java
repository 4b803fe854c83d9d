package dev.nnc.runtime.gemm;

/**
 * {@code W = W - scale * C} over a block of two row-major matrices that share a leading
 * dimension, in plain loops: the definition every kernel's {@code subtractScaled} matches bit
 * for bit. Java rounds {@code w - scale * c} as written, the product first.
 */
final class Subtract {
    private Subtract() {}

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
}
