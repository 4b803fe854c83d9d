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
     * by the loop and visible only in its body.
     */
    record For(String var, Expr from, Expr to, List<Stmt> body) implements Stmt {
        public For {
            body = List.copyOf(body);
        }
    }

    /** Calls another method of the program, which takes no arguments and returns nothing. */
    record Invoke(String method) implements Stmt {}

    /**
     * {@code C = alpha op(A) op(B) + beta C} through the runtime's
     * {@code dev.nnc.runtime.gemm.Gemm.sgemm} (F32) or {@code dgemm} (F64), over row-major
     * buffers with offsets and leading dimensions; every I32 argument is an expression.
     */
    record Gemm(Kind kind, boolean transA, boolean transB, Expr m, Expr n, Expr k, double alpha,
                String a, Expr aOffset, Expr lda, String b, Expr bOffset, Expr ldb,
                double beta, String c, Expr cOffset, Expr ldc) implements Stmt {}

    /** A line of explanation: the Java backend prints it, the bytecode backend skips it. */
    record Comment(String text) implements Stmt {}
}
