package dev.nnc.cli;

import dev.nnc.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A value as {@code nnc run} prints it: {@code name = value  # shape}, in nested-list form with
 * every digit a double has (the shortest text that reads back to the same bits).
 *
 * <p>A value that does not fit on a line breaks after each row, NumPy style, with the rows
 * aligned under the first; a long row wraps. A tensor of more than {@value #FULL} values is
 * summarised as NumPy does it, {@value #EDGE} items at each end of each axis around
 * {@code ...}, and its comment adds the count, min, max and mean.
 */
final class TensorText {
    static final int FULL = 100;
    static final int EDGE = 3;
    static final int WIDTH = 100;

    private final int[] shape;
    private final int[] strides;
    private final double[] data;
    private final boolean integer;
    private final boolean summarised;

    private TensorText(Tensor value, boolean integer) {
        this.shape = value.shape();
        this.strides = Tensor.strides(shape);
        this.data = value.data();
        this.integer = integer;
        this.summarised = value.size() > FULL;
    }

    /** {@code name = value  # shape}; integer tensors print without {@code .0}. */
    static String line(String name, Tensor value, boolean integer) {
        String prefix = name + " = ";
        TensorText text = new TensorText(value, integer);
        return prefix + text.block(0, 0, prefix.length()) + text.comment();
    }

    private String comment() {
        if (shape.length == 0) {
            return "";
        }
        StringBuilder c = new StringBuilder("  # ");
        if (integer) {
            c.append("int");
        }
        c.append('[');
        for (int i = 0; i < shape.length; i++) {
            c.append(i > 0 ? ", " : "").append(shape[i]);
        }
        c.append(']');
        if (summarised) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (double v : data) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            c.append(String.format(Locale.ROOT, ", %,d values: min %s, max %s, mean %s",
                    data.length, number(min), number(max), Tensor.format(sum / data.length)));
        }
        return c.toString();
    }

    /** The indices shown along an axis; -1 stands for the elided middle. */
    private List<Integer> indices(int axis) {
        int n = shape[axis];
        List<Integer> shown = new ArrayList<>();
        if (!summarised || n <= 2 * EDGE) {
            for (int i = 0; i < n; i++) {
                shown.add(i);
            }
            return shown;
        }
        for (int i = 0; i < EDGE; i++) {
            shown.add(i);
        }
        shown.add(-1);
        for (int i = n - EDGE; i < n; i++) {
            shown.add(i);
        }
        return shown;
    }

    private String oneLine(int axis, int offset) {
        if (axis == shape.length) {
            return number(data[offset]);
        }
        StringBuilder sb = new StringBuilder("[");
        List<Integer> shown = indices(axis);
        for (int k = 0; k < shown.size(); k++) {
            int i = shown.get(k);
            sb.append(k > 0 ? ", " : "").append(i < 0 ? "..." : oneLine(axis + 1, offset + i * strides[axis]));
        }
        return sb.append(']').toString();
    }

    /** The sub-tensor at {@code offset} from {@code axis} on, its '[' printed at {@code column}. */
    private String block(int axis, int offset, int column) {
        String one = oneLine(axis, offset);
        if (axis == shape.length || column + one.length() <= WIDTH) {
            return one;
        }
        String newline = "\n" + " ".repeat(column + 1);
        StringBuilder sb = new StringBuilder("[");
        List<Integer> shown = indices(axis);
        if (axis == shape.length - 1) {
            // The last axis: numbers, wrapped like text.
            int col = column + 1;
            for (int k = 0; k < shown.size(); k++) {
                int i = shown.get(k);
                String item = (i < 0 ? "..." : number(data[offset + i * strides[axis]]))
                        + (k == shown.size() - 1 ? "]" : ",");
                if (k > 0 && col + 1 + item.length() > WIDTH) {
                    sb.append(newline);
                    col = column + 1;
                } else if (k > 0) {
                    sb.append(' ');
                    col++;
                }
                sb.append(item);
                col += item.length();
            }
            return sb.toString();
        }
        for (int k = 0; k < shown.size(); k++) {
            int i = shown.get(k);
            if (k > 0) {
                sb.append(',').append(newline);
            }
            sb.append(i < 0 ? "..." : block(axis + 1, offset + i * strides[axis], column + 1));
        }
        return sb.append(']').toString();
    }

    private String number(double v) {
        return integer && !Double.isNaN(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Tensor.format(v);
    }
}
