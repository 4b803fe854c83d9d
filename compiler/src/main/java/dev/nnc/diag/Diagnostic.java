package dev.nnc.diag;

import dev.nnc.syntax.Span;
import java.util.List;

/**
 * One message about a user's program: where, what, and optionally how to fix it.
 *
 * <p>{@code span} is null only for errors that concern a whole file that could not be read
 * (missing, not UTF-8); those print as {@code file: error: message}. Notes point at other
 * places that explain the error: the first definition of a name bound twice, or the call
 * site of an inlined function.
 */
public record Diagnostic(Severity severity, String file, Span span, String message, String hint,
        List<Note> notes) {

    public enum Severity {
        ERROR("error"), WARNING("warning");

        private final String label;

        Severity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A secondary location with a short message. */
    public record Note(Span span, String message) {}

    public Diagnostic {
        notes = List.copyOf(notes);
    }

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, span.file().name(), span, message, null, List.of());
    }

    /** An error about a whole file, with no position in it. */
    public static Diagnostic fileError(String file, String message) {
        return new Diagnostic(Severity.ERROR, file, null, message, null, List.of());
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, file, span, message, newHint, notes);
    }

    public Diagnostic withNote(Span noteSpan, String noteMessage) {
        var all = new java.util.ArrayList<>(notes);
        all.add(new Note(noteSpan, noteMessage));
        return new Diagnostic(severity, file, span, message, hint, all);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public int line() {
        return span == null ? 0 : span.line();
    }

    public int column() {
        return span == null ? 0 : span.column();
    }

    /** The first line as printed: {@code file:line:col: error: message}. */
    public String header() {
        String where = span == null ? file : span.toString();
        return where + ": " + severity.label() + ": " + message;
    }

    @Override
    public String toString() {
        return header();
    }
}
