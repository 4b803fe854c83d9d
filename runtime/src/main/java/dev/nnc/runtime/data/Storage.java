package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
/**
 * Where a {@link Field}'s values live: a flat primitive array, or 8-bit values read from an
 * IDX file and seen through a scale. Each layout copies rows into a batch its own fastest
 * way, allocating nothing.
 */
sealed interface Storage permits Storage.Floats, Storage.Doubles, Storage.Ints, Storage.Bytes {

    /** The type the values have for a reader, whatever their layout. */
    DType type();

    int length();

    double get(int i);

    /** Copies examples {@code order[from .. from + count)} into rows {@code 0 .. count} of {@code dest}. */
    void copyRows(int[] order, int from, int count, int width, Object dest);

    /** The given examples, copied into new storage of the same layout. */
    Storage select(int[] indices, int width);

    final class Floats implements Storage {
        final float[] v;

        Floats(float[] v) {
            this.v = v;
        }

        @Override public DType type() {
            return DType.F32;
        }

        @Override public int length() {
            return v.length;
        }

        @Override public double get(int i) {
            return v[i];
        }

        @Override public void copyRows(int[] order, int from, int count, int width, Object dest) {
            float[] d = (float[]) dest;
            if (width == 1) { // one value per example: a plain loop beats a call per value
                for (int r = 0; r < count; r++) {
                    d[r] = v[order[from + r]];
                }
                return;
            }
            for (int r = 0; r < count; r++) {
                System.arraycopy(v, order[from + r] * width, d, r * width, width);
            }
        }

        @Override public Storage select(int[] indices, int width) {
            float[] out = new float[indices.length * width];
            copyRows(indices, 0, indices.length, width, out);
            return new Floats(out);
        }
    }

    final class Doubles implements Storage {
        final double[] v;

        Doubles(double[] v) {
            this.v = v;
        }

        @Override public DType type() {
            return DType.F64;
        }

        @Override public int length() {
            return v.length;
        }

        @Override public double get(int i) {
            return v[i];
        }

        @Override public void copyRows(int[] order, int from, int count, int width, Object dest) {
            double[] d = (double[]) dest;
            if (width == 1) {
                for (int r = 0; r < count; r++) {
                    d[r] = v[order[from + r]];
                }
                return;
            }
            for (int r = 0; r < count; r++) {
                System.arraycopy(v, order[from + r] * width, d, r * width, width);
            }
        }

        @Override public Storage select(int[] indices, int width) {
            double[] out = new double[indices.length * width];
            copyRows(indices, 0, indices.length, width, out);
            return new Doubles(out);
        }
    }

    final class Ints implements Storage {
        final int[] v;

        Ints(int[] v) {
            this.v = v;
        }

        @Override public DType type() {
            return DType.I32;
        }

        @Override public int length() {
            return v.length;
        }

        @Override public double get(int i) {
            return v[i];
        }

        @Override public void copyRows(int[] order, int from, int count, int width, Object dest) {
            int[] d = (int[]) dest;
            if (width == 1) {
                for (int r = 0; r < count; r++) {
                    d[r] = v[order[from + r]];
                }
                return;
            }
            for (int r = 0; r < count; r++) {
                System.arraycopy(v, order[from + r] * width, d, r * width, width);
            }
        }

        @Override public Storage select(int[] indices, int width) {
            int[] out = new int[indices.length * width];
            copyRows(indices, 0, indices.length, width, out);
            return new Ints(out);
        }
    }

    /**
     * Unsigned 8-bit values (pixels) that read as F32 or F64 {@code value * scale}, through a
     * 256-entry table. Kept as bytes because a float copy of 60,000 Fashion-MNIST images is
     * 188 MB that must be allocated, touched and filled before training starts (over half a
     * second on its own) and then read four times over on every batch; the bytes are already
     * in memory. The values are those a float array would hold, bit for bit.
     */
    final class Bytes implements Storage {
        final byte[] v;
        final DType type;
        final double scale;
        private final float[] table32;
        private final double[] table64;

        Bytes(byte[] v, DType type, double scale) {
            this.v = v;
            this.type = type;
            this.scale = scale;
            this.table32 = new float[256];
            this.table64 = new double[256];
            for (int b = 0; b < 256; b++) {
                table64[b] = b * scale;
                table32[b] = (float) table64[b];
            }
        }

        @Override public DType type() {
            return type;
        }

        @Override public int length() {
            return v.length;
        }

        @Override public double get(int i) {
            return type == DType.F32 ? table32[v[i] & 0xFF] : table64[v[i] & 0xFF];
        }

        @Override public void copyRows(int[] order, int from, int count, int width, Object dest) {
            if (type == DType.F32) {
                float[] d = (float[]) dest;
                float[] t = table32;
                for (int r = 0; r < count; r++) {
                    int s = order[from + r] * width;
                    int o = r * width;
                    for (int k = 0; k < width; k++) {
                        d[o + k] = t[v[s + k] & 0xFF];
                    }
                }
            } else {
                double[] d = (double[]) dest;
                double[] t = table64;
                for (int r = 0; r < count; r++) {
                    int s = order[from + r] * width;
                    int o = r * width;
                    for (int k = 0; k < width; k++) {
                        d[o + k] = t[v[s + k] & 0xFF];
                    }
                }
            }
        }

        @Override public Storage select(int[] indices, int width) {
            byte[] out = new byte[indices.length * width];
            for (int r = 0; r < indices.length; r++) {
                System.arraycopy(v, indices[r] * width, out, r * width, width);
            }
            return new Bytes(out, type, scale);
        }

        /** The same bytes read as another float type: {@code value * scale} rounded once. */
        Bytes as(DType other) {
            return new Bytes(v, other, scale);
        }

        float[] toFloats() {
            float[] out = new float[v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = table32[v[i] & 0xFF];
            }
            return out;
        }

        double[] toDoubles() {
            double[] out = new double[v.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = table64[v[i] & 0xFF];
            }
            return out;
        }
    }
}
