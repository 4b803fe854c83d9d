package dev.nnc.ir.ops;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix product {@code a @ b} with NumPy's rules for 1-D and 2-D operands: a 1-D left
 * operand is a row, a 1-D right operand a column, and the dimension they add is dropped from
 * the result. [m, k] @ [k, n] is [m, n]; [k] @ [k, n] is [n]; [m, k] @ [k] is [m];
 * [k] @ [k] is a scalar.
 */
public record MatMul() implements Op {

    public static MatMul matmul() {
        return new MatMul();
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public TensorType infer(List<TensorType> operands) {
        Shape a = operands.get(0).shape();
        Shape b = operands.get(1).shape();
        checkRank(a, b, a, 0, "left");
        checkRank(a, b, b, 1, "right");
        DType dtype = FloatOperands.common(name(), operands);
        Dim inner = a.dim(a.rank() - 1);
        Dim innerB = b.dim(0);
        if (!inner.equals(innerB)) {
            throw new ShapeException("cannot multiply " + a + " @ " + b + ": inner dimensions " + inner + " and "
                    + innerB + " differ", -1, "the last dimension of the left operand must equal the first of the right");
        }
        List<Dim> dims = new ArrayList<>();
        if (a.rank() == 2) {
            dims.add(a.dim(0));
        }
        if (b.rank() == 2) {
            dims.add(b.dim(1));
        }
        return new TensorType(dtype, new Shape(dims));
    }

    private static void checkRank(Shape a, Shape b, Shape operand, int index, String side) {
        if (operand.rank() == 1 || operand.rank() == 2) {
            return;
        }
        String found = operand.rank() == 0 ? "a scalar" : "rank " + operand.rank();
        String hint = operand.rank() == 0 ? "use * to scale by a scalar" : null;
        throw new ShapeException("cannot multiply " + a + " @ " + b + ": @ needs 1-D or 2-D operands, found "
                + found + " on the " + side, index, hint);
    }

    @Override
    public Tensor evaluate(List<Tensor> operands) {
        Tensor a = operands.get(0);
        Tensor b = operands.get(1);
        // View a 1-D left operand as one row and a 1-D right operand as one column.
        int m = a.rank() == 2 ? a.dim(0) : 1;
        int k = a.dim(a.rank() - 1);
        int n = b.rank() == 2 ? b.dim(1) : 1;
        if (b.dim(0) != k) {
            throw new IllegalArgumentException("inner dimensions " + k + " and " + b.dim(0) + " differ");
        }
        double[] x = a.data();
        double[] y = b.data();
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[i * k + p] * y[p * n + j];
                }
                out[i * n + j] = s;
            }
        }
        List<Integer> shape = new ArrayList<>();
        if (a.rank() == 2) {
            shape.add(m);
        }
        if (b.rank() == 2) {
            shape.add(n);
        }
        return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(), out);
    }

    /**
     * The four cases, each with what the 1-D operands were viewed as:
     *
     * <pre>
     *   [m,k] @ [k,n]:  da = g @ bᵀ            db = aᵀ @ g
     *   [k]   @ [k,n]:  da = b @ g             db = column(a) * g     (outer product)
     *   [m,k] @ [k]:    da = column(g) * b     db = g @ a
     *   [k]   @ [k]:    da = g * b             db = g * a             (g is a scalar)
     * </pre>
     *
     * The outer products are broadcasting multiplies of a [k, 1] column by a row, so they fuse
     * as elementwise work. Lowering should fold the transposes into the GEMM call rather than
     * materialise them.
     */
    @Override
    public int[] vjp(Emitter e, Node node, int g) {
        int a = node.input(0);
        int b = node.input(1);
        boolean matrixA = e.shape(a).rank() == 2;
        boolean matrixB = e.shape(b).rank() == 2;
        int da = Emitter.NONE;
        int db = Emitter.NONE;
        if (e.needsGradient(a)) {
            if (matrixA && matrixB) {
                da = e.apply(this, g, e.apply(Shapes.transpose(), b));
            } else if (matrixB) {
                da = e.apply(this, b, g);
            } else if (matrixA) {
                da = e.mul(column(e, g), b);
            } else {
                da = e.mul(g, b);
            }
        }
        if (e.needsGradient(b)) {
            if (matrixA && matrixB) {
                db = e.apply(this, e.apply(Shapes.transpose(), a), g);
            } else if (matrixB) {
                db = e.mul(column(e, a), g);
            } else if (matrixA) {
                db = e.apply(this, g, a);
            } else {
                db = e.mul(g, a);
            }
        }
        return new int[] {da, db};
    }

    /** A vector [k] as a column [k, 1], written reshape(v, [-1, 1]) so k may be symbolic. */
    private static int column(Emitter e, int vector) {
        return e.apply(Shapes.reshape(List.of(Dim.of(1), Dim.of(1)), 0), vector);
    }
}
