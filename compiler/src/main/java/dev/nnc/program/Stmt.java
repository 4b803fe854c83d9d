package dev.nnc.program;

import java.util.List;

/** A statement of a generated method. */
public sealed interface Stmt {

    /** Declares a new local of the method and gives it its first value. */
    record Declare(String local, Kind kind, Expr init) implements Stmt {}

    /** Assigns a declared local. */
    record Assign(String local, Expr value) implements Stmt {}

    /** {@code buffer[index] = value}; the value's kind is the buffer's element kind. */
    record Store(String buffer, Expr index, Expr value) implements Stmt {}

    /**
     * {@code for (int var = from; var < to; var++) body}. {@code var} is an I32 local declared
     * by the loop and visible only in its body. {@code independent} is the lowering's promise
     * that the iterations are independent: each writes only elements no other iteration
     * reads or writes, so the iterations may run in any order, or split between threads.
     */
    record For(String var, Expr from, Expr to, List<Stmt> body, boolean independent) implements Stmt {
        public For {
            body = List.copyOf(body);
        }

        /** A loop whose iterations may depend on each other. */
        public For(String var, Expr from, Expr to, List<Stmt> body) {
            this(var, from, to, body, false);
        }
    }

    /** Calls another method of the program, which takes no arguments and returns nothing. */
    record Invoke(String method) implements Stmt {}

    /**
     * Runs range method {@code method} ({@link Method#isRange}) over the index range 0 to
     * {@code count}, split between threads: through the runtime base class's
     * {@code parallel(task, count, grain, align)}, which calls the generated
     * {@code runRange(task, from, to)} back with blocks of at least {@code grain} indices,
     * each starting at a multiple of {@code align}. The task number of a range method is its
     * position among the program's range methods ({@link Program#rangeMethods}).
     */
    record Parallel(String method, Expr count, int grain, int align) implements Stmt {
        public Parallel {
            if (grain < 1 || align < 1) {
                throw new IllegalArgumentException("parallel " + method + ": grain " + grain + " and align " + align
                        + " must both be at least 1");
            }
        }
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} through the runtime's
     * {@code dev.nnc.runtime.gemm.Gemm.sgemm} (F32) or {@code dgemm} (F64), over row-major
     * buffers with offsets and leading dimensions; every I32 argument is an expression.
     */
    record Gemm(Kind kind, boolean transA, boolean transB, Expr m, Expr n, Expr k, double alpha,
                String a, Expr aOffset, Expr lda, String b, Expr bOffset, Expr ldb,
                double beta, String c, Expr cOffset, Expr ldc) implements Stmt {}

    /**
     * A plain SGD step fused into the product of its gradient: {@code product} (whose beta is
     * 0) computes the gradient into its C, then {@code target = target - scale * C} element by
     * element, through the runtime's {@code Gemm.sgemmSubtract} or {@code dgemmSubtract}. The
     * target is laid out like C (same offset and leading dimension); {@code scale}, of the
     * product's kind, is the learning rate. Bit for bit the product followed by the update
     * loop, on any number of threads.
     */
    record GemmSubtract(Gemm product, Expr scale, String target) implements Stmt {
        public GemmSubtract {
            if (product.beta() != 0) {
                throw new IllegalArgumentException("a GEMM with beta " + product.beta()
                        + " cannot be fused with an update: its C would not be the product alone");
            }
        }
    }

    /**
     * The sums of the columns of the {@code m x n} row-major buffer {@code a} into the first n
     * elements of {@code out}, each column's rows added in order from +0, through the runtime's
     * {@code Gemm.sumRows}: bit for bit the loop {@code out[j] = 0; for i, j: out[j] += a[i*n+j]}.
     */
    record SumRows(Kind kind, Expr m, Expr n, String a, String out) implements Stmt {}

    /**
     * Rows {@code from} to {@code to} of {@code out[i*n + j] = z[i*n + j] + b[j]}, with
     * {@code relu} then {@code max(v, 0)}, through the runtime's {@code Gemm.biasAdd}: bit for
     * bit that loop, which C2 does not vectorise (it cannot rule out that out and b overlap),
     * while the runtime's Vector API kernel does. A dense layer's bias and activation.
     */
    record BiasAdd(Kind kind, boolean relu, Expr from, Expr to, Expr n, String z, String b, String out)
            implements Stmt {}

    /**
     * Elements {@code from} to {@code to} of {@code out[i] = (h[i] > 0 ? 1 : 0) * g[i]}, relu's
     * derivative times a gradient, through the runtime's {@code Gemm.reluGrad}: bit for bit
     * that loop, whose float comparison C2 does not vectorise.
     */
    record ReluGrad(Kind kind, Expr from, Expr to, String h, String g, String out) implements Stmt {}

    /** A line of explanation: the Java backend prints it, the bytecode backend skips it. */
    record Comment(String text) implements Stmt {}
}
