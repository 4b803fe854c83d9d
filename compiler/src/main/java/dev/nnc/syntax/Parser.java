package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import dev.nnc.syntax.Expr.Arg;
import dev.nnc.syntax.Expr.BinaryOp;
import dev.nnc.syntax.Stmt.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * Recursive descent over the tokens of a .nn file, one method per grammar rule:
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

    private static final Set<TokenKind> KEYWORDS =
            EnumSet.of(MODEL, DTYPE, INPUT, PARAM, CONST, FN, OUTPUT, TRAIN, TRUE, FALSE);

    /** Unwinds a statement after its error has been reported. */
    private static final class ParseError extends RuntimeException {
        ParseError() {
            super(null, null, false, false);
        }
    }

    private final SourceFile file;
    private final List<Token> tokens;
    /** Where the lexer's problems leave the tokens after them suspect; see Lexer.damage(). */
    private final NavigableSet<Integer> damage;
    private final Diagnostics diagnostics;
    /** Heights of the expression nodes built in the current statement; leaves are 0. */
    private final Map<Expr, Integer> heights = new IdentityHashMap<>();
    /** The spans of parenthesised expressions including their parentheses. */
    private final Map<Expr, Span> parenthesised = new IdentityHashMap<>();
    private int current;
    /** Index of the first token of the statement or setting being parsed. */
    private int statementStart;
    /** How many brackets and operators the parser is inside, to bound its own recursion. */
    private int nesting;

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
        return new Parser(file, tokens, lexer.damage(), diagnostics).program();
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

    private Parser(SourceFile file, List<Token> tokens, NavigableSet<Integer> damage,
            Diagnostics diagnostics) {
        this.file = file;
        this.tokens = tokens;
        this.damage = damage;
        this.diagnostics = diagnostics;
    }

    private Program program() {
        List<Stmt> statements = new ArrayList<>();
        while (!isAtEnd()) {
            if (match(NEWLINE)) {
                continue;
            }
            Stmt statement = declaration();
            if (statement != null) {
                statements.add(statement);
            }
        }
        return new Program(file, List.copyOf(statements));
    }

    /** One statement, or null if it had an error. */
    private Stmt declaration() {
        startStatement();
        try {
            Stmt statement = statement();
            if (!check(NEWLINE) && !isAtEnd()) {
                // The statement itself is whole; keep it so later stages see its name.
                error(peek(), "expected end of line after statement, found " + describe(peek()));
                synchronize(false);
            }
            return statement;
        } catch (ParseError e) {
            synchronize(false);
            return null;
        }
    }

    private void startStatement() {
        statementStart = current;
        nesting = 0;
        heights.clear();
        parenthesised.clear();
    }

    private Stmt statement() {
        Token first = peek();
        if (KEYWORDS.contains(first.kind()) && checkNext(EQUAL)) {
            throw error(first, keywordAsName(first, "value"));
        }
        return switch (first.kind()) {
            case MODEL -> model();
            case DTYPE -> dtype();
            case INPUT, PARAM -> tensorDeclaration();
            case CONST -> constant();
            case FN -> function();
            case OUTPUT -> let(advance());
            case IDENTIFIER -> let(null);
            case TRAIN -> train();
            default -> throw error(first, "expected a statement, found " + describe(first),
                    startsExpression(first) ? "a value needs a name: write NAME = ..." : null);
        };
    }

    private Stmt model() {
        Token keyword = advance();
        Ident name = name("model", "expected a model name after 'model'");
        return new Stmt.Model(name, spanFrom(keyword));
    }

    private Stmt dtype() {
        Token keyword = advance();
        if (!check(IDENTIFIER)) {
            throw error(peek(), "expected a dtype such as f32 or f64 after 'dtype', found "
                    + describe(peek()));
        }
        Ident name = ident(advance());
        return new Stmt.Dtype(name, spanFrom(keyword));
    }

    /** {@code input NAME: TYPE [= LITERAL]} or {@code param NAME: TYPE [= INIT]}. */
    private Stmt tensorDeclaration() {
        Token keyword = advance();
        Ident name = name("value", "expected a name after " + keyword.kind().description());
        if (!check(COLON)) {
            throw error(peek(), "expected ':' and a type after '" + name.name() + "'",
                    "declare it as: " + keyword.lexeme() + " " + name.name() + ": "
                            + writtenType());
        }
        advance();
        TypeExpr type = type();
        Expr init = match(EQUAL) ? expression() : null;
        return keyword.kind() == INPUT
                ? new Stmt.Input(name, type, init, spanFrom(keyword))
                : new Stmt.Param(name, type, init, spanFrom(keyword));
    }

    /** The type the user wrote without its ':', as in {@code input x [2]}, else an example. */
    private String writtenType() {
        int i = check(IDENTIFIER) ? current + 1 : current;
        if (tokens.get(i).kind() != LEFT_BRACKET) {
            return "[2]";
        }
        while (tokens.get(i).kind() != RIGHT_BRACKET) {
            if (tokens.get(i).kind() == NEWLINE || tokens.get(i).kind() == EOF) {
                return "[2]";
            }
            i++;
        }
        return peek().span().to(tokens.get(i).span()).text();
    }

    private Stmt constant() {
        Token keyword = advance();
        Ident name = name("value", "expected a name after 'const'");
        TypeExpr type = match(COLON) ? type() : null;
        if (!check(EQUAL)) {
            String after = type == null ? "name '" + name.name() + "'"
                    : "the type of '" + name.name() + "'";
            throw error(peek(), "expected '=' after " + after,
                    "a const needs a value, as in: const " + name.name() + " = 0.5");
        }
        advance();
        Expr value = expression();
        return new Stmt.Const(name, type, value, spanFrom(keyword));
    }

    private Stmt function() {
        Token keyword = advance();
        Ident name = name("function", "expected a function name after 'fn'");
        consume(LEFT_PAREN, "expected '(' after function name '" + name.name() + "'");
        List<Ident> params = new ArrayList<>();
        if (!check(RIGHT_PAREN)) {
            do {
                params.add(name("value", "expected a parameter name"));
            } while (match(COMMA));
        }
        consume(RIGHT_PAREN, "expected ')' after parameters");
        consume(EQUAL, "expected '=' after the parameters of '" + name.name() + "'");
        Expr body = expression();
        return new Stmt.Fn(name, List.copyOf(params), body, spanFrom(keyword));
    }

    /** {@code NAME = EXPR}, or {@code output NAME = EXPR} when {@code output} is given. */
    private Stmt let(Token output) {
        Token first = output != null ? output : peek();
        Ident name = output != null ? name("value", "expected a name after 'output'")
                : ident(advance());
        if (!match(EQUAL)) {
            String hint = null;
            if (output == null && check(LEFT_PAREN)) {
                hint = "define a function with 'fn': fn " + name.name() + "(...) = ...";
            } else if (output == null && check(COLON)) {
                hint = "declare a typed value with 'input', 'param' or 'const', as in: param "
                        + name.name() + ": [2]";
            }
            throw error(peek(), "expected '=' after name '" + name.name() + "'", hint);
        }
        Expr value = expression();
        return new Stmt.Let(name, value, output != null, spanFrom(first));
    }

    private Stmt train() {
        int start = current;
        Token keyword = advance();
        consume(LEFT_BRACE, "expected '{' after 'train'");
        List<Setting> settings = new ArrayList<>();
        skipNewlines();
        while (!check(RIGHT_BRACE) && !isAtEnd()) {
            startStatement();
            try {
                settings.add(setting());
                if (!check(RIGHT_BRACE) && !check(NEWLINE)) {
                    error(peek(), "expected end of line after setting, found " + describe(peek()),
                            check(COMMA) ? "put each setting on a line of its own" : null);
                    synchronize(true);
                }
            } catch (ParseError e) {
                synchronize(true);
            }
            skipNewlines();
        }
        // A '}' missing at the end of the file is the lexer's '{' never closed: stay quiet.
        statementStart = start;
        consume(RIGHT_BRACE, "expected '}' after the train settings");
        return new Stmt.Train(List.copyOf(settings), spanFrom(keyword));
    }

    private Setting setting() {
        Token first = peek();
        Ident key = name("setting", "expected a setting such as 'optimizer = sgd(lr = 0.1)'");
        consume(EQUAL, "expected '=' after setting '" + key.name() + "'");
        Expr value = expression();
        return new Setting(key, value, first.span().to(outer(value)));
    }

    private TypeExpr type() {
        Token first = peek();
        Ident element = null;
        if (check(IDENTIFIER)) {
            element = ident(advance());
            consume(LEFT_BRACKET, "expected '[' after element type '" + element.name()
                    + "', as in " + element.name() + "[B]");
        } else if (!match(LEFT_BRACKET)) {
            throw error(first, "expected a type such as [] or [B, 784], found " + describe(first));
        }
        List<TypeExpr.Dim> dims = new ArrayList<>();
        if (!check(RIGHT_BRACKET)) {
            do {
                dims.add(dim());
            } while (match(COMMA));
        }
        Token close = consume(RIGHT_BRACKET, "expected ']' after dimensions");
        return new TypeExpr(element, List.copyOf(dims), first.span().to(close.span()));
    }

    private TypeExpr.Dim dim() {
        Token token = peek();
        if (match(IDENTIFIER)) {
            return new TypeExpr.Symbol(token.lexeme(), token.span());
        }
        if (!check(NUMBER) || !isInteger(token.lexeme())) {
            throw error(token, "dimension must be a non-negative integer or a name, found "
                    + describe(token));
        }
        advance();
        double size = numberValue(token.lexeme());
        if (size > Integer.MAX_VALUE) {
            throw error(token, "dimension " + token.lexeme() + " is too large: the largest is "
                    + Integer.MAX_VALUE);
        }
        return new TypeExpr.Size((int) size, token.span());
    }

    // Expressions, lowest precedence first.

    private Expr expression() {
        return term();
    }

    private Expr term() {
        Expr expr = factor();
        while (match(PLUS, MINUS)) {
            Token operator = previous();
            Expr right = factor();
            expr = binary(operator, expr, right);
        }
        return expr;
    }

    private Expr factor() {
        Expr expr = unary();
        while (match(AT, STAR, SLASH)) {
            Token operator = previous();
            Expr right = unary();
            expr = binary(operator, expr, right);
        }
        return expr;
    }

    private Expr unary() {
        if (match(MINUS)) {
            Token minus = previous();
            enter(minus);
            Expr operand = unary();
            nesting--;
            return measured(new Expr.Negate(operand, minus.span().to(outer(operand))), minus,
                    height(operand));
        }
        return power();
    }

    private Expr power() {
        Expr base = call();
        if (match(CARET)) {
            Token caret = previous();
            enter(caret);
            Expr exponent = unary();
            nesting--;
            return binary(caret, base, exponent);
        }
        return base;
    }

    private Expr call() {
        if (!check(IDENTIFIER) || !checkNext(LEFT_PAREN)) {
            return primary();
        }
        Token callee = advance();
        Token open = advance();
        enter(open);
        List<Arg> args = arguments();
        Token close = consume(RIGHT_PAREN, "expected ')' after arguments");
        nesting--;
        int tallest = 0;
        for (Arg arg : args) {
            tallest = Math.max(tallest, height(arg.value()));
        }
        return measured(new Expr.Call(ident(callee), List.copyOf(args),
                callee.span().to(close.span())), open, tallest);
    }

    private List<Arg> arguments() {
        List<Arg> args = new ArrayList<>();
        Arg firstKeyword = null;
        while (!check(RIGHT_PAREN)) {
            Token first = peek();
            Arg arg = argument();
            if (arg.isKeyword() && firstKeyword == null) {
                firstKeyword = arg;
            } else if (!arg.isKeyword() && firstKeyword != null) {
                throw error(first, Diagnostic.error(arg.span(),
                        "positional argument after keyword argument")
                        .withNote(firstKeyword.span(), "the keyword arguments start here"));
            }
            args.add(arg);
            if (!match(COMMA)) {
                break;
            }
        }
        return args;
    }

    private Arg argument() {
        if (check(IDENTIFIER) && checkNext(EQUAL)) {
            Token keyword = advance();
            advance();
            Expr value = expression();
            return new Arg(ident(keyword), value, keyword.span().to(outer(value)));
        }
        Expr value = expression();
        return new Arg(null, value, outer(value));
    }

    private Expr primary() {
        Token token = peek();
        switch (token.kind()) {
            case NUMBER -> {
                advance();
                return new Expr.Number(numberValue(token.lexeme()), isInteger(token.lexeme()),
                        token.span());
            }
            case TRUE, FALSE -> {
                advance();
                return new Expr.Bool(token.kind() == TRUE, token.span());
            }
            case IDENTIFIER -> {
                advance();
                return new Expr.Name(token.lexeme(), token.span());
            }
            case LEFT_PAREN -> {
                advance();
                enter(token);
                Expr inner = expression();
                Token close = consume(RIGHT_PAREN, "expected ')' after expression");
                nesting--;
                parenthesised.put(inner, token.span().to(close.span()));
                return inner;
            }
            case LEFT_BRACKET -> {
                return list();
            }
            default -> throw error(token, "expected an expression, found " + describe(token),
                    expressionHint(token));
        }
    }

    private Expr list() {
        Token open = advance();
        enter(open);
        List<Expr> elements = new ArrayList<>();
        int tallest = 0;
        while (!check(RIGHT_BRACKET)) {
            Expr element = expression();
            elements.add(element);
            tallest = Math.max(tallest, height(element));
            if (!match(COMMA)) {
                break;
            }
        }
        Token close = consume(RIGHT_BRACKET, "expected ']' after list elements");
        nesting--;
        return measured(new Expr.ListLit(List.copyOf(elements), open.span().to(close.span())),
                open, tallest);
    }

    private String expressionHint(Token token) {
        if (KEYWORDS.contains(token.kind())) {
            return keywordAsName(token, "value");
        }
        if (token.kind() == STAR && current > 0 && previous().kind() == STAR) {
            return "write a power as x^2";
        }
        return null;
    }

    private Expr binary(Token operator, Expr left, Expr right) {
        BinaryOp op = switch (operator.kind()) {
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUB;
            case STAR -> BinaryOp.MUL;
            case SLASH -> BinaryOp.DIV;
            case CARET -> BinaryOp.POW;
            case AT -> BinaryOp.MATMUL;
            default -> throw new IllegalStateException("not a binary operator: " + operator);
        };
        Span span = outer(left).to(outer(right));
        return measured(new Expr.Binary(op, left, right, operator.span(), span), operator,
                Math.max(height(left), height(right)));
    }

    // Depth: later stages recurse over expression trees, and so does this parser.

    /** Records a new node's height, refusing a tree taller than {@link #MAX_DEPTH}. */
    private <E extends Expr> E measured(E node, Token at, int tallestChild) {
        if (tallestChild + 1 > MAX_DEPTH) {
            throw tooDeep(at);
        }
        heights.put(node, tallestChild + 1);
        return node;
    }

    private int height(Expr expr) {
        return heights.getOrDefault(expr, 0);
    }

    /** Steps into a nested expression, before the recursion could overflow the stack. */
    private void enter(Token at) {
        if (++nesting > MAX_DEPTH) {
            throw tooDeep(at);
        }
    }

    private ParseError tooDeep(Token at) {
        // Reported even in a damaged statement: it is not a consequence of the damage.
        diagnostics.error(at.span(),
                "expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
        return new ParseError();
    }

    /** An expression's span including any parentheses around it. */
    private Span outer(Expr expr) {
        return parenthesised.getOrDefault(expr, expr.span());
    }

    // Names and tokens.

    private Ident name(String what, String expected) {
        Token token = peek();
        if (check(IDENTIFIER)) {
            return ident(advance());
        }
        if (KEYWORDS.contains(token.kind())) {
            throw error(token, keywordAsName(token, what));
        }
        throw error(token, expected + ", found " + describe(token));
    }

    private static String keywordAsName(Token keyword, String what) {
        return "'" + keyword.lexeme() + "' is a keyword and cannot name a " + what;
    }

    private static Ident ident(Token token) {
        return new Ident(token.lexeme(), token.span());
    }

    /** How a "found ..." message names a token: a number as written, else its kind. */
    private static String describe(Token token) {
        return switch (token.kind()) {
            case NUMBER -> token.lexeme();
            case IDENTIFIER -> "'" + token.lexeme() + "'";
            default -> token.kind().description();
        };
    }

    private static boolean startsExpression(Token token) {
        return EnumSet.of(NUMBER, TRUE, FALSE, MINUS, LEFT_PAREN, LEFT_BRACKET)
                .contains(token.kind());
    }

    private static boolean isInteger(String number) {
        return number.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static double numberValue(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0; // a malformed number; the lexer has reported it
        }
    }

    /** The span from a statement's first token to the last token consumed. */
    private Span spanFrom(Token first) {
        return first.span().to(previous().span());
    }

    private void skipNewlines() {
        while (match(NEWLINE)) { }
    }

    /**
     * Skips the rest of a broken statement: up to its end of line, past any braces it opened.
     * In a train block a setting also ends at the block's '}'.
     */
    private void synchronize(boolean inTrainBlock) {
        int braces = 0;
        while (!isAtEnd()) {
            TokenKind kind = peek().kind();
            if (braces == 0 && (kind == NEWLINE || (inTrainBlock && kind == RIGHT_BRACE))) {
                return;
            }
            if (kind == LEFT_BRACE) {
                braces++;
            } else if (kind == RIGHT_BRACE && braces > 0) {
                braces--;
            }
            advance();
        }
    }

    private ParseError error(Token found, String message) {
        return error(found, message, null);
    }

    private ParseError error(Token found, String message, String hint) {
        return error(found, Diagnostic.error(spanOf(found), message).withHint(hint));
    }

    /**
     * Reports unless the lexer reported a problem earlier in this statement, such as a bracket
     * never closed: what follows it is damaged, and errors there would be noise.
     */
    private ParseError error(Token found, Diagnostic diagnostic) {
        Integer problem = damage.ceiling(tokens.get(statementStart).span().offset());
        if (problem == null || problem > found.span().offset()) {
            diagnostics.report(diagnostic);
        }
        return new ParseError();
    }

    /** Where to point at a token; for a missing piece, just after the line's last token. */
    private Span spanOf(Token found) {
        if (found.kind() != NEWLINE && found.kind() != EOF) {
            return found.span();
        }
        // Missing pieces are found at the current token; the search is only a safety net.
        int i = (found == peek() ? current : tokens.indexOf(found)) - 1;
        while (i >= 0 && tokens.get(i).kind() == NEWLINE) {
            i--;
        }
        return i < 0 ? found.span() : new Span(file, tokens.get(i).span().end(), 0);
    }

    private Token consume(TokenKind kind, String message) {
        if (check(kind)) {
            return advance();
        }
        throw error(peek(), message);
    }

    private boolean match(TokenKind... kinds) {
        for (TokenKind kind : kinds) {
            if (check(kind)) {
                advance();
                return true;
            }
        }
        return false;
    }

    private boolean check(TokenKind kind) {
        return peek().kind() == kind;
    }

    private boolean checkNext(TokenKind kind) {
        return current + 1 < tokens.size() && tokens.get(current + 1).kind() == kind;
    }

    private Token advance() {
        if (!isAtEnd()) {
            current++;
        }
        return previous();
    }

    private boolean isAtEnd() {
        return peek().kind() == EOF;
    }

    private Token peek() {
        return tokens.get(current);
    }

    private Token previous() {
        return tokens.get(current - 1);
    }
}
