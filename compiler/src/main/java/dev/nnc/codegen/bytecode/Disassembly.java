package dev.nnc.codegen.bytecode;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/** A class file as text, in ASM's Textifier listing: what the bytecode debug level prints. */
public final class Disassembly {

    private Disassembly() {}

    public static String text(byte[] classBytes) {
        StringWriter out = new StringWriter();
        new ClassReader(classBytes).accept(new TraceClassVisitor(null, new Textifier(), new PrintWriter(out)), 0);
        return out.toString();
    }
}
