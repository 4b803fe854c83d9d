package dev.nnc.syntax;

import java.util.List;

/**
 * A declared type: {@code []}, {@code [2, 2]}, {@code [B, 784]} or {@code int[B]}.
 * {@code element} is null when no element type is written (the model's float dtype).
 */
public record TypeExpr(Ident element, List<Dim> dims, Span span) {

    /** One dimension as written: a size or a symbolic name. */
    public sealed interface Dim {
        Span span();
    }

    public record Size(int value, Span span) implements Dim {}

    public record Symbol(String name, Span span) implements Dim {}
}
