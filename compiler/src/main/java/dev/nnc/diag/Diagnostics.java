package dev.nnc.diag;

import dev.nnc.syntax.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one run, so that one run reports many errors. */
public final class Diagnostics {
    /** Past this many errors the rest are dropped: the first ones are the ones that matter. */
    public static final int LIMIT = 100;

    private final List<Diagnostic> items = new ArrayList<>();
    private int errorCount;

    public Diagnostic report(Diagnostic d) {
        if (d.isError()) {
            errorCount++;
        }
        if (items.size() < LIMIT) {
            items.add(d);
        }
        return d;
    }

    public Diagnostic error(Span span, String message) {
        return report(Diagnostic.error(span, message));
    }

    public boolean hasErrors() {
        return errorCount > 0;
    }

    public int errorCount() {
        return errorCount;
    }

    /** In source order, stable for diagnostics at the same place. */
    public List<Diagnostic> all() {
        List<Diagnostic> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(Diagnostic::file)
                .thenComparingInt(d -> d.span() == null ? -1 : d.span().offset()));
        return List.copyOf(sorted);
    }

    public void addAll(Diagnostics other) {
        for (Diagnostic d : other.items) {
            report(d);
        }
    }
}
