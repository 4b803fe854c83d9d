package dev.nnc.runtime;

import java.util.Locale;

/**
 * A {@link TensorView} on one slot of a {@link GeneratedModel}: it asks the model for the
 * array on every call (the array changes when the batch grows) and reads the current symbol
 * sizes from the model's own array of them, so a view made once stays right. Nothing here
 * allocates except the methods documented to return something new, and the messages of
 * exceptions.
 */
final class ArrayView implements TensorView {
    private final GeneratedModel model;
    private final int slot;
    private final TensorSpec spec;
    private final String what; // "input 'x'", for messages
    /** Per axis: the fixed size, or -1 when {@link #symbol} names the axis's symbol. */
    private final int[] fixed;
    private final int[] symbol;
    private final int[] sizes; // the model's current symbol sizes, shared

    ArrayView(GeneratedModel model, int slot, int[] sizes) {
        this.model = model;
        this.slot = slot;
        this.spec = model.spec().tensors().get(slot);
        this.what = spec.role().name().toLowerCase(Locale.ROOT) + " '" + spec.name() + "'";
        this.sizes = sizes;
        this.fixed = new int[spec.rank()];
        this.symbol = new int[spec.rank()];
        for (int a = 0; a < spec.rank(); a++) {
            boolean symbolic = spec.isSymbolic(a);
            symbol[a] = symbolic ? model.spec().symbols().indexOf(spec.dims().get(a)) : -1;
            fixed[a] = symbolic ? -1 : Integer.parseInt(spec.dims().get(a));
        }
    }

    @Override
    public TensorSpec spec() {
        return spec;
    }

    @Override
    public int rank() {
        return fixed.length;
    }

    @Override
    public int dim(int axis) {
        if (axis < 0 || axis >= fixed.length) {
            throw new IllegalArgumentException(what + " has rank " + fixed.length + ", so it has no axis " + axis);
        }
        return symbol[axis] >= 0 ? sizes[symbol[axis]] : fixed[axis];
    }

    @Override
    public int[] shape() {
        int[] shape = new int[fixed.length];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = dim(a);
        }
        return shape;
    }

    @Override
    public int size() {
        int n = 1;
        for (int a = 0; a < fixed.length; a++) {
            n *= symbol[a] >= 0 ? sizes[symbol[a]] : fixed[a];
        }
        return n;
    }

    @Override
    public double get(int i) {
        checkIndex(i);
        Object a = model.array(slot);
        return switch (spec.dtype()) {
            case F32 -> ((float[]) a)[i];
            case F64 -> ((double[]) a)[i];
            case I32 -> ((int[]) a)[i];
        };
    }

    @Override
    public void set(int i, double value) {
        checkIndex(i);
        Object a = model.array(slot);
        switch (spec.dtype()) {
            case F32 -> ((float[]) a)[i] = (float) value;
            case F64 -> ((double[]) a)[i] = value;
            case I32 -> ((int[]) a)[i] = whole(value, i);
        }
    }

    @Override
    public void copyFrom(Object source, int offset) {
        int n = size();
        Object a = model.array(slot);
        if (source instanceof float[] f) {
            checkRemaining(f.length, offset, n, "source");
            switch (spec.dtype()) {
                case F32 -> System.arraycopy(f, offset, a, 0, n);
                case F64 -> {
                    double[] d = (double[]) a;
                    for (int i = 0; i < n; i++) {
                        d[i] = f[offset + i];
                    }
                }
                case I32 -> {
                    int[] k = (int[]) a;
                    for (int i = 0; i < n; i++) {
                        k[i] = whole(f[offset + i], i);
                    }
                }
            }
        } else if (source instanceof double[] f) {
            checkRemaining(f.length, offset, n, "source");
            switch (spec.dtype()) {
                case F32 -> {
                    float[] d = (float[]) a;
                    for (int i = 0; i < n; i++) {
                        d[i] = (float) f[offset + i];
                    }
                }
                case F64 -> System.arraycopy(f, offset, a, 0, n);
                case I32 -> {
                    int[] k = (int[]) a;
                    for (int i = 0; i < n; i++) {
                        k[i] = whole(f[offset + i], i);
                    }
                }
            }
        } else if (source instanceof int[] f) {
            checkRemaining(f.length, offset, n, "source");
            switch (spec.dtype()) {
                case F32 -> {
                    float[] d = (float[]) a;
                    for (int i = 0; i < n; i++) {
                        d[i] = f[offset + i];
                    }
                }
                case F64 -> {
                    double[] d = (double[]) a;
                    for (int i = 0; i < n; i++) {
                        d[i] = f[offset + i];
                    }
                }
                case I32 -> System.arraycopy(f, offset, a, 0, n);
            }
        } else {
            throw new IllegalArgumentException(what + " copies from a float[], double[] or int[], not "
                    + (source == null ? "null" : source.getClass().getSimpleName()));
        }
    }

    @Override
    public void copyTo(Object target, int offset) {
        int n = size();
        Object a = model.array(slot);
        if (target instanceof float[] f) {
            checkRemaining(f.length, offset, n, "target");
            switch (spec.dtype()) {
                case F32 -> System.arraycopy(a, 0, f, offset, n);
                case F64 -> {
                    double[] d = (double[]) a;
                    for (int i = 0; i < n; i++) {
                        f[offset + i] = (float) d[i];
                    }
                }
                case I32 -> {
                    int[] k = (int[]) a;
                    for (int i = 0; i < n; i++) {
                        f[offset + i] = k[i];
                    }
                }
            }
        } else if (target instanceof double[] f) {
            checkRemaining(f.length, offset, n, "target");
            switch (spec.dtype()) {
                case F32 -> {
                    float[] d = (float[]) a;
                    for (int i = 0; i < n; i++) {
                        f[offset + i] = d[i];
                    }
                }
                case F64 -> System.arraycopy(a, 0, f, offset, n);
                case I32 -> {
                    int[] k = (int[]) a;
                    for (int i = 0; i < n; i++) {
                        f[offset + i] = k[i];
                    }
                }
            }
        } else if (target instanceof int[] f && spec.dtype() == DType.I32) {
            checkRemaining(f.length, offset, n, "target");
            System.arraycopy(a, 0, f, offset, n);
        } else {
            throw new IllegalArgumentException(what + " is " + spec.dtype().spelling() + ", so it copies to a float[] or"
                    + " double[]" + (spec.dtype() == DType.I32 ? " or int[]" : "") + ", not "
                    + (target == null ? "null" : target.getClass().getSimpleName()));
        }
    }

    @Override
    public void checkLength(int length) {
        if (length != size()) {
            throw new IllegalArgumentException(what + " expects " + describeSize() + ", got " + length);
        }
    }

    @Override
    public double[] toDoubles() {
        double[] out = new double[size()];
        copyTo(out, 0);
        return out;
    }

    @Override
    public float[] toFloats() {
        float[] out = new float[size()];
        copyTo(out, 0);
        return out;
    }

    @Override
    public Object array() {
        return model.array(slot);
    }

    @Override
    public TensorData toTensorData() {
        return switch (spec.dtype()) {
            case F32 -> TensorData.f32(toFloats(), shape());
            case F64 -> TensorData.f64(toDoubles(), shape());
            case I32 -> {
                int[] out = new int[size()];
                copyTo(out, 0);
                yield TensorData.i32(out, shape());
            }
        };
    }

    @Override
    public String toString() {
        return what + " " + spec.shapeText();
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            throw new IllegalArgumentException("index " + i + " is out of range for " + what + ", which holds "
                    + describeSize());
        }
    }

    private void checkRemaining(int length, int offset, int n, String role) {
        if (offset < 0 || offset > length || length - offset < n) {
            throw new IllegalArgumentException(what + " expects " + describeSize() + ", got "
                    + (offset == 0 ? Integer.toString(length)
                            : offset < 0 || offset > length ? "offset " + offset + " into a " + role + " of " + length
                                    : (length - offset) + " (" + length + " after offset " + offset + ")"));
        }
    }

    private int whole(double v, int i) {
        int k = (int) v;
        if (k != v) {
            throw new IllegalArgumentException(what + " holds ints, but value " + v + " for element " + i
                    + " is not a whole number in the int range");
        }
        return k;
    }

    /** "4 × 2 = 8 values at B = 4", "6 values", "1 value". */
    String describeSize() {
        StringBuilder sb = new StringBuilder();
        int n = size();
        if (fixed.length > 1) {
            for (int a = 0; a < fixed.length; a++) {
                sb.append(a == 0 ? "" : " × ").append(dim(a));
            }
            sb.append(" = ");
        }
        sb.append(n).append(n == 1 ? " value" : " values");
        String separator = " at ";
        for (int a = 0; a < fixed.length; a++) {
            if (symbol[a] >= 0 && firstAxisOf(symbol[a]) == a) {
                sb.append(separator).append(spec.dims().get(a)).append(" = ").append(sizes[symbol[a]]);
                separator = ", ";
            }
        }
        return sb.toString();
    }

    private int firstAxisOf(int s) {
        int a = 0;
        while (symbol[a] != s) {
            a++;
        }
        return a;
    }
}
