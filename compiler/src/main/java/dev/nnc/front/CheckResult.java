package dev.nnc.front;

import dev.nnc.diag.Diagnostic;
import dev.nnc.ir.Model;
import java.util.List;

/** What checking a file gives: the model when it is well formed, and every diagnostic. */
public record CheckResult(Model model, List<Diagnostic> diagnostics) {

    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return model != null && diagnostics.stream().noneMatch(Diagnostic::isError);
    }
}
