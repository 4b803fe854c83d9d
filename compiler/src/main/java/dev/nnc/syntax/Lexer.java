package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the text of a .nn file into tokens.
 *
 * <p>A NEWLINE token ends a statement, so newlines inside parentheses and brackets are not
 * emitted: a call or a nested list may span lines, as in Python. Inside braces (the train block)
 * they are, because there they separate settings. Blank lines give one NEWLINE. Problems are
 * reported to the diagnostics and lexing goes on; the token list always ends in EOF.
 */
public final class Lexer {
    private static final Map<String, TokenKind> KEYWORDS = Map.of(
            "model", MODEL, "dtype", DTYPE, "input", INPUT, "param", PARAM, "const", CONST,
            "fn", FN, "output", OUTPUT, "train", TRAIN, "true", TRUE, "false", FALSE);

    /** Keywords that can only start a statement, never appear inside an expression. */
    private static final Set<TokenKind> STATEMENT_KEYWORDS =
            EnumSet.of(MODEL, DTYPE, INPUT, PARAM, CONST, FN, OUTPUT, TRAIN);

    private final SourceFile file;
    private final String text;
    private final Diagnostics diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    /** Brackets opened and not closed yet, innermost last. */
    private final Deque<Token> open = new ArrayDeque<>();
    private final int[] openCount = new int[TokenKind.values().length];
    /** Offsets of the problems after which the rest of a statement's tokens are suspect. */
    private final NavigableSet<Integer> damage = new TreeSet<>();
    /** The last line break skipped inside brackets since the last token, or null. */
    private Token skippedNewline;
    private int start;
    private int current;

    public static List<Token> scan(SourceFile file, Diagnostics diagnostics) {
        return new Lexer(file, diagnostics).scan();
    }

    Lexer(SourceFile file, Diagnostics diagnostics) {
        this.file = file;
        this.text = file.text();
        this.diagnostics = diagnostics;
    }

    List<Token> scan() {
        while (current < text.length()) {
            start = current;
            scanToken();
        }
        if (!open.isEmpty()) {
            neverClosed(open.size());
        }
        tokens.add(new Token(EOF, "", new Span(file, text.length(), 0)));
        return tokens;
    }

    /**
     * Offsets of the reported problems that damage the token stream: a bracket never closed
     * (the rest of the file became one statement), a character dropped. The parser stays quiet
     * about the rest of a statement after one of them, as its errors there would be noise.
     */
    NavigableSet<Integer> damage() {
        return Collections.unmodifiableNavigableSet(damage);
    }

    private void scanToken() {
        char c = text.charAt(current++);
        switch (c) {
            case ' ', '\t' -> { }
            case '\r' -> {
                match('\n');
                lineBreak();
            }
            case '\n' -> lineBreak();
            case '#' -> {
                while (current < text.length() && peek() != '\n' && peek() != '\r') {
                    current++;
                }
            }
            case '(' -> opening(LEFT_PAREN);
            case '[' -> opening(LEFT_BRACKET);
            case '{' -> opening(LEFT_BRACE);
            case ')' -> closing(RIGHT_PAREN, LEFT_PAREN);
            case ']' -> closing(RIGHT_BRACKET, LEFT_BRACKET);
            case '}' -> closing(RIGHT_BRACE, LEFT_BRACE);
            case ',' -> add(COMMA);
            case ':' -> add(COLON);
            case '=' -> add(EQUAL);
            case '+' -> add(PLUS);
            case '-' -> add(MINUS);
            case '*' -> add(STAR);
            case '/' -> add(SLASH);
            case '^' -> add(CARET);
            case '@' -> add(AT);
            default -> {
                if (isDigit(c) || (c == '.' && isDigit(peek()))) {
                    number();
                } else if (isNameStart(c)) {
                    name();
                } else {
                    unexpected();
                }
            }
        }
    }

    private void lineBreak() {
        if (insideBrackets()) {
            skippedNewline = token(NEWLINE);
        } else if (!tokens.isEmpty() && last().kind() != NEWLINE) {
            add(NEWLINE);
        }
    }

    private boolean insideBrackets() {
        return !open.isEmpty() && open.peekLast().kind() != LEFT_BRACE;
    }

    private void opening(TokenKind kind) {
        open.addLast(add(kind));
        openCount[kind.ordinal()]++;
    }

    private Token closeInnermost() {
        Token opener = open.removeLast();
        openCount[opener.kind().ordinal()]--;
        return opener;
    }

    private void closing(TokenKind kind, TokenKind opener) {
        boolean closesSomething = openCount[opener.ordinal()] > 0;
        boolean mismatchedPair = kind != RIGHT_BRACE && insideBrackets();
        if (!closesSomething && !mismatchedPair) {
            error(span(), "unmatched '" + lexeme() + "'");
            damage.add(start);
            return;
        }
        // Brackets left open inside the one this closes, or a '(' closed by ']', are the
        // parser's to report: it knows which closer it expected there.
        if (closesSomething) {
            while (closeInnermost().kind() != opener) { }
        } else {
            closeInnermost();
        }
        add(kind);
    }

    private void number() {
        String problem = null;
        digits();
        if (text.charAt(start) == '.') {
            problem = "a number must start with a digit: write 0" + lexeme();
        } else if (peek() == '.') {
            current++;
            if (!isDigit(peek())) {
                problem = "a number cannot end with '.': write " + lexeme() + "0";
            }
            digits();
        }
        boolean badExponent = false;
        if (peek() == 'e' || peek() == 'E') {
            current++;
            if (peek() == '+' || peek() == '-') {
                current++;
            }
            badExponent = !isDigit(peek());
            digits();
        }
        int suffix = current;
        while (isNameChar(peek())) {
            current++;
        }
        if (problem != null) {
            error(span(), problem);
        } else if (badExponent) {
            diagnostics.report(Diagnostic.error(span(),
                    "malformed exponent in number '" + lexeme() + "'")
                    .withHint("an exponent needs digits, as in 1e-8 or 2.5E+3"));
        } else if (suffix < current) {
            String number = text.substring(start, suffix);
            String name = text.substring(suffix, current);
            diagnostics.report(Diagnostic.error(span(),
                    "invalid suffix '" + name + "' on number '" + number + "'")
                    .withHint("to multiply, write " + number + " * " + name));
        } else if (Double.isInfinite(Double.parseDouble(lexeme()))) {
            error(span(), "number '" + lexeme() + "' is too large: the largest is about 1.8e308");
        }
        add(NUMBER);
    }

    private void digits() {
        while (isDigit(peek())) {
            current++;
        }
    }

    private void name() {
        while (isNameChar(peek())) {
            current++;
        }
        TokenKind kind = KEYWORDS.getOrDefault(lexeme(), IDENTIFIER);
        if (STATEMENT_KEYWORDS.contains(kind) && skippedNewline != null && insideBrackets()) {
            // A line inside brackets starts with a statement keyword: a bracket before it was
            // never closed. End that statement here rather than swallow the rest of the file.
            Token newline = skippedNewline;
            neverClosed(bracketsInsideBraces());
            tokens.add(newline);
        }
        add(kind);
    }

    /** How many of the open brackets, innermost first, are '(' or '[' before a '{'. */
    private int bracketsInsideBraces() {
        int count = 0;
        for (var it = open.descendingIterator(); it.hasNext(); count++) {
            if (it.next().kind() == LEFT_BRACE) {
                break;
            }
        }
        return count;
    }

    /** Closes the innermost {@code count} open brackets, reporting the outermost of them. */
    private void neverClosed(int count) {
        Token outermost = null;
        for (int i = 0; i < count; i++) {
            outermost = closeInnermost();
            damage.add(outermost.span().offset());
        }
        error(outermost.span(), "'" + outermost.lexeme() + "' was never closed");
    }

    private void unexpected() {
        int codePoint = text.codePointAt(start);
        current = start + Character.charCount(codePoint);
        Diagnostic d = Diagnostic.error(span(), "unexpected character " + describe(codePoint));
        if (codePoint == ';') {
            d = d.withHint("statements end at the end of a line; no ';' is needed");
        } else if (Character.isLetter(codePoint)) {
            d = d.withHint("names use only the ASCII letters, digits and '_'");
        }
        diagnostics.report(d);
        damage.add(start);
    }

    /** A character as a diagnostic shows it: quoted if visible, else as U+0007. */
    private static String describe(int codePoint) {
        int type = Character.getType(codePoint);
        boolean invisible = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint) || type == Character.FORMAT
                || type == Character.UNASSIGNED || type == Character.SURROGATE
                || type == Character.PRIVATE_USE;
        return invisible
                ? String.format("U+%04X", codePoint)
                : "'" + new String(Character.toChars(codePoint)) + "'";
    }

    private Token add(TokenKind kind) {
        Token token = token(kind);
        tokens.add(token);
        skippedNewline = null;
        return token;
    }

    private Token token(TokenKind kind) {
        return new Token(kind, lexeme(), span());
    }

    private Token last() {
        return tokens.get(tokens.size() - 1);
    }

    private String lexeme() {
        return text.substring(start, current);
    }

    private Span span() {
        return new Span(file, start, current - start);
    }

    private void error(Span span, String message) {
        diagnostics.error(span, message);
    }

    private boolean match(char expected) {
        if (peek() != expected) {
            return false;
        }
        current++;
        return true;
    }

    private char peek() {
        return current < text.length() ? text.charAt(current) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
