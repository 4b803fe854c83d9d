package dev.nnc.codegen.bytecode;

import dev.nnc.program.Kind;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The local variables of one method, in nested blocks: the method body or a loop body opens a
 * block, a declaration lives until its block closes, and then its slots are free again (so two
 * sibling loops may both name their variable {@code i}, and share its slot). A name never
 * shadows one still in scope. F64 and I64 values take two slots, arrays one.
 *
 * <p>Every local goes into the class file's LocalVariableTable, so a disassembly shows names.
 */
final class Locals {

    /** A local: a scalar of {@code kind}, or an array of {@code kind} (a buffer's local copy). */
    record Local(String name, Kind kind, boolean array, int slot, Label start) {
        String descriptor() {
            return array ? Jvm.arrayDescriptor(kind) : Jvm.descriptor(kind);
        }
    }

    private record Block(int firstLocal, int firstSlot) {}

    private final MethodVisitor mv;
    private final List<Local> inScope = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private int next;

    /** @param firstFree the first slot after {@code this} and the parameters */
    Locals(MethodVisitor mv, int firstFree) {
        this.mv = mv;
        this.next = firstFree;
    }

    void openBlock() {
        blocks.add(new Block(inScope.size(), next));
    }

    /** Ends the innermost block here: its locals go out of scope, and their slots are free. */
    void closeBlock() {
        Block b = blocks.remove(blocks.size() - 1);
        if (inScope.size() > b.firstLocal()) {
            Label end = new Label();
            mv.visitLabel(end);
            while (inScope.size() > b.firstLocal()) {
                Local l = inScope.remove(inScope.size() - 1);
                mv.visitLocalVariable(l.name(), l.descriptor(), null, l.start(), end, l.slot());
            }
        }
        next = b.firstSlot();
    }

    /**
     * A new local in the innermost block. Store its first value into its slot, then call
     * {@link #begin}: the scope starts after that store, as the JVM's debug table wants.
     */
    Local declare(String name, Kind kind, boolean array) {
        if (find(name) != null) {
            throw new IllegalArgumentException("'" + name + "' is declared while a local of that name is in scope");
        }
        Local l = new Local(name, kind, array, next, new Label());
        next += array ? 1 : kind.slots();
        inScope.add(l);
        return l;
    }

    void begin(Local local) {
        mv.visitLabel(local.start());
    }

    /** The local of this name in scope, or null. */
    Local find(String name) {
        for (int i = inScope.size() - 1; i >= 0; i--) {
            if (inScope.get(i).name().equals(name)) {
                return inScope.get(i);
            }
        }
        return null;
    }
}
