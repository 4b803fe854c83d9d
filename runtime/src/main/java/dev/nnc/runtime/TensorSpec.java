package dev.nnc.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One tensor a compiled model exposes: an input, a param, a const, an output, the loss, a
 * gradient or a piece of optimizer state.
 *
 * @param role what the tensor is to the model
 * @param name the name in the .nn source; gradients are named {@code dloss/dW1}, optimizer
 *     state {@code W1.adam_m}
 * @param dtype its element type
 * @param dims one entry per axis: a size ({@code "784"}) or a symbol ({@code "B"})
 * @param init how a param starts: {@code zeros}, {@code ones}, {@code literal},
 *     {@code uniform}, {@code normal}, {@code glorot_uniform}, {@code glorot_normal},
 *     {@code he_uniform}, {@code he_normal}; null for other roles
 * @param initArgs the initialiser's numbers ({@code uniform}: low, high; {@code normal}: mean,
 *     std); empty otherwise
 * @param values a literal param's values, a const's values, or an input's default value,
 *     row-major; null when there are none
 * @param target for a gradient or optimizer state, the tensor it belongs to; null otherwise
 */
public record TensorSpec(Role role, String name, DType dtype, List<String> dims, String init,
                         double[] initArgs, double[] values, String target) {

    public enum Role { INPUT, PARAM, CONST, OUTPUT, LOSS, GRADIENT, STATE }

    public TensorSpec {
        dims = List.copyOf(dims);
        initArgs = initArgs == null ? new double[0] : initArgs.clone();
        values = values == null ? null : values.clone();
    }

    public int rank() {
        return dims.size();
    }

    /** Whether axis {@code axis} is a symbol rather than a fixed size. */
    public boolean isSymbolic(int axis) {
        return !Character.isDigit(dims.get(axis).charAt(0));
    }

    /** Whether every axis has a fixed size. */
    public boolean isFixed() {
        for (int a = 0; a < rank(); a++) {
            if (isSymbolic(a)) {
                return false;
            }
        }
        return true;
    }

    /** The shape as {@code [B, 784]}. */
    public String shapeText() {
        return "[" + String.join(", ", dims) + "]";
    }

    /**
     * The shape when every axis is fixed.
     *
     * @throws IllegalStateException when an axis is a symbol
     */
    public int[] fixedShape() {
        int[] shape = new int[rank()];
        for (int a = 0; a < shape.length; a++) {
            if (isSymbolic(a)) {
                throw new IllegalStateException(role.name().toLowerCase(java.util.Locale.ROOT) + " '" + name
                        + "' has symbolic shape " + shapeText());
            }
            shape[a] = Integer.parseInt(dims.get(a));
        }
        return shape;
    }

    // A record compares arrays by identity; two specs read from the same text must be equal.

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && role == t.role && Objects.equals(name, t.name) && dtype == t.dtype
                && dims.equals(t.dims) && Objects.equals(init, t.init) && Arrays.equals(initArgs, t.initArgs)
                && Arrays.equals(values, t.values) && Objects.equals(target, t.target);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, name, dtype, dims, init, Arrays.hashCode(initArgs), Arrays.hashCode(values), target);
    }

    @Override
    public String toString() {
        return "TensorSpec[" + role + " " + name + " " + dtype.spelling() + shapeText()
                + (init == null ? "" : " init " + init + (initArgs.length == 0 ? "" : Arrays.toString(initArgs)))
                + (values == null ? "" : " values " + (values.length <= 8 ? Arrays.toString(values) : "(" + values.length + ")"))
                + (target == null ? "" : " of " + target) + "]";
    }
}
