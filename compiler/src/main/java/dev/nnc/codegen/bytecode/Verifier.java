package dev.nnc.codegen.bytecode;

import dev.nnc.runtime.GeneratedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * ASM's checks of a class file: the structure of every instruction (CheckClassAdapter) and a
 * data-flow analysis of every method, types on the stack and in locals included, much as the
 * JVM's verifier does. A class that fails here would fail with a VerifyError when loaded.
 */
public final class Verifier {

    private Verifier() {}

    /**
     * @throws IllegalStateException with ASM's full report (each failing method, with its
     *     instructions and the frames it inferred) when anything is wrong
     */
    public static void verify(byte[] classBytes) {
        // The loader resolves the types the analysis meets (the runtime's base class) without
        // loading the class under test.
        ClassLoader loader = GeneratedModel.class.getClassLoader();
        String problems;
        try {
            problems = run(classBytes, loader, false);
        } catch (RuntimeException structural) {
            throw new IllegalStateException("class fails ASM's structural check: " + structural.getMessage()
                    + "\n" + Disassembly.text(classBytes), structural);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("class fails ASM's verification:\n" + run(classBytes, loader, true));
        }
    }

    private static String run(byte[] classBytes, ClassLoader loader, boolean dump) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classBytes), loader, dump, new PrintWriter(out));
        return out.toString();
    }
}
