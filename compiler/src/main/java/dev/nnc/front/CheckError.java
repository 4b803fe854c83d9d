package dev.nnc.front;

import dev.nnc.diag.Diagnostic;
import dev.nnc.syntax.Span;

/** Unwinds the checking of one statement or expression to the point that reports it. */
final class CheckError extends Exception {
    final Diagnostic diagnostic;

    CheckError(Diagnostic diagnostic) {
        super(diagnostic.message(), null, false, false);
        this.diagnostic = diagnostic;
    }

    CheckError(Span span, String message) {
        this(Diagnostic.error(span, message));
    }

    CheckError(Span span, String message, String hint) {
        this(Diagnostic.error(span, message).withHint(hint));
    }

    static CheckError of(Static.NotStatic e) {
        return new CheckError(e.span, e.getMessage());
    }
}
