package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.Nnc;
import dev.nnc.codegen.bytecode.ModelClassLoader;
import dev.nnc.codegen.java.SourceCompiler;
import dev.nnc.ir.Model;
import dev.nnc.ir.Tensor;
import dev.nnc.program.Program;
import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.TensorSpec;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java source backend against the bytecode backend: the same Program, compiled by javac
 * in-process, gives bit-identical values, losses, gradients and updates on every program. With
 * {@link CompiledEquivalenceTest} (bytecode against the interpreter) this closes the triangle.
 */
class SourceEquivalenceTest {

    static Stream<TestPrograms.Source> programs() {
        return Stream.concat(TestPrograms.all(), TestPrograms.random(8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void javaSourceAndBytecodeAgreeBitForBit(TestPrograms.Source source) {
        Model model = source.model();
        String name = Nnc.className(model.name());
        Model derived = CompiledEquivalenceTest.derived(model);
        Program inspect = Nnc.program(derived, Lowering.Options.inspect(name));
        Map<String, Tensor> feeds = TestPrograms.feeds(derived, 5);
        CompiledModel fromBytes = ModelClassLoader.instantiate(inspect);
        CompiledModel fromSource = SourceCompiler.instantiate(inspect);
        for (CompiledModel m : new CompiledModel[] {fromBytes, fromSource}) {
            CompiledEquivalenceTest.feed(m, derived, feeds);
            m.predict();
        }
        for (TensorSpec t : fromBytes.spec().tensors()) {
            if (t.role() == TensorSpec.Role.OUTPUT) {
                assertArrayEquals(fromBytes.output(t.name()).toDoubles(), fromSource.output(t.name()).toDoubles(),
                        source + ": " + t.name());
            }
        }
        if (!model.hasLoss() || !model.graph().node(model.loss()).shape().isScalar()) {
            return;
        }
        Program training = Nnc.program(model, Lowering.Options.training(name));
        CompiledModel a = ModelClassLoader.instantiate(training);
        CompiledModel b = SourceCompiler.instantiate(training);
        Map<String, Tensor> trainFeeds = TestPrograms.feeds(model, 6);
        CompiledEquivalenceTest.feed(a, model, trainFeeds);
        CompiledEquivalenceTest.feed(b, model, trainFeeds);
        for (int step = 0; step < 3; step++) {
            assertEquals(a.trainStep(), b.trainStep(), source + " step " + step);
            for (TensorSpec t : a.spec().tensors()) {
                if (t.role() == TensorSpec.Role.PARAM || t.role() == TensorSpec.Role.GRADIENT
                        || t.role() == TensorSpec.Role.STATE) {
                    assertArrayEquals(a.param(t.role() == TensorSpec.Role.PARAM ? t.name() : t.target()).toDoubles(),
                            b.param(t.role() == TensorSpec.Role.PARAM ? t.name() : t.target()).toDoubles(),
                            source + " step " + step + ": " + t.name());
                }
            }
        }
    }
}
