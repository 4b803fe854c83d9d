package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.program.Buffer;
import dev.nnc.program.Ir;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.testing.GeneratedClasses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

/** The class file's outline is the one Program's javadoc describes. */
class ClassShapeTest {

    private static final Program PROGRAM = new Program("nnc.generated.Shape", Kind.F32, List.of("chunk"),
            List.of("N", "M"),
            List.of(new Buffer("x", Kind.F32, symbol("N"), 0, "input x"),
                    new Buffer("d", Kind.F64, i32(3), 1, ""),
                    new Buffer("label", Kind.I32, symbol("M"), 2, ""),
                    new Buffer("counts", Kind.I64, i32(2), -1, "internal")),
            List.of(new Method("runPredict", "", List.of(Ir.invoke("copy"))),
                    new Method("copy", "x into itself", List.of(loop("i", i32(0), symbol("N"),
                            store("x", var("i"), load("x", Kind.F32, var("i"))))))));

    @Test
    void headerFieldsAndMethodsAreAsProgramSays() {
        byte[] bytes = Bytecode.emit(PROGRAM);
        GeneratedClasses.assertValid(bytes);
        ClassNode c = new ClassNode();
        new ClassReader(bytes).accept(c, 0);

        assertEquals(Opcodes.V17, c.version);
        assertEquals(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, c.access);
        assertEquals("nnc/generated/Shape", c.name);
        assertEquals(Program.BASE_CLASS, c.superName);

        Map<String, String> fields = new HashMap<>();
        for (FieldNode f : c.fields) {
            assertEquals(Opcodes.ACC_PRIVATE, f.access, f.name);
            fields.put(f.name, f.desc);
        }
        assertEquals(Map.of("N", "I", "M", "I", "x", "[F", "d", "[D", "label", "[I", "counts", "[J"), fields);

        Map<String, String> methods = new HashMap<>();
        for (MethodNode m : c.methods) {
            methods.put(m.name + m.desc, access(m.access));
        }
        assertEquals(Map.of("<init>()V", "public",
                "resize([I)V", "protected",
                "array(I)Ljava/lang/Object;", "protected",
                "runPredict()V", "protected",
                "runEvaluate()V", "protected",
                "runGradients()V", "protected",
                "runUpdate()V", "protected",
                "copy()V", "private"), methods);
    }

    @Test
    void aMethodReadsEachBufferItMentionsIntoALocalOnce() {
        String listing = Disassembly.text(Bytecode.emit(PROGRAM));
        String copy = listing.substring(listing.indexOf("private copy()V"));
        copy = copy.substring(0, copy.indexOf("MAXLOCALS"));
        assertEquals(1, count(copy, "GETFIELD nnc/generated/Shape.x : [F"), copy);
        assertTrue(copy.contains("LOCALVARIABLE x [F"), copy);
        assertTrue(copy.contains("LOCALVARIABLE i I"), copy);
        assertEquals(0, count(copy, "Shape.d"), copy);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static String access(int flags) {
        if ((flags & Opcodes.ACC_PUBLIC) != 0) {
            return "public";
        }
        return (flags & Opcodes.ACC_PROTECTED) != 0 ? "protected" : (flags & Opcodes.ACC_PRIVATE) != 0 ? "private" : "package";
    }
}
