package dev.nnc.diag;

import dev.nnc.syntax.Span;
import java.util.List;

/**
 * Renders diagnostics the way javac and rustc do:
 *
 * <pre>
 * model.nn:12:10: error: cannot multiply [B, 784] @ [256, 10]: inner dimensions 784 and 256 differ
 *    12 | logits = h @ W2 + b2
 *       |          ^^^^^^
 *       = hint: ...
 * </pre>
 */
public final class DiagnosticPrinter {

    private DiagnosticPrinter() {}

    public static String render(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(render(d));
        }
        return out.toString();
    }

    public static String render(Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(d.header()).append('\n');
        if (d.span() != null) {
            excerpt(out, d.span());
        }
        if (d.hint() != null) {
            out.append("      = hint: ").append(d.hint()).append('\n');
        }
        for (Diagnostic.Note note : d.notes()) {
            out.append(note.span()).append(": note: ").append(note.message()).append('\n');
            excerpt(out, note.span());
        }
        return out.toString();
    }

    /** The source line and a caret under the span, clipped to that line. */
    private static void excerpt(StringBuilder out, Span span) {
        int line = span.line();
        String text = span.file().lineText(line);
        int col = span.column();
        int width = Math.max(1, Math.min(span.length(), text.length() - (col - 1)));
        String gutter = String.format("%5d | ", line);
        out.append(gutter).append(text).append('\n');
        out.append("      | ");
        // Tabs in the prefix stay tabs so the caret lines up whatever the terminal's tab width.
        for (int i = 0; i < col - 1 && i < text.length(); i++) {
            out.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        out.append("^".repeat(width)).append('\n');
    }
}
