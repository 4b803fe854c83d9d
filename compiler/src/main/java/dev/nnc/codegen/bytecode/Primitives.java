package dev.nnc.codegen.bytecode;

import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.DCMPL;
import static org.objectweb.asm.Opcodes.DCONST_0;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.FCMPL;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2D;
import static org.objectweb.asm.Opcodes.I2F;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IDIV;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFLE;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.INEG;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.ISUB;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import java.util.function.Consumer;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Each {@link Fn} as JVM instructions, with exactly {@link Fn#apply}'s meaning: in F64 the very
 * instruction or {@code Math} method {@code apply} uses; in F32 float instructions and the
 * float overloads of {@code Math} where Java has them (+ - * /, NEG, ABS, SIGN, MAX, MIN, GT, EQ,
 * SELECT), and otherwise the double function rounded back, {@code (float) Math.exp(x)}. In I32
 * (index arithmetic) only ADD, SUB and MUL.
 */
final class Primitives {
    private static final String MATH = "java/lang/Math";
    private static final String ERF = "dev/nnc/runtime/Erf";

    private Primitives() {}

    /**
     * Pushes SELECT's condition as an int 1 or 0: {@code a > b} or {@code a == b} when it is a
     * comparison, else {@code c != 0} (-0.0 is zero, NaN is not), as Java has them.
     */
    private static void condition(Expr c, Kind kind, MethodVisitor mv, Consumer<Expr> operand) {
        int jump;
        if (c instanceof Expr.Apply a && (a.fn() == Fn.GT || a.fn() == Fn.EQ)) {
            operand.accept(a.arg(0));
            operand.accept(a.arg(1));
            jump = a.fn() == Fn.GT ? IFLE : IFNE;
        } else {
            operand.accept(c);
            mv.visitInsn(kind == Kind.F32 ? FCONST_0 : DCONST_0);
            jump = IFEQ;
        }
        // xCMPL gives -1 when either is NaN: not greater, not equal, and not zero.
        mv.visitInsn(kind == Kind.F32 ? FCMPL : DCMPL);
        Label no = new Label();
        Label end = new Label();
        mv.visitJumpInsn(jump, no);
        mv.visitInsn(ICONST_1);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(no);
        mv.visitInsn(ICONST_0);
        mv.visitLabel(end);
    }

    /** A primitive the kind does not have; the caller adds where it was. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    /**
     * Emits {@code apply}, leaving its value on the stack; {@code operand} emits one operand's
     * value. The operands' kinds are already checked to be the Apply's kind.
     */
    static void emit(Expr.Apply apply, MethodVisitor mv, Consumer<Expr> operand) {
        Fn fn = apply.fn();
        Kind kind = apply.kind();
        if (kind == Kind.I32 || kind == Kind.I64) {
            if (kind == Kind.I64 || (fn != Fn.ADD && fn != Fn.SUB && fn != Fn.MUL)) {
                throw new Unsupported(fn + " in " + kind + ": integer arithmetic in a program is I32 ADD, "
                        + "SUB and MUL on indices");
            }
        }
        switch (fn) {
            case ADD, SUB, MUL, DIV -> {
                operand.accept(apply.arg(0));
                operand.accept(apply.arg(1));
                mv.visitInsn(Jvm.opcode(kind, switch (fn) {
                    case ADD -> IADD;
                    case SUB -> ISUB;
                    case MUL -> IMUL;
                    default -> IDIV;
                }));
            }
            case NEG -> {
                operand.accept(apply.arg(0));
                mv.visitInsn(Jvm.opcode(kind, INEG));
            }
            case ABS, SIGN -> {
                operand.accept(apply.arg(0));
                String t = Jvm.descriptor(kind);
                mv.visitMethodInsn(INVOKESTATIC, MATH, fn == Fn.ABS ? "abs" : "signum", "(" + t + ")" + t, false);
            }
            case MAX, MIN -> {
                operand.accept(apply.arg(0));
                operand.accept(apply.arg(1));
                String t = Jvm.descriptor(kind);
                mv.visitMethodInsn(INVOKESTATIC, MATH, fn == Fn.MAX ? "max" : "min", "(" + t + t + ")" + t, false);
            }
            case GT, EQ -> {
                // The 1 or 0 is chosen as an int and then converted: C2 makes an int choice a
                // conditional move, but a float or double one a branch, which a relu' over
                // activations of random sign mispredicts half the time (9 times slower).
                condition(apply, kind, mv, operand);
                mv.visitInsn(kind == Kind.F32 ? I2F : I2D);
            }
            case SELECT -> {
                if (Expr.cheapToComputeAlways(apply.arg(1)) && Expr.cheapToComputeAlways(apply.arg(2))) {
                    // GeneratedModel.choose(condition, a, b): both computed, then a conditional move.
                    condition(apply.arg(0), kind, mv, operand);
                    operand.accept(apply.arg(1));
                    operand.accept(apply.arg(2));
                    String t = Jvm.descriptor(kind);
                    mv.visitMethodInsn(INVOKESTATIC, Program.BASE_CLASS, Program.CHOOSE, "(Z" + t + t + ")" + t,
                            false);
                    return;
                }
                operand.accept(apply.arg(0));
                // c != 0 as Java has it: -0.0 is zero, NaN is not (xCMPL gives -1).
                mv.visitInsn(kind == Kind.F32 ? FCONST_0 : DCONST_0);
                mv.visitInsn(kind == Kind.F32 ? FCMPL : DCMPL);
                Label otherwise = new Label();
                Label end = new Label();
                mv.visitJumpInsn(IFEQ, otherwise);
                operand.accept(apply.arg(1));
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(otherwise);
                operand.accept(apply.arg(2));
                mv.visitLabel(end);
            }
            case EXP, LOG, LOG1P, EXPM1, SQRT, TANH, SIN, COS, ERF, POW -> {
                for (Expr a : apply.args()) {
                    operand.accept(a);
                    if (kind == Kind.F32) {
                        mv.visitInsn(F2D);
                    }
                }
                if (fn == Fn.ERF) {
                    mv.visitMethodInsn(INVOKESTATIC, ERF, "erf", "(D)D", false);
                } else {
                    String descriptor = fn == Fn.POW ? "(DD)D" : "(D)D";
                    mv.visitMethodInsn(INVOKESTATIC, MATH, fn.spelling(), descriptor, false);
                }
                if (kind == Kind.F32) {
                    mv.visitInsn(D2F);
                }
            }
        }
    }
}
