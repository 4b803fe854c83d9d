package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;

import dev.nnc.diag.Diagnostics;
import dev.nnc.syntax.Stmt.Setting;
import dev.nnc.syntax.TokenCursor.ParseError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Recursive descent over the tokens of a .nn file, one method per grammar rule; the statement
 * rules are here, the expression rules in {@link ExpressionParser}:
 *
 * <pre>
 * program   := (NEWLINE | stmt)* EOF
 * stmt      := 'model' IDENT | 'dtype' IDENT
 *            | ('input' | 'param') IDENT ':' type ('=' expr)?
 *            | 'const' IDENT (':' type)? '=' expr
 *            | 'fn' IDENT '(' (IDENT (',' IDENT)*)? ')' '=' expr
 *            | 'output'? IDENT '=' expr
 *            | 'train' '{' NEWLINE* (setting (NEWLINE+ | before '}'))* '}'
 * setting   := IDENT '=' expr
 * type      := IDENT? '[' (dim (',' dim)*)? ']'
 * dim       := NUMBER | IDENT
 * expr      := term
 * term      := factor (('+' | '-') factor)*
 * factor    := unary (('@' | '*' | '/') unary)*
 * unary     := '-' unary | power
 * power     := call ('^' unary)?
 * call      := IDENT '(' (arg (',' arg)* ','?)? ')' | primary
 * arg       := IDENT '=' expr | expr
 * primary   := NUMBER | 'true' | 'false' | IDENT | '(' expr ')' | '[' (expr (',' expr)* ','?)? ']'
 * </pre>
 *
 * <p>A statement with an error is reported, skipped to its end of line, and left out of the
 * program, so one run reports the errors of many lines. Expression trees are at most
 * {@link #MAX_DEPTH} high, so neither this parser nor the later stages that recurse over the
 * tree can overflow the stack.
 */
public final class Parser {
    public static final int MAX_DEPTH = 256;

    /** The parser thread's stack: many times what MAX_DEPTH levels can use. */
    private static final long STACK_BYTES = 16L << 20;

    private final TokenCursor in;
    private final ExpressionParser expressions;

    /**
     * Lexes and parses a file. Never throws on any input: every problem goes to the diagnostics,
     * and the program holds the statements that parsed.
     */
    public static Program parse(SourceFile file, Diagnostics diagnostics) {
        // MAX_DEPTH bounds the recursion to about 2,000 frames, but their size depends on how
        // the JIT happened to inline: 256 nested lists measured 260 to over 500 KB, more than a
        // 512 KB thread has left after its ~96 KB of guard pages. On a stack of its own the
        // parser does not depend on the caller's.
        Program[] program = new Program[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                program[0] = parseOnThisThread(file, diagnostics);
            } catch (Throwable t) {
                failure[0] = t;
            }
        }, "nnc-parser", STACK_BYTES);
        thread.start();
        joinUninterruptibly(thread);
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        } else if (failure[0] instanceof Error e) {
            throw e;
        }
        return program[0];
    }

    private static Program parseOnThisThread(SourceFile file, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(file, diagnostics);
        List<Token> tokens = lexer.scan();
        return new Parser(new TokenCursor(file, tokens, lexer.damage(), diagnostics)).program();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Parser(TokenCursor in) {
        this.in = in;
        this.expressions = new ExpressionParser(in);
    }

    private Program program() {
        List<Stmt> statements = new ArrayList<>();
        while (!in.isAtEnd()) {
            if (in.match(NEWLINE)) {
                continue;
            }
            Stmt statement = declaration();
            if (statement != null) {
                statements.add(statement);
            }
        }
        return new Program(in.file(), List.copyOf(statements));
    }

    /** One statement, or null if it had an error. */
    private Stmt declaration() {
        startStatement();
        try {
            Stmt statement = statement();
            if (!in.check(NEWLINE) && !in.isAtEnd()) {
                // The statement itself is whole; keep it so later stages see its name.
                in.error(in.peek(), "expected end of line after statement, found "
                        + TokenCursor.describe(in.peek()));
                in.synchronize(false);
            }
            return statement;
        } catch (ParseError e) {
            in.synchronize(false);
            return null;
        }
    }

    private void startStatement() {
        in.startStatement();
        expressions.startStatement();
    }

    private Stmt statement() {
        Token first = in.peek();
        if (TokenCursor.KEYWORDS.contains(first.kind()) && in.checkNext(EQUAL)) {
            throw in.error(first, TokenCursor.keywordAsName(first, "value"));
        }
        return switch (first.kind()) {
            case MODEL -> model();
            case DTYPE -> dtype();
            case INPUT, PARAM -> tensorDeclaration();
            case CONST -> constant();
            case FN -> function();
            case OUTPUT -> let(in.advance());
            case IDENTIFIER -> let(null);
            case TRAIN -> train();
            default -> throw in.error(first,
                    "expected a statement, found " + TokenCursor.describe(first),
                    startsExpression(first) ? "a value needs a name: write NAME = ..." : null);
        };
    }

    private Stmt model() {
        Token keyword = in.advance();
        Ident name = name("model", "expected a model name after 'model'");
        return new Stmt.Model(name, in.spanFrom(keyword));
    }

    private Stmt dtype() {
        Token keyword = in.advance();
        if (!in.check(IDENTIFIER)) {
            throw in.error(in.peek(), "expected a dtype such as f32 or f64 after 'dtype', found "
                    + TokenCursor.describe(in.peek()));
        }
        Ident name = ident(in.advance());
        return new Stmt.Dtype(name, in.spanFrom(keyword));
    }

    /** {@code input NAME: TYPE [= LITERAL]} or {@code param NAME: TYPE [= INIT]}. */
    private Stmt tensorDeclaration() {
        Token keyword = in.advance();
        Ident name = name("value", "expected a name after " + keyword.kind().description());
        if (!in.check(COLON)) {
            throw in.error(in.peek(), "expected ':' and a type after '" + name.name() + "'",
                    "declare it as: " + keyword.lexeme() + " " + name.name() + ": "
                            + writtenType());
        }
        in.advance();
        TypeExpr type = type();
        Expr init = in.match(EQUAL) ? expression() : null;
        return keyword.kind() == INPUT
                ? new Stmt.Input(name, type, init, in.spanFrom(keyword))
                : new Stmt.Param(name, type, init, in.spanFrom(keyword));
    }

    /** The type the user wrote without its ':', as in {@code input x [2]}, else an example. */
    private String writtenType() {
        int ahead = in.check(IDENTIFIER) ? 1 : 0;
        if (in.peek(ahead).kind() != LEFT_BRACKET) {
            return "[2]";
        }
        while (in.peek(ahead).kind() != RIGHT_BRACKET) {
            if (in.peek(ahead).kind() == NEWLINE || in.peek(ahead).kind() == EOF) {
                return "[2]";
            }
            ahead++;
        }
        return in.peek().span().to(in.peek(ahead).span()).text();
    }

    private Stmt constant() {
        Token keyword = in.advance();
        Ident name = name("value", "expected a name after 'const'");
        TypeExpr type = in.match(COLON) ? type() : null;
        if (!in.check(EQUAL)) {
            String after = type == null ? "name '" + name.name() + "'"
                    : "the type of '" + name.name() + "'";
            throw in.error(in.peek(), "expected '=' after " + after,
                    "a const needs a value, as in: const " + name.name() + " = 0.5");
        }
        in.advance();
        Expr value = expression();
        return new Stmt.Const(name, type, value, in.spanFrom(keyword));
    }

    private Stmt function() {
        Token keyword = in.advance();
        Ident name = name("function", "expected a function name after 'fn'");
        in.consume(LEFT_PAREN, "expected '(' after function name '" + name.name() + "'");
        List<Ident> params = new ArrayList<>();
        if (!in.check(RIGHT_PAREN)) {
            do {
                params.add(name("value", "expected a parameter name"));
            } while (in.match(COMMA));
        }
        in.consume(RIGHT_PAREN, "expected ')' after parameters");
        in.consume(EQUAL, "expected '=' after the parameters of '" + name.name() + "'");
        Expr body = expression();
        return new Stmt.Fn(name, List.copyOf(params), body, in.spanFrom(keyword));
    }

    /** {@code NAME = EXPR}, or {@code output NAME = EXPR} when {@code output} is given. */
    private Stmt let(Token output) {
        Token first = output != null ? output : in.peek();
        Ident name = output != null ? name("value", "expected a name after 'output'")
                : ident(in.advance());
        if (!in.match(EQUAL)) {
            String hint = null;
            if (output == null && in.check(LEFT_PAREN)) {
                hint = "define a function with 'fn': fn " + name.name() + "(...) = ...";
            } else if (output == null && in.check(COLON)) {
                hint = "declare a typed value with 'input', 'param' or 'const', as in: param "
                        + name.name() + ": [2]";
            }
            throw in.error(in.peek(), "expected '=' after name '" + name.name() + "'", hint);
        }
        Expr value = expression();
        return new Stmt.Let(name, value, output != null, in.spanFrom(first));
    }

    private Stmt train() {
        int start = in.statementStart();
        Token keyword = in.advance();
        in.consume(LEFT_BRACE, "expected '{' after 'train'");
        List<Setting> settings = new ArrayList<>();
        in.skipNewlines();
        while (!in.check(RIGHT_BRACE) && !in.isAtEnd()) {
            startStatement();
            try {
                settings.add(setting());
                if (!in.check(RIGHT_BRACE) && !in.check(NEWLINE)) {
                    in.error(in.peek(), "expected end of line after setting, found "
                            + TokenCursor.describe(in.peek()),
                            in.check(COMMA) ? "put each setting on a line of its own" : null);
                    in.synchronize(true);
                }
            } catch (ParseError e) {
                in.synchronize(true);
            }
            in.skipNewlines();
        }
        // A '}' missing at the end of the file is the lexer's '{' never closed: stay quiet.
        in.resumeStatement(start);
        in.consume(RIGHT_BRACE, "expected '}' after the train settings");
        return new Stmt.Train(List.copyOf(settings), in.spanFrom(keyword));
    }

    private Setting setting() {
        Token first = in.peek();
        Ident key = name("setting", "expected a setting such as 'optimizer = sgd(lr = 0.1)'");
        in.consume(EQUAL, "expected '=' after setting '" + key.name() + "'");
        Expr value = expression();
        return new Setting(key, value, in.spanFrom(first));
    }

    private TypeExpr type() {
        Token first = in.peek();
        Ident element = null;
        if (in.check(IDENTIFIER)) {
            element = ident(in.advance());
            in.consume(LEFT_BRACKET, "expected '[' after element type '" + element.name()
                    + "', as in " + element.name() + "[B]");
        } else if (!in.match(LEFT_BRACKET)) {
            throw in.error(first, "expected a type such as [] or [B, 784], found "
                    + TokenCursor.describe(first));
        }
        List<TypeExpr.Dim> dims = new ArrayList<>();
        if (!in.check(RIGHT_BRACKET)) {
            do {
                dims.add(dim());
            } while (in.match(COMMA));
        }
        in.consume(RIGHT_BRACKET, "expected ']' after dimensions");
        return new TypeExpr(element, List.copyOf(dims), in.spanFrom(first));
    }

    private TypeExpr.Dim dim() {
        Token token = in.peek();
        if (in.match(IDENTIFIER)) {
            return new TypeExpr.Symbol(token.lexeme(), token.span());
        }
        if (!in.check(NUMBER) || !ExpressionParser.isInteger(token.lexeme())) {
            throw in.error(token, "dimension must be a non-negative integer or a name, found "
                    + TokenCursor.describe(token));
        }
        in.advance();
        double size = ExpressionParser.numberValue(token.lexeme());
        if (size > Integer.MAX_VALUE) {
            throw in.error(token, "dimension " + token.lexeme() + " is too large: the largest is "
                    + Integer.MAX_VALUE);
        }
        return new TypeExpr.Size((int) size, token.span());
    }

    private Expr expression() {
        return expressions.expression();
    }

    private Ident name(String what, String expected) {
        Token token = in.peek();
        if (in.check(IDENTIFIER)) {
            return ident(in.advance());
        }
        if (TokenCursor.KEYWORDS.contains(token.kind())) {
            throw in.error(token, TokenCursor.keywordAsName(token, what));
        }
        throw in.error(token, expected + ", found " + TokenCursor.describe(token));
    }

    private static Ident ident(Token token) {
        return new Ident(token.lexeme(), token.span());
    }

    private static boolean startsExpression(Token token) {
        return EnumSet.of(NUMBER, TRUE, FALSE, MINUS, LEFT_PAREN, LEFT_BRACKET)
                .contains(token.kind());
    }
}
