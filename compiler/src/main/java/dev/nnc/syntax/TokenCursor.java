package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import java.util.EnumSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;

/**
 * A parser's place in the tokens of a file: the small helpers recursive descent reads tokens
 * with ({@code match}, {@code consume}, {@code check}, {@code advance}, {@code peek}), and the
 * reporting of syntax errors and recovery from them.
 */
final class TokenCursor {
    static final Set<TokenKind> KEYWORDS =
            EnumSet.of(MODEL, DTYPE, INPUT, PARAM, CONST, FN, OUTPUT, TRAIN, TRUE, FALSE);

    /** Unwinds a statement after its error has been reported. */
    static final class ParseError extends RuntimeException {
        ParseError() {
            super(null, null, false, false);
        }
    }

    private final SourceFile file;
    private final List<Token> tokens;
    /** Where the lexer's problems leave the tokens after them suspect; see Lexer.damage(). */
    private final NavigableSet<Integer> damage;
    private final Diagnostics diagnostics;
    private int current;
    /** Index of the first token of the statement or setting being parsed. */
    private int statementStart;

    TokenCursor(SourceFile file, List<Token> tokens, NavigableSet<Integer> damage,
            Diagnostics diagnostics) {
        this.file = file;
        this.tokens = tokens;
        this.damage = damage;
        this.diagnostics = diagnostics;
    }

    SourceFile file() {
        return file;
    }

    // Reading tokens.

    Token peek() {
        return tokens.get(current);
    }

    /** The token {@code ahead} places after the current one, or EOF past the end. */
    Token peek(int ahead) {
        return tokens.get(Math.min(current + ahead, tokens.size() - 1));
    }

    Token previous() {
        return tokens.get(current - 1);
    }

    Token advance() {
        if (!isAtEnd()) {
            current++;
        }
        return previous();
    }

    boolean isAtEnd() {
        return peek().kind() == EOF;
    }

    boolean check(TokenKind kind) {
        return peek().kind() == kind;
    }

    boolean checkNext(TokenKind kind) {
        return peek(1).kind() == kind;
    }

    boolean match(TokenKind... kinds) {
        for (TokenKind kind : kinds) {
            if (check(kind)) {
                advance();
                return true;
            }
        }
        return false;
    }

    Token consume(TokenKind kind, String message) {
        if (check(kind)) {
            return advance();
        }
        throw error(peek(), message);
    }

    void skipNewlines() {
        while (match(NEWLINE)) { }
    }

    /** The span from a statement's or node's first token to the last token consumed. */
    Span spanFrom(Token first) {
        return first.span().to(previous().span());
    }

    // Statements and errors.

    /** Marks the current token as the start of a statement or setting. */
    void startStatement() {
        statementStart = current;
    }

    int statementStart() {
        return statementStart;
    }

    /** Back in a statement that started at {@code start}, after the settings inside it. */
    void resumeStatement(int start) {
        statementStart = start;
    }

    ParseError error(Token found, String message) {
        return error(found, message, null);
    }

    ParseError error(Token found, String message, String hint) {
        return error(found, Diagnostic.error(spanOf(found), message).withHint(hint));
    }

    /**
     * Reports unless the lexer reported a problem earlier in this statement, such as a bracket
     * never closed: what follows it is damaged, and errors there would be noise.
     */
    ParseError error(Token found, Diagnostic diagnostic) {
        Integer problem = damage.ceiling(tokens.get(statementStart).span().offset());
        if (problem == null || problem > found.span().offset()) {
            diagnostics.report(diagnostic);
        }
        return new ParseError();
    }

    /** Reports even in a damaged statement, for an error that no damage can cause. */
    ParseError errorEvenIfDamaged(Token at, String message) {
        diagnostics.error(at.span(), message);
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

    /**
     * Skips the rest of a broken statement: up to its end of line, past any braces it opened.
     * In a train block a setting also ends at the block's '}'.
     */
    void synchronize(boolean inTrainBlock) {
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

    /** How a "found ..." message names a token: a number as written, else its kind. */
    static String describe(Token token) {
        return switch (token.kind()) {
            case NUMBER -> token.lexeme();
            case IDENTIFIER -> "'" + token.lexeme() + "'";
            default -> token.kind().description();
        };
    }

    static String keywordAsName(Token keyword, String what) {
        return "'" + keyword.lexeme() + "' is a keyword and cannot name a " + what;
    }
}
