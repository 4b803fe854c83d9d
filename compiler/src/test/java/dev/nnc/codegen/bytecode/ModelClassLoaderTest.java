package dev.nnc.codegen.bytecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.program.Kind;
import dev.nnc.program.Program;
import dev.nnc.runtime.GeneratedModel;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each model has a loader of its own, and goes away with it when nothing refers to it. */
class ModelClassLoaderTest {

    @Test
    void eachModelHasItsOwnLoaderUnderTheRuntimes() {
        Program p = ReluRegression.program(Kind.F32, 1);
        GeneratedModel one = ModelClassLoader.instantiate(p);
        GeneratedModel two = ModelClassLoader.instantiate(p);
        assertEquals(p.className(), one.getClass().getName());
        assertNotSame(one.getClass(), two.getClass());
        assertTrue(one.getClass().getClassLoader() instanceof ModelClassLoader);
        assertSame(GeneratedModel.class.getClassLoader(), one.getClass().getClassLoader().getParent());
    }

    @Test
    void aLoaderHoldsOneClass() {
        Program p = ReluRegression.program(Kind.F32, 1);
        byte[] bytes = Bytecode.emit(p);
        ModelClassLoader loader = new ModelClassLoader();
        loader.defineClass(p.className(), bytes);
        assertThrows(IllegalStateException.class, () -> loader.defineClass(p.className(), bytes));
    }

    @Test
    void aConstructorsExceptionArrivesUnwrapped() {
        Program p = ReluRegression.program(Kind.F32, 1);
        Program garbled = new Program(p.className(), p.dtype(), List.of("not a spec"), p.symbols(), p.buffers(),
                p.methods());
        assertThrows(IllegalArgumentException.class, () -> ModelClassLoader.instantiate(garbled));
    }

    @Test
    void anUnreachableModelIsCollectedWithItsClassAndLoader() throws InterruptedException {
        List<WeakReference<Object>> refs = compileAndDrop();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (refs.stream().anyMatch(r -> r.get() != null)) {
            if (System.nanoTime() > deadline) {
                fail("still reachable after 30 s: " + refs.stream().map(WeakReference::get).toList());
            }
            System.gc();
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[1 << 16];
            }
            Thread.sleep(20);
        }
    }

    /** Uses a model, then keeps only weak references to it, its class and its loader. */
    private static List<WeakReference<Object>> compileAndDrop() {
        GeneratedModel model = ModelClassLoader.instantiate(ReluRegression.program(Kind.F64, 2));
        model.setBatch(2);
        model.input("x").copyFrom(new double[] {1, 2});
        model.input("t").copyFrom(new double[] {0, 1});
        model.trainStep();
        List<WeakReference<Object>> refs = new ArrayList<>();
        refs.add(new WeakReference<>(model));
        refs.add(new WeakReference<>(model.getClass()));
        refs.add(new WeakReference<>(model.getClass().getClassLoader()));
        return refs;
    }
}
