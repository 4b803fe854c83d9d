package dev.nnc.syntax;

import java.util.List;

/** Statements of the .nn language: one per line, except the train block. */
public sealed interface Stmt {

    Span span();

    /** {@code model NAME}. */
    record Model(Ident name, Span span) implements Stmt {}

    /** {@code dtype f32} or {@code dtype f64}; the name is checked by the front end. */
    record Dtype(Ident name, Span span) implements Stmt {}

    /** {@code input NAME: TYPE [= LITERAL]}; {@code init} may be null. */
    record Input(Ident name, TypeExpr type, Expr init, Span span) implements Stmt {}

    /** {@code param NAME: TYPE [= INIT]}; {@code init} may be null (zeros). */
    record Param(Ident name, TypeExpr type, Expr init, Span span) implements Stmt {}

    /** {@code const NAME [: TYPE] = LITERAL}; {@code type} may be null. */
    record Const(Ident name, TypeExpr type, Expr value, Span span) implements Stmt {}

    /** {@code fn NAME(A, B) = EXPR}. */
    record Fn(Ident name, List<Ident> params, Expr body, Span span) implements Stmt {}

    /** {@code NAME = EXPR} or {@code output NAME = EXPR}. */
    record Let(Ident name, Expr value, boolean output, Span span) implements Stmt {}

    /** {@code train { KEY = EXPR ... }}. */
    record Train(List<Setting> settings, Span span) implements Stmt {}

    /** One {@code KEY = EXPR} line of a train block. */
    record Setting(Ident key, Expr value, Span span) {}
}
