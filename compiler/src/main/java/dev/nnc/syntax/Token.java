package dev.nnc.syntax;

/** One token: its kind, its text as written, and where it is. */
public record Token(TokenKind kind, String lexeme, Span span) {

    @Override
    public String toString() {
        return kind + (lexeme.isEmpty() ? "" : " '" + lexeme + "'") + " at " + span;
    }
}
