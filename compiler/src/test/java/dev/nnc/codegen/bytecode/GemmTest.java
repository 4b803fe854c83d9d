package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.add;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.symbol;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stmt.Gemm calls the runtime's sgemm/dgemm with every argument in its place: each transpose
 * combination, offsets and leading dimensions larger than the matrices, alpha and beta.
 */
class GemmTest {
    private static final int M = 3;
    private static final int N = 5;
    private static final int K = 4;
    private static final int PAD = 2; // every leading dimension is PAD more than needed
    private static final int OFFSET = 3;

    @Test
    void sgemm() {
        check(Kind.F32);
    }

    @Test
    void dgemm() {
        check(Kind.F64);
    }

    private static void check(Kind k) {
        List<Buffer> buffers = new ArrayList<>();
        List<Stmt> body = new ArrayList<>();
        int size = OFFSET + (Math.max(Math.max(M, N), K) + PAD) * Math.max(Math.max(M, N), K);
        buffers.add(new Buffer("a", k, i32(size), -1, ""));
        buffers.add(new Buffer("b", k, i32(size), -1, ""));
        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            String c = "c" + variant;
            buffers.add(new Buffer(c, k, i32(size), -1, ""));
            // op(A) is M x K: A is stored K x M when transposed; leading dimension is the stored row length + PAD.
            int lda = (ta ? M : K) + PAD;
            int ldb = (tb ? K : N) + PAD;
            // m comes from the symbol M, to show the I32 arguments are expressions.
            body.add(new Stmt.Gemm(k, ta, tb, symbol("M"), i32(N), add(i32(K - 1), i32(1)), 1.5,
                    "a", i32(OFFSET), i32(lda), "b", i32(OFFSET - 1), i32(ldb), 0.5, c, i32(1), i32(N + PAD)));
        }
        Program p = new Program("nnc.generated.Gemm" + k, k, PrimitivesTest.chunks("gemm", "M"), List.of("M"), buffers,
                List.of(new Method(Program.PREDICT, "", body)));
        GeneratedModel model = Generated.instantiate(p);
        Generated.resize(model, M);

        Random random = new Random(11);
        double[] a = new double[size];
        double[] b = new double[size];
        double[] c = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = random.nextInt(9) - 4;
            b[i] = random.nextInt(9) - 4;
            c[i] = random.nextInt(9) - 4;
        }
        write(model, "a", a);
        write(model, "b", b);
        for (int variant = 0; variant < 4; variant++) {
            write(model, "c" + variant, c);
        }
        model.predict();

        for (int variant = 0; variant < 4; variant++) {
            boolean ta = (variant & 1) != 0;
            boolean tb = (variant & 2) != 0;
            int lda = (ta ? M : K) + PAD;
            int ldb = (tb ? K : N) + PAD;
            double[] expected = c.clone();
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < N; j++) {
                    double s = 0;
                    for (int p2 = 0; p2 < K; p2++) {
                        double av = ta ? a[OFFSET + p2 * lda + i] : a[OFFSET + i * lda + p2];
                        double bv = tb ? b[OFFSET - 1 + j * ldb + p2] : b[OFFSET - 1 + p2 * ldb + j];
                        s += av * bv;
                    }
                    int at = 1 + i * (N + PAD) + j;
                    expected[at] = 1.5 * s + 0.5 * c[at];
                }
            }
            double[] actual = read(model, "c" + variant);
            for (int i = 0; i < size; i++) {
                // Small integers and halves: exact in float and double whatever the order of the sums.
                assertEquals(expected[i], actual[i], "variant transA=" + ta + " transB=" + tb + " at " + i);
            }
        }
    }

    private static void write(GeneratedModel model, String buffer, double[] values) {
        Object array = Generated.field(model, buffer);
        for (int i = 0; i < values.length; i++) {
            if (array instanceof float[] f) {
                f[i] = (float) values[i];
            } else {
                ((double[]) array)[i] = values[i];
            }
        }
    }

    private static double[] read(GeneratedModel model, String buffer) {
        Object array = Generated.field(model, buffer);
        if (array instanceof double[] d) {
            return d;
        }
        float[] f = (float[]) array;
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
