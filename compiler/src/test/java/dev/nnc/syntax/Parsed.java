package dev.nnc.syntax;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import java.util.List;

/** A parse result for tests: the program and its diagnostics in source order. */
record Parsed(Program program, List<Diagnostic> diagnostics) {

    static Parsed parse(String text) {
        Diagnostics diagnostics = new Diagnostics();
        Program program = Parser.parse(new SourceFile("test.nn", text), diagnostics);
        return new Parsed(program, diagnostics.all());
    }

    List<Stmt> statements() {
        return program.statements();
    }

    Stmt statement(int index) {
        return program.statements().get(index);
    }

    /** The value of the one statement {@code x = ...} of a file. */
    static Expr expression(String source) {
        Parsed parsed = parse("x = " + source);
        if (!parsed.diagnostics.isEmpty() || parsed.statements().size() != 1) {
            throw new AssertionError("did not parse: " + source + "\n" + parsed.diagnostics);
        }
        return ((Stmt.Let) parsed.statement(0)).value();
    }

    /** Each diagnostic as "line:column: message", the form the error tests compare. */
    List<String> errors() {
        return diagnostics.stream().map(d -> d.line() + ":" + d.column() + ": " + d.message())
                .toList();
    }
}
