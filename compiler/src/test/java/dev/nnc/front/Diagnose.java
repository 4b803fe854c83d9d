package dev.nnc.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import dev.nnc.syntax.SourceFile;
import java.util.List;

/** Test helpers: check a source text and assert on its diagnostics. */
final class Diagnose {

    private Diagnose() {}

    static CheckResult check(String source) {
        return Frontend.check(new SourceFile("test.nn", source));
    }

    /** Asserts the first error has this message at this line and column. */
    static Diagnostic error(String source, int line, int column, String message) {
        CheckResult r = check(source);
        assertFalse(r.ok(), "expected an error for:\n" + source);
        assertNull(r.model(), "a model with errors must not be returned");
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        if (errors.isEmpty()) {
            fail("no error for:\n" + source);
        }
        Diagnostic d = errors.get(0);
        String printed = DiagnosticPrinter.render(r.diagnostics());
        assertEquals(message, d.message(), printed);
        assertEquals(line, d.line(), "line\n" + printed);
        assertEquals(column, d.column(), "column\n" + printed);
        return d;
    }

    static CheckResult ok(String source) {
        CheckResult r = check(source);
        if (!r.ok()) {
            fail("unexpected diagnostics:\n" + DiagnosticPrinter.render(r.diagnostics()));
        }
        return r;
    }
}
