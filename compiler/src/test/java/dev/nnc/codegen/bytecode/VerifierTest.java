package dev.nnc.codegen.bytecode;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.program.Program;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The verifier catches what the JVM would reject, and says where. */
class VerifierTest {

    @Test
    void aTypeErrorOnTheStackIsReportedWithTheMethod() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "nnc/generated/Broken", null, Program.BASE_CLASS, null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "kernel", "()V", null, null);
        mv.visitCode();
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.FCONST_1);
        mv.visitInsn(Opcodes.IADD); // an int and a float
        mv.visitInsn(Opcodes.POP);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Verifier.verify(cw.toByteArray()));
        assertTrue(e.getMessage().contains("kernel()V"), e.getMessage());
        assertTrue(e.getMessage().contains("IADD"), e.getMessage());
    }

    @Test
    void aStructuralErrorIsReportedToo() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "nnc/generated/Broken", null, Program.BASE_CLASS, null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE, "kernel", "()V", null, null);
        mv.visitCode();
        mv.visitFieldInsn(Opcodes.GETFIELD, "nnc/generated/Broken", "x", "not a descriptor");
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Verifier.verify(cw.toByteArray()));
        assertTrue(e.getMessage().contains("structural"), e.getMessage());
    }
}
