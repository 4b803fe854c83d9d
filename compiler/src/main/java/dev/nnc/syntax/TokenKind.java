package dev.nnc.syntax;

/** The kinds of token in a .nn file. */
public enum TokenKind {
    // Single characters.
    LEFT_PAREN("'('"), RIGHT_PAREN("')'"), LEFT_BRACKET("'['"), RIGHT_BRACKET("']'"),
    LEFT_BRACE("'{'"), RIGHT_BRACE("'}'"), COMMA("','"), COLON("':'"), EQUAL("'='"),
    PLUS("'+'"), MINUS("'-'"), STAR("'*'"), SLASH("'/'"), CARET("'^'"), AT("'@'"),

    // Literals and names.
    IDENTIFIER("a name"), NUMBER("a number"),

    // Keywords: reserved, they cannot name a value.
    MODEL("'model'"), DTYPE("'dtype'"), INPUT("'input'"), PARAM("'param'"), CONST("'const'"),
    FN("'fn'"), OUTPUT("'output'"), TRAIN("'train'"), TRUE("'true'"), FALSE("'false'"),

    /** Ends a statement. Not produced inside parentheses or brackets. */
    NEWLINE("end of line"),
    EOF("end of file");

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    /** How diagnostics name this kind: "expected ')'". */
    public String description() {
        return description;
    }
}
