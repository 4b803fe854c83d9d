package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.invoke;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.objectweb.asm.Opcodes.ASM9;
import static org.objectweb.asm.Opcodes.I2D;
import static org.objectweb.asm.Opcodes.I2F;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Ir;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.Erf;
import dev.nnc.runtime.GeneratedModel;
import dev.nnc.runtime.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;

/**
 * Every {@link Fn} on every pair of awkward operands (NaN, signed zeros, infinities, subnormals,
 * the extremes, values where exp overflows), in F64 against {@link Fn#apply} and in F32 against
 * the float semantics {@link Expr.Apply} documents, compared bit for bit (a NaN may differ from
 * another NaN only in its payload).
 */
class PrimitivesTest {

    private static final double[] F64 = {Double.NaN, -0.0, 0.0, 1, -1, 0.5, -2.5, 3, 1e-310, Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, 100,
        710, -745, 1e-8, 0.3};
    private static final float[] F32 = {Float.NaN, -0f, 0f, 1, -1, 0.5f, -2.5f, 3, 1e-40f, Float.MIN_VALUE,
        Float.MAX_VALUE, -Float.MAX_VALUE, 1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.1f, 100, 89,
        -104, 1e-8f, 0.3f};

    @Test
    void f64IsFnApply() {
        int n = F64.length * F64.length;
        GeneratedModel model = Generated.instantiate(program(Kind.F64, n));
        double[] a = Generated.field(model, "a");
        double[] b = Generated.field(model, "b");
        double[] c = Generated.field(model, "c");
        for (int i = 0; i < n; i++) {
            a[i] = F64[i / F64.length];
            b[i] = F64[i % F64.length];
            c[i] = F64[(i * 7 + 3) % F64.length];
        }
        model.predict();
        for (Fn fn : Fn.values()) {
            double[] out = Generated.field(model, "out_" + fn.spelling());
            for (int i = 0; i < n; i++) {
                double expected = fn.apply(a[i], b[i], c[i]);
                if (!sameBits(expected, out[i])) {
                    fail(fn + args(fn, a[i], b[i], c[i]) + ": expected " + expected + ", got " + out[i]);
                }
            }
        }
    }

    @Test
    void f32IsFloatArithmeticOrTheDoubleFunctionRounded() {
        int n = F32.length * F32.length;
        GeneratedModel model = Generated.instantiate(program(Kind.F32, n));
        float[] a = Generated.field(model, "a");
        float[] b = Generated.field(model, "b");
        float[] c = Generated.field(model, "c");
        for (int i = 0; i < n; i++) {
            a[i] = F32[i / F32.length];
            b[i] = F32[i % F32.length];
            c[i] = F32[(i * 7 + 3) % F32.length];
        }
        model.predict();
        for (Fn fn : Fn.values()) {
            float[] out = Generated.field(model, "out_" + fn.spelling());
            for (int i = 0; i < n; i++) {
                float expected = inFloat(fn, a[i], b[i], c[i]);
                if (!sameBits(expected, out[i])) {
                    fail(fn + args(fn, a[i], b[i], c[i]) + ": expected " + expected + ", got " + out[i]);
                }
            }
        }
    }

    /** Expr.Apply's F32 meaning, spelled out independently of the code generator. */
    private static float inFloat(Fn fn, float a, float b, float c) {
        return switch (fn) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case NEG -> -a;
            case ABS -> Math.abs(a);
            case SIGN -> Math.signum(a);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case SELECT -> a != 0 ? b : c;
            case EXP -> (float) Math.exp(a);
            case LOG -> (float) Math.log(a);
            case LOG1P -> (float) Math.log1p(a);
            case EXPM1 -> (float) Math.expm1(a);
            case SQRT -> (float) Math.sqrt(a);
            case TANH -> (float) Math.tanh(a);
            case SIN -> (float) Math.sin(a);
            case COS -> (float) Math.cos(a);
            case ERF -> (float) Erf.erf(a);
            case POW -> (float) Math.pow(a, b);
        };
    }

    /**
     * GT and EQ choose an int 1 or 0 and convert it, and a SELECT of two cheap values calls
     * {@code GeneratedModel.choose} with both (C2 makes either a conditional move; a float
     * choice would be a branch, which relu' over activations of random sign mispredicts).
     */
    @Test
    void comparisonsAndSelectsChooseIntsNotFloats() {
        for (Kind k : List.of(Kind.F32, Kind.F64)) {
            int[] conversions = new int[1];
            int[] chooses = new int[1];
            new ClassReader(Bytecode.emit(program(k, 1))).accept(new ClassVisitor(ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    return new MethodVisitor(ASM9) {
                        @Override
                        public void visitInsn(int opcode) {
                            if (opcode == (k == Kind.F32 ? I2F : I2D)) {
                                conversions[0]++;
                            }
                        }

                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String descriptor,
                                                    boolean isInterface) {
                            if (method.equals(Program.CHOOSE) && owner.equals(Program.BASE_CLASS)) {
                                chooses[0]++;
                            }
                        }
                    };
                }
            }, 0);
            assertEquals(2, conversions[0], k + ": one int-to-float conversion for GT, one for EQ");
            assertEquals(1, chooses[0], k + ": SELECT of two loaded values");
        }
    }

    @Test
    void integerIndexArithmetic() {
        int[] values = {0, 1, -1, 7, -300, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE};
        int n = values.length * values.length;
        List<Stmt> body = new ArrayList<>();
        for (Fn fn : List.of(Fn.ADD, Fn.SUB, Fn.MUL)) {
            body.add(loop("i", i32(0), i32(n), store("out_" + fn.spelling(), var("i"),
                    Ir.apply(fn, Kind.I32, load("a", Kind.I32, var("i")), load("b", Kind.I32, var("i"))))));
        }
        List<Buffer> buffers = new ArrayList<>(List.of(new Buffer("a", Kind.I32, i32(n), -1, ""),
                new Buffer("b", Kind.I32, i32(n), -1, "")));
        for (Fn fn : List.of(Fn.ADD, Fn.SUB, Fn.MUL)) {
            buffers.add(new Buffer("out_" + fn.spelling(), Kind.I32, i32(n), -1, ""));
        }
        GeneratedModel model = Generated.instantiate(new Program("nnc.generated.IntOps", Kind.F32,
                chunks("intops"), List.of(), buffers, List.of(new Method(Program.PREDICT, "", body))));
        int[] a = Generated.field(model, "a");
        int[] b = Generated.field(model, "b");
        for (int i = 0; i < n; i++) {
            a[i] = values[i / values.length];
            b[i] = values[i % values.length];
        }
        model.predict();
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] + b[i], Generated.<int[]>field(model, "out_add")[i]);
            assertEquals(a[i] - b[i], Generated.<int[]>field(model, "out_sub")[i]);
            assertEquals(a[i] * b[i], Generated.<int[]>field(model, "out_mul")[i]);
        }
    }

    /** out_fn[i] = fn(a[i], b[i], c[i]) for every primitive, one private method each. */
    private static Program program(Kind k, int n) {
        List<Buffer> buffers = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            buffers.add(new Buffer(name, k, i32(n), -1, "operand"));
        }
        List<Method> methods = new ArrayList<>();
        List<Stmt> predict = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            String out = "out_" + fn.spelling();
            buffers.add(new Buffer(out, k, i32(n), -1, fn.spelling()));
            List<Expr> args = new ArrayList<>();
            for (String operand : List.of("a", "b", "c").subList(0, fn.arity())) {
                args.add(load(operand, k, var("i")));
            }
            methods.add(new Method("fn_" + fn.spelling(), "", List.of(loop("i", i32(0), i32(n),
                    store(out, var("i"), new Expr.Apply(fn, k, args))))));
            predict.add(invoke("fn_" + fn.spelling()));
        }
        methods.add(new Method(Program.PREDICT, "", predict));
        return new Program("nnc.generated.Primitives" + k, k, chunks("primitives"), List.of(), buffers, methods);
    }

    /** The spec text, in two chunks, of a model with no tensors: its buffers are all internal. */
    static List<String> chunks(String name, String... symbols) {
        return Generated.chunks(ModelSpec.of(name, DType.F32, List.of(symbols), List.of(), null, null), 2);
    }

    private static boolean sameBits(double expected, double actual) {
        return Double.isNaN(expected) ? Double.isNaN(actual)
                : Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual);
    }

    private static boolean sameBits(float expected, float actual) {
        return Float.isNaN(expected) ? Float.isNaN(actual)
                : Float.floatToRawIntBits(expected) == Float.floatToRawIntBits(actual);
    }

    private static String args(Fn fn, double a, double b, double c) {
        return List.of(a, b, c).subList(0, fn.arity()).toString();
    }
}
