package dev.nnc.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.codegen.bytecode.Bytecode;
import dev.nnc.codegen.bytecode.Verifier;
import java.util.Map;

/** The checks every generated class must pass, for any test that generates one. */
public final class GeneratedClasses {

    private GeneratedClasses() {}

    /**
     * ASM's structural and data-flow verification, and every method within
     * {@link Bytecode#MAX_METHOD_BYTES} (beyond it HotSpot never JIT-compiles the method).
     */
    public static void assertValid(byte[] classBytes) {
        Verifier.verify(classBytes);
        for (Map.Entry<String, Integer> m : Bytecode.methodSizes(classBytes).entrySet()) {
            assertTrue(m.getValue() <= Bytecode.MAX_METHOD_BYTES || Bytecode.isCold(m.getKey()), () -> "method " + m.getKey() + " has "
                    + m.getValue() + " bytes of bytecode, more than " + Bytecode.MAX_METHOD_BYTES);
        }
    }
}
