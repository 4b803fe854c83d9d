package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;

import dev.nnc.diag.Diagnostic;
import dev.nnc.syntax.Expr.Arg;
import dev.nnc.syntax.Expr.BinaryOp;
import dev.nnc.syntax.TokenCursor.ParseError;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expression rules of the grammar in {@link Parser}, lowest precedence first.
 *
 * <p>Trees are at most {@link Parser#MAX_DEPTH} high, counting Binary, Negate, Call and ListLit
 * nodes, because later stages recurse over them; and the recursion here is bounded by the same
 * number, counting every bracket, unary minus and '^' it steps into.
 */
final class ExpressionParser {
    private final TokenCursor in;
    /** Heights of the nodes built in the current statement; leaves are 0. */
    private final Map<Expr, Integer> heights = new IdentityHashMap<>();
    /** The spans of parenthesised expressions including their parentheses. */
    private final Map<Expr, Span> parenthesised = new IdentityHashMap<>();
    /** How many brackets and operators the parser is inside. */
    private int nesting;

    ExpressionParser(TokenCursor in) {
        this.in = in;
    }

    void startStatement() {
        nesting = 0;
        heights.clear();
        parenthesised.clear();
    }

    Expr expression() {
        return term();
    }

    private Expr term() {
        Expr expr = factor();
        while (in.match(PLUS, MINUS)) {
            Token operator = in.previous();
            Expr right = factor();
            expr = binary(operator, expr, right);
        }
        return expr;
    }

    private Expr factor() {
        Expr expr = unary();
        while (in.match(AT, STAR, SLASH)) {
            Token operator = in.previous();
            Expr right = unary();
            expr = binary(operator, expr, right);
        }
        return expr;
    }

    private Expr unary() {
        if (in.match(MINUS)) {
            Token minus = in.previous();
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
        if (in.match(CARET)) {
            Token caret = in.previous();
            enter(caret);
            Expr exponent = unary();
            nesting--;
            return binary(caret, base, exponent);
        }
        return base;
    }

    private Expr call() {
        if (!in.check(IDENTIFIER) || !in.checkNext(LEFT_PAREN)) {
            return primary();
        }
        Token callee = in.advance();
        Token open = in.advance();
        enter(open);
        List<Arg> args = arguments();
        in.consume(RIGHT_PAREN, "expected ')' after arguments");
        nesting--;
        int tallest = 0;
        for (Arg arg : args) {
            tallest = Math.max(tallest, height(arg.value()));
        }
        return measured(new Expr.Call(ident(callee), List.copyOf(args), in.spanFrom(callee)),
                open, tallest);
    }

    private List<Arg> arguments() {
        List<Arg> args = new ArrayList<>();
        Arg firstKeyword = null;
        while (!in.check(RIGHT_PAREN)) {
            Token first = in.peek();
            Arg arg = argument();
            if (arg.isKeyword() && firstKeyword == null) {
                firstKeyword = arg;
            } else if (!arg.isKeyword() && firstKeyword != null) {
                throw in.error(first, Diagnostic.error(arg.span(),
                        "positional argument after keyword argument")
                        .withNote(firstKeyword.span(), "the keyword arguments start here"));
            }
            args.add(arg);
            if (!in.match(COMMA)) {
                break;
            }
        }
        return args;
    }

    private Arg argument() {
        Token first = in.peek();
        Ident keyword = null;
        if (in.check(IDENTIFIER) && in.checkNext(EQUAL)) {
            keyword = ident(in.advance());
            in.advance();
        }
        Expr value = expression();
        return new Arg(keyword, value, in.spanFrom(first));
    }

    private Expr primary() {
        Token token = in.peek();
        switch (token.kind()) {
            case NUMBER -> {
                in.advance();
                return new Expr.Number(numberValue(token.lexeme()), isInteger(token.lexeme()),
                        token.span());
            }
            case TRUE, FALSE -> {
                in.advance();
                return new Expr.Bool(token.kind() == TRUE, token.span());
            }
            case IDENTIFIER -> {
                in.advance();
                return new Expr.Name(token.lexeme(), token.span());
            }
            case LEFT_PAREN -> {
                in.advance();
                enter(token);
                Expr inner = expression();
                in.consume(RIGHT_PAREN, "expected ')' after expression");
                nesting--;
                parenthesised.put(inner, in.spanFrom(token));
                return inner;
            }
            case LEFT_BRACKET -> {
                return list();
            }
            default -> throw in.error(token,
                    "expected an expression, found " + TokenCursor.describe(token),
                    expressionHint(token));
        }
    }

    private Expr list() {
        Token open = in.advance();
        enter(open);
        List<Expr> elements = new ArrayList<>();
        int tallest = 0;
        while (!in.check(RIGHT_BRACKET)) {
            Expr element = expression();
            elements.add(element);
            tallest = Math.max(tallest, height(element));
            if (!in.match(COMMA)) {
                break;
            }
        }
        in.consume(RIGHT_BRACKET, "expected ']' after list elements");
        nesting--;
        return measured(new Expr.ListLit(List.copyOf(elements), in.spanFrom(open)), open,
                tallest);
    }

    private String expressionHint(Token token) {
        if (TokenCursor.KEYWORDS.contains(token.kind())) {
            return TokenCursor.keywordAsName(token, "value");
        }
        if (token.kind() == STAR && in.previous().kind() == STAR) {
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

    /** Records a new node's height, refusing a tree taller than MAX_DEPTH. */
    private <E extends Expr> E measured(E node, Token at, int tallestChild) {
        if (tallestChild + 1 > Parser.MAX_DEPTH) {
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
        if (++nesting > Parser.MAX_DEPTH) {
            throw tooDeep(at);
        }
    }

    private ParseError tooDeep(Token at) {
        return in.errorEvenIfDamaged(at,
                "expression is nested too deeply (more than " + Parser.MAX_DEPTH + " levels)");
    }

    /** An expression's span including any parentheses around it. */
    private Span outer(Expr expr) {
        return parenthesised.getOrDefault(expr, expr.span());
    }

    private static Ident ident(Token token) {
        return new Ident(token.lexeme(), token.span());
    }

    /** Whether a number is written as an integer: digits only, no '.' or exponent. */
    static boolean isInteger(String number) {
        return number.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static double numberValue(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0; // a malformed number; the lexer has reported it
        }
    }
}
