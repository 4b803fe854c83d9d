package dev.nnc;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import java.util.List;

/**
 * A .nn program that does not compile. The message is the rendered diagnostics, as the command
 * line prints them: {@code file:line:col: error: ...} with the source line and a caret.
 */
public final class CompileException extends RuntimeException {
    private final transient List<Diagnostic> diagnostics;

    public CompileException(List<Diagnostic> diagnostics) {
        super(DiagnosticPrinter.render(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
