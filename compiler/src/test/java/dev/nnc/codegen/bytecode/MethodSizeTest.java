package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.program.Buffer;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.program.Stmt;
import dev.nnc.testing.GeneratedClasses;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Code lengths as the class file has them, and the 8000-byte limit. */
class MethodSizeTest {

    /** A javac-compiled class whose code lengths are known from the JVM specification. */
    static final class Known {
        void empty() {}
    }

    @Test
    void methodSizesReadsJavacsCodeLengths() throws IOException {
        byte[] bytes;
        try (InputStream in = Known.class.getResourceAsStream("MethodSizeTest$Known.class")) {
            bytes = in.readAllBytes();
        }
        // return: 1 byte; aload_0, invokespecial #n, return: 5 bytes.
        assertEquals(Map.of("<init>", 5, "empty", 1), Bytecode.methodSizes(bytes));
    }

    @Test
    void methodSizesOfGeneratedMethods() {
        List<Stmt> one = List.of(store("y", i32(0), constant(Kind.F32, 1)));
        byte[] bytes = Bytecode.emit(program(List.of(new Method("runPredict", "", List.of()),
                new Method("one", "", one))));
        GeneratedClasses.assertValid(bytes);
        Map<String, Integer> sizes = Bytecode.methodSizes(bytes);
        assertEquals(1, sizes.get("runPredict")); // return
        // aload_0, getfield #n, astore_1 | aload_1, iconst_0, fconst_1, fastore | return
        assertEquals(1 + 3 + 1 + 4 + 1, sizes.get("one"));
        // an absent entry method is a stub that throws: new, dup, ldc, invokespecial, athrow
        assertEquals(3 + 1 + 2 + 3 + 1, sizes.get("runUpdate"));
    }

    @Test
    void exactly8000BytesIsAllowedAndOneStoreMoreIsNot() {
        // 5 bytes of prologue and 1 of return; each store of 1.0 is 4 bytes (fconst_1), each of
        // 1.5 is 5 (ldc): 6 + 2 * 5 + 1996 * 4 = 8000.
        List<Stmt> body = new ArrayList<>();
        body.add(store("y", i32(0), constant(Kind.F32, 1.5)));
        body.add(store("y", i32(0), constant(Kind.F32, 1.5)));
        for (int i = 0; i < 1996; i++) {
            body.add(store("y", i32(0), constant(Kind.F32, 1)));
        }
        byte[] bytes = Bytecode.emit(program(List.of(new Method("runPredict", "", body))));
        assertEquals(Bytecode.MAX_METHOD_BYTES, Bytecode.methodSizes(bytes).get("runPredict"));
        GeneratedClasses.assertValid(bytes);

        body.add(store("y", i32(0), constant(Kind.F32, 1)));
        MethodTooLargeException e = assertThrows(MethodTooLargeException.class,
                () -> Bytecode.emit(program(List.of(new Method("runPredict", "", body)))));
        assertEquals("runPredict", e.methodName());
        assertEquals("nnc.generated.Sizes", e.className());
        assertEquals(8004, e.codeSize());
        assertTrue(e.getMessage().contains("runPredict") && e.getMessage().contains("8004"), e.getMessage());
    }

    @Test
    void aMethodBeyondTheClassFilesLimitIsTheSameException() {
        List<Stmt> body = new ArrayList<>();
        for (int i = 0; i < 17_000; i++) { // 68,000 bytes: more than a class file allows
            body.add(store("y", i32(0), constant(Kind.F32, 1)));
        }
        MethodTooLargeException e = assertThrows(MethodTooLargeException.class,
                () -> Bytecode.emit(program(List.of(new Method("kernel7", "", body)))));
        assertEquals("kernel7", e.methodName());
        assertTrue(e.codeSize() > 65_535, e.getMessage());
    }

    private static Program program(List<Method> methods) {
        return new Program("nnc.generated.Sizes", Kind.F32, List.of(), List.of(),
                List.of(new Buffer("y", Kind.F32, i32(1), -1, "")), methods);
    }
}
