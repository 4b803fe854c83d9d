package dev.nnc.syntax;

import static dev.nnc.syntax.TokenKind.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LexerTest {

    @Test
    void punctuationKeywordsAndNames() {
        assertEquals(List.of(LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, LEFT_BRACE,
                RIGHT_BRACE, COMMA, COLON, EQUAL, PLUS, MINUS, STAR, SLASH, CARET, AT, EOF),
                kinds("()[]{},:=+-*/^@"));
        assertEquals(List.of(MODEL, DTYPE, INPUT, PARAM, CONST, FN, OUTPUT, TRAIN, TRUE, FALSE,
                IDENTIFIER, IDENTIFIER, IDENTIFIER, EOF),
                kinds("model dtype input param const fn output train true false _x W1 inputs"));
    }

    @Test
    void tokensCarryTheirTextAndPlace() {
        List<Token> tokens = scan("h = W1 @ x\n  y2").tokens;
        assertEquals(List.of("h", "=", "W1", "@", "x", "\n", "y2", ""),
                tokens.stream().map(Token::lexeme).toList());
        Token y2 = tokens.get(6);
        assertEquals(2, y2.span().line());
        assertEquals(3, y2.span().column());
        assertEquals(2, y2.span().length());
        assertEquals(new Span(y2.span().file(), 15, 0), tokens.get(7).span());
    }

    @ParameterizedTest
    @CsvSource({"3", "0.05", "1e-8", "2.5E+3", "007", "1e10", "12.5e3"})
    void numbers(String number) {
        Scanned s = scan(number);
        assertEquals(List.of(), s.diagnostics);
        assertEquals(new Token(NUMBER, number, s.tokens.get(0).span()), s.tokens.get(0));
        assertEquals(number.length(), s.tokens.get(0).span().length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x = .5     | 1:5: a number must start with a digit: write 0.5",
        "x = 3.     | 1:5: a number cannot end with '.': write 3.0",
        "x = 1e     | 1:5: malformed exponent in number '1e'",
        "x = 1e+ 2  | 1:5: malformed exponent in number '1e+'",
        "x = 1ex    | 1:5: malformed exponent in number '1ex'",
        "x = 2x     | 1:5: invalid suffix 'x' on number '2'",
        "x = 1e999  | 1:5: number '1e999' is too large: the largest is about 1.8e308",
        "x = a $ b  | 1:7: unexpected character '$'",
        "x = !a     | 1:5: unexpected character '!'",
        "x = a;     | 1:6: unexpected character ';'",
        "x = .      | 1:5: unexpected character '.'",
        "x = é      | 1:5: unexpected character 'é'",
        "x = (a))   | 1:8: unmatched ')'",
        "x = a]     | 1:6: unmatched ']'",
        "}          | 1:1: unmatched '}'",
        "x = f(a    | 1:6: '(' was never closed",
    })
    void errors(String source, String expected) {
        Scanned s = scan(source);
        assertEquals(List.of(expected), s.errors());
        assertEquals(EOF, s.tokens.get(s.tokens.size() - 1).kind());
    }

    @Test
    void malformedNumbersStillGiveANumberToken() {
        assertEquals(List.of(IDENTIFIER, EQUAL, NUMBER, PLUS, NUMBER, EOF), kinds("x = .5 + 1e"));
        assertEquals(".5", scan(".5").tokens.get(0).lexeme());
        assertEquals("2x", scan("2x").tokens.get(0).lexeme());
    }

    @Test
    void invisibleCharactersArePrintedAsCodePoints() {
        assertEquals(List.of("1:3: unexpected character U+0007"), scan("a \u0007 b").errors());
        assertEquals(List.of("1:2: unexpected character U+00A0"), scan("a\u00a0b").errors());
        assertEquals(List.of("1:2: unexpected character U+000C"), scan("a\fb").errors());
        assertEquals(List.of("1:2: unexpected character U+200B"), scan("a\u200bb").errors());
        // A character outside the BMP is one error spanning both of its chars.
        Scanned emoji = scan("a\uD83D\uDE00b");
        assertEquals(List.of("1:2: unexpected character '\uD83D\uDE00'"), emoji.errors());
        assertEquals(2, emoji.diagnostics.get(0).span().length());
        assertEquals(List.of("1:2: unexpected character U+D800"), scan("a\uD800b").errors());
    }

    @Test
    void unexpectedCharactersAreSkipped() {
        assertEquals(List.of(IDENTIFIER, IDENTIFIER, EOF), kinds("a $$ b"));
        assertEquals(2, scan("a $$ b").diagnostics.size());
    }

    @Test
    void hintsForCommonSlips() {
        assertEquals("statements end at the end of a line; no ';' is needed",
                scan("x = 1;").diagnostics.get(0).hint());
        assertEquals("names use only the ASCII letters, digits and '_'",
                scan("café = 1").diagnostics.get(0).hint());
        assertEquals("to multiply, write 2 * x", scan("2x").diagnostics.get(0).hint());
    }

    @Test
    void commentsRunToEndOfLine() {
        assertEquals(List.of(IDENTIFIER, NEWLINE, IDENTIFIER, EOF), kinds("a # b c ( [\nd"));
        assertEquals(List.of(IDENTIFIER, EOF), kinds("a # no newline at the end"));
    }

    @Test
    void lineTerminatorsAndBlankLines() {
        assertEquals(List.of(IDENTIFIER, NEWLINE, IDENTIFIER, NEWLINE, IDENTIFIER, NEWLINE, EOF),
                kinds("a\nb\r\nc\r"));
        assertEquals("\r\n", scan("a\r\nb").tokens.get(1).lexeme());
        // Blank lines, comment lines and leading newlines give at most one NEWLINE.
        assertEquals(List.of(IDENTIFIER, NEWLINE, IDENTIFIER, EOF),
                kinds("\n\n# top\na\n\n  # c\n\t\r\n\rb"));
    }

    @Test
    void newlinesInsideParenthesesAndBracketsAreNotTokens() {
        assertEquals(List.of(IDENTIFIER, LEFT_PAREN, IDENTIFIER, COMMA, LEFT_BRACKET, NUMBER,
                COMMA, NUMBER, RIGHT_BRACKET, RIGHT_PAREN, NEWLINE, IDENTIFIER, EOF),
                kinds("f(a,\n  [1,\n\n 2]\n)\nb"));
    }

    @Test
    void newlinesInsideBracesAreTokens() {
        assertEquals(List.of(TRAIN, LEFT_BRACE, NEWLINE, IDENTIFIER, EQUAL, IDENTIFIER, LEFT_PAREN,
                IDENTIFIER, EQUAL, NUMBER, RIGHT_PAREN, NEWLINE, RIGHT_BRACE, EOF),
                kinds("train {\n  o = sgd(\n lr = 1)\n}"));
    }

    @Test
    void aClosingBracketClosesThoseOpenedInsideIt() {
        // The ']' missing before ')' is the parser's to report; newlines count again after ')'.
        Scanned s = scan("f([1, 2)\nb");
        assertEquals(List.of(), s.diagnostics);
        assertEquals(NEWLINE, s.tokens.get(7).kind());
    }

    @Test
    void unclosedBracketsAreReportedOnceAtTheOutermost() {
        assertEquals(List.of("1:6: '(' was never closed"), scan("x = f([1,\n(2").errors());
        assertEquals(List.of("1:7: '{' was never closed"), scan("train { a = f(").errors());
    }

    @Test
    void aStatementKeywordOnANewLineClosesOpenBrackets() {
        Scanned s = scan("h = f(x, [1\nparam w: [2]");
        assertEquals(List.of("1:6: '(' was never closed"), s.errors());
        assertEquals(List.of(IDENTIFIER, EQUAL, IDENTIFIER, LEFT_PAREN, IDENTIFIER, COMMA,
                LEFT_BRACKET, NUMBER, NEWLINE, PARAM, IDENTIFIER, COLON, LEFT_BRACKET, NUMBER,
                RIGHT_BRACKET, EOF), s.kinds());
    }

    @Test
    void scanAlwaysEndsInEof() {
        assertEquals(List.of(EOF), kinds(""));
        assertEquals(List.of(EOF), kinds("  \t "));
        assertEquals(List.of(EOF), kinds("$"));
    }

    private record Scanned(List<Token> tokens, List<Diagnostic> diagnostics) {
        List<String> errors() {
            return diagnostics.stream().map(d -> d.line() + ":" + d.column() + ": " + d.message())
                    .toList();
        }

        List<TokenKind> kinds() {
            return tokens.stream().map(Token::kind).toList();
        }
    }

    private static Scanned scan(String text) {
        Diagnostics diagnostics = new Diagnostics();
        List<Token> tokens = Lexer.scan(new SourceFile("test.nn", text), diagnostics);
        return new Scanned(tokens, diagnostics.all());
    }

    private static List<TokenKind> kinds(String text) {
        return scan(text).kinds();
    }
}
