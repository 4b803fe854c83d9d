package dev.nnc.codegen.bytecode;

import dev.nnc.program.Kind;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** The JVM's side of a {@link Kind}: its type, and the typed form of an instruction. */
final class Jvm {

    private Jvm() {}

    static Type type(Kind kind) {
        return switch (kind) {
            case I32 -> Type.INT_TYPE;
            case I64 -> Type.LONG_TYPE;
            case F32 -> Type.FLOAT_TYPE;
            case F64 -> Type.DOUBLE_TYPE;
        };
    }

    static String descriptor(Kind kind) {
        return type(kind).getDescriptor();
    }

    /** {@code [F} for F32: the descriptor of a buffer field of this element kind. */
    static String arrayDescriptor(Kind kind) {
        return "[" + descriptor(kind);
    }

    /**
     * The instruction for this kind given its int form: {@code ILOAD} becomes {@code FLOAD} for
     * F32, {@code IASTORE} becomes {@code DASTORE} for F64, {@code IADD} becomes {@code LADD}.
     */
    static int opcode(Kind kind, int intOpcode) {
        return type(kind).getOpcode(intOpcode);
    }

    /** NEWARRAY's operand. */
    static int newarrayType(Kind kind) {
        return switch (kind) {
            case I32 -> Opcodes.T_INT;
            case I64 -> Opcodes.T_LONG;
            case F32 -> Opcodes.T_FLOAT;
            case F64 -> Opcodes.T_DOUBLE;
        };
    }

    /**
     * Whether {@code name} can name a field, method or local in a class file (JVMS 4.2.2): not
     * empty, and none of {@code . ; [ /}, nor {@code < >} (which only {@code <init>} and
     * {@code <clinit>} may use).
     */
    static boolean isUnqualifiedName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (".;[/<>".indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
