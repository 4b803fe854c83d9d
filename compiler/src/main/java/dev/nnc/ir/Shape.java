package dev.nnc.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A static shape, possibly with symbolic dimensions. {@code []} is a scalar. */
public record Shape(List<Dim> dims) {

    public static final Shape SCALAR = new Shape(List.of());

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(int... sizes) {
        List<Dim> ds = new ArrayList<>();
        for (int s : sizes) {
            ds.add(Dim.of(s));
        }
        return new Shape(ds);
    }

    public static Shape of(Dim... dims) {
        return new Shape(Arrays.asList(dims));
    }

    public int rank() {
        return dims.size();
    }

    public boolean isScalar() {
        return dims.isEmpty();
    }

    public Dim dim(int axis) {
        return dims.get(axis);
    }

    public boolean isFixed() {
        return dims.stream().allMatch(Dim::isFixed);
    }

    /** Number of elements of a fixed shape. */
    public long elementCount() {
        long n = 1;
        for (Dim d : dims) {
            n *= d.size();
        }
        return n;
    }

    /** Sizes of a fixed shape. */
    public int[] sizes() {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).size();
        }
        return out;
    }

    /** This shape with each symbol replaced by its size in {@code bindings}; unbound symbols stay. */
    public Shape bind(Map<String, Integer> bindings) {
        List<Dim> out = new ArrayList<>();
        for (Dim d : dims) {
            if (d instanceof Dim.Symbol s && bindings.containsKey(s.name())) {
                out.add(Dim.of(bindings.get(s.name())));
            } else {
                out.add(d);
            }
        }
        return new Shape(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims.get(i));
        }
        return sb.append(']').toString();
    }
}
