package dev.nnc.codegen.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.GeneratedModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceCompilerTest {

    @Test
    void compilesGeneratedSourceAgainstTheRuntime() {
        Class<?> type = SourceCompiler.compile(LinearModel.program(List.of("spec")));
        assertEquals(LinearModel.CLASS_NAME, type.getName());
        assertEquals(GeneratedModel.class, type.getSuperclass());
    }

    @Test
    void eachCompilationHasItsOwnClassLoader() {
        Class<?> first = SourceCompiler.compile(LinearModel.program(List.of("spec")));
        Class<?> second = SourceCompiler.compile(LinearModel.program(List.of("spec")));
        assertNotSame(first, second);
        assertNotSame(first.getClassLoader(), second.getClassLoader());
    }

    @Test
    void compilationErrorsShowTheDiagnosticsAndTheNumberedSource() {
        String source = "package p;\n\npublic final class Broken {\n    int x = \"no\";\n}\n";
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SourceCompiler.compile("p.Broken", source));
        assertTrue(e.getMessage().contains("error at line 4"), e.getMessage());
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertTrue(e.getMessage().contains("4      int x = \"no\";"), e.getMessage());
    }

    @Test
    void aSourceWithoutTheNamedClassIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SourceCompiler.compile("p.Missing", "package p;\nclass Other {}\n"));
        assertTrue(e.getMessage().contains("does not declare p.Missing"), e.getMessage());
    }
}
