package dev.nnc.codegen.bytecode;

import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.D2I;
import static org.objectweb.asm.Opcodes.D2L;
import static org.objectweb.asm.Opcodes.DCONST_0;
import static org.objectweb.asm.Opcodes.DCONST_1;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.F2I;
import static org.objectweb.asm.Opcodes.F2L;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.FCONST_1;
import static org.objectweb.asm.Opcodes.FCONST_2;
import static org.objectweb.asm.Opcodes.I2D;
import static org.objectweb.asm.Opcodes.I2F;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.L2D;
import static org.objectweb.asm.Opcodes.L2F;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.SIPUSH;

import dev.nnc.program.Kind;
import org.objectweb.asm.MethodVisitor;

/** Literals and conversions of each {@link Kind} as instructions. */
final class Values {

    private Values() {}

    /** The JVM's conversion between two kinds ({@code i2f}, {@code d2l}, ...); none for a kind to itself. */
    static void convert(MethodVisitor mv, Kind from, Kind to) {
        int op = switch (from) {
            case I32 -> switch (to) {
                case I32 -> -1;
                case I64 -> I2L;
                case F32 -> I2F;
                case F64 -> I2D;
            };
            case I64 -> switch (to) {
                case I32 -> L2I;
                case I64 -> -1;
                case F32 -> L2F;
                case F64 -> L2D;
            };
            case F32 -> switch (to) {
                case I32 -> F2I;
                case I64 -> F2L;
                case F32 -> -1;
                case F64 -> F2D;
            };
            case F64 -> switch (to) {
                case I32 -> D2I;
                case I64 -> D2L;
                case F32 -> D2F;
                case F64 -> -1;
            };
        };
        if (op >= 0) {
            mv.visitInsn(op);
        }
    }

    /**
     * A literal. The short forms ({@code ICONST_1}, {@code FCONST_0}) only where they give the
     * very bits: {@code FCONST_0} is +0.0, so -0.0 and NaN go through the constant pool, which
     * keeps a float's or double's raw bits.
     */
    static void constant(MethodVisitor mv, Kind kind, double value) {
        switch (kind) {
            case I32 -> {
                int v = (int) value;
                if (v != value) {
                    throw new IllegalArgumentException("I32 constant " + value + " is not a whole number in int's range");
                }
                pushInt(mv, v);
            }
            case I64 -> {
                long v = (long) value;
                if (v != value) {
                    throw new IllegalArgumentException("I64 constant " + value + " is not a whole number in long's range");
                }
                if (v == 0 || v == 1) {
                    mv.visitInsn(LCONST_0 + (int) v);
                } else {
                    mv.visitLdcInsn(v);
                }
            }
            case F32 -> {
                float v = (float) value;
                int bits = Float.floatToRawIntBits(v);
                if (bits == Float.floatToRawIntBits(0f)) {
                    mv.visitInsn(FCONST_0);
                } else if (bits == Float.floatToRawIntBits(1f)) {
                    mv.visitInsn(FCONST_1);
                } else if (bits == Float.floatToRawIntBits(2f)) {
                    mv.visitInsn(FCONST_2);
                } else {
                    mv.visitLdcInsn(v);
                }
            }
            case F64 -> {
                long bits = Double.doubleToRawLongBits(value);
                if (bits == Double.doubleToRawLongBits(0.0)) {
                    mv.visitInsn(DCONST_0);
                } else if (bits == Double.doubleToRawLongBits(1.0)) {
                    mv.visitInsn(DCONST_1);
                } else {
                    mv.visitLdcInsn(value);
                }
            }
        }
    }

    /** An int constant in the shortest instruction that holds it. */
    static void pushInt(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }
}
