package dev.nnc.codegen.java;

import dev.nnc.testing.Golden;
import org.junit.jupiter.api.Test;

/** The emitted source of one model, line for line, as a golden file. */
class JavaSourceGoldenTest {

    @Test
    void linearModel() {
        Golden.assertMatches("java/Linear.java", JavaSource.emit(LinearModel.program(2)));
    }
}
