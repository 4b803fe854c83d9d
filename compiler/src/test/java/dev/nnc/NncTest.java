package dev.nnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.CompiledModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library entry point: source in, a ready model out, or the diagnostics as an exception. */
class NncTest {

    @Test
    void compilesSourceTextIntoAModelThatTrains() {
        CompiledModel m = Nnc.compile("""
                model line
                dtype f64
                input x: [B] = [0, 1, 2, 3]
                input t: [B] = [1, 3, 5, 7]
                param a: [] = 0
                param b: [] = 0
                output y = a * x + b
                loss = mean((y - t) ^ 2)
                train { optimizer = sgd(lr = 0.05) }
                """);
        double first = m.trainStep();
        for (int i = 0; i < 2000; i++) {
            m.trainStep();
        }
        double last = m.evaluate();
        assertTrue(last < 1e-6 * first, first + " -> " + last);
        assertEquals(2, m.param("a").get(0), 1e-3);
        assertEquals(1, m.param("b").get(0), 1e-3);
    }

    @Test
    void aProgramWithErrorsThrowsItsRenderedDiagnostics() {
        CompileException e = assertThrows(CompileException.class, () -> Nnc.compile("""
                input x: [2]
                y = x @ W
                """));
        assertTrue(e.getMessage().startsWith("<source>:2:9: error:"), e.getMessage());
        assertTrue(e.getMessage().contains("^"), e.getMessage());
        assertEquals(1, e.diagnostics().size());
    }

    @Test
    void aMissingFileIsACompileErrorNotAnIoException() {
        CompileException e = assertThrows(CompileException.class, () -> Nnc.compile(Path.of("no/such/model.nn")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aLabelOutOfRangeIsAClearErrorFromGeneratedCode() {
        CompiledModel m = Nnc.compile("""
                model labels
                input x: [B, 2]
                input y: int[B]
                param W: [2, 3] = glorot_uniform
                loss = mean(cross_entropy(x @ W, y))
                """);
        m.setBatch(2);
        m.input("x").copyFrom(new float[] {1, 2, 3, 4});
        m.input("y").copyFrom(new int[] {1, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, m::trainStep);
        assertTrue(e.getMessage().contains("label 3 of example 1 in input 'y' is out of range"), e.getMessage());
    }

    @Test
    void classNamesAreJavaNames() {
        assertEquals("nnc.generated.FashionMlp", Nnc.className("fashion_mlp"));
        assertEquals("nnc.generated.Model2layer", Nnc.className("2layer"));
    }
}
