package dev.nnc.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.Nnc;
import dev.nnc.codegen.bytecode.Bytecode;
import dev.nnc.ir.Model;
import dev.nnc.program.Program;
import dev.nnc.testing.GeneratedClasses;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class the compiler generates, for every test program and for random ones, passes ASM's
 * CheckClassAdapter and keeps every method under HotSpot's 8,000-byte JIT limit: in the
 * training form, the inspection form, and the loop form that unrolling falls back to.
 */
class GeneratedCodeTest {

    static Stream<TestPrograms.Source> programs() {
        return Stream.concat(TestPrograms.all(), TestPrograms.random(40));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void everyGeneratedClassVerifiesAndStaysUnderTheJitLimit(TestPrograms.Source source) {
        Model model = source.model();
        String name = Nnc.className(model.name());
        Program training = Nnc.program(model, Lowering.Options.training(name));
        GeneratedClasses.assertValid(Bytecode.emit(training));
        GeneratedClasses.assertValid(Bytecode.emit(Lowering.lower(model, Lowering.Options.training(name))));
        Model derived = CompiledEquivalenceTest.derived(model);
        GeneratedClasses.assertValid(Bytecode.emit(Nnc.program(derived, Lowering.Options.inspect(name))));
        assertTrue(training.methods().size() >= 4);
    }
}
