package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParserErrorTest {

    static Stream<Arguments> oneError() {
        return Stream.of(
            // Expressions.
            arguments("x = a * * b", "1:9: expected an expression, found '*'"),
            arguments("x = f(a b)", "1:9: expected ')' after arguments"),
            arguments("x = [1, 2 3]", "1:11: expected ']' after list elements"),
            arguments("x = (a + b c)", "1:12: expected ')' after expression"),
            arguments("x =", "1:4: expected an expression, found end of file"),
            arguments("x = 1 +\ny = 2", "1:8: expected an expression, found end of line"),
            arguments("x = input + 1", "1:5: expected an expression, found 'input'"),
            arguments("x = [,]", "1:6: expected an expression, found ','"),
            arguments("x = f(k = 1, b)", "1:14: positional argument after keyword argument"),
            arguments("x = a b", "1:7: expected end of line after statement, found 'b'"),
            arguments("x = f(a)(b)", "1:9: expected end of line after statement, found '('"),
            // Statements.
            arguments("h relu(x)", "1:3: expected '=' after name 'h'"),
            arguments("h", "1:2: expected '=' after name 'h'"),
            arguments("+ x", "1:1: expected a statement, found '+'"),
            arguments("3 = x", "1:1: expected a statement, found 3"),
            arguments("train = 3", "1:1: 'train' is a keyword and cannot name a value"),
            arguments("input input: [2]", "1:7: 'input' is a keyword and cannot name a value"),
            arguments("model fn", "1:7: 'fn' is a keyword and cannot name a model"),
            arguments("model", "1:6: expected a model name after 'model', found end of file"),
            arguments("model 3", "1:7: expected a model name after 'model', found 3"),
            arguments("dtype 32",
                    "1:7: expected a dtype such as f32 or f64 after 'dtype', found 32"),
            arguments("output 3 = x", "1:8: expected a name after 'output', found 3"),
            arguments("output o x", "1:10: expected '=' after name 'o'"),
            arguments("const b1 0.35", "1:10: expected '=' after name 'b1'"),
            arguments("const b1: [] 0.35", "1:14: expected '=' after the type of 'b1'"),
            arguments("param 2: [2]", "1:7: expected a name after 'param', found 2"),
            arguments("fn f x = x", "1:6: expected '(' after function name 'f'"),
            arguments("fn f(a, 1) = a", "1:9: expected a parameter name, found 1"),
            arguments("fn f(a, fn) = a", "1:9: 'fn' is a keyword and cannot name a value"),
            arguments("fn f(a b) = a", "1:8: expected ')' after parameters"),
            arguments("fn f(a) a", "1:9: expected '=' after the parameters of 'f'"),
            arguments("fn (a) = a", "1:4: expected a function name after 'fn', found '('"),
            // Types.
            arguments("input x [2]", "1:9: expected ':' and a type after 'x'"),
            arguments("param w", "1:8: expected ':' and a type after 'w'"),
            arguments("input x: int", "1:13: expected '[' after element type 'int', as in int[B]"),
            arguments("input x: = 3", "1:10: expected a type such as [] or [B, 784], found '='"),
            arguments("input x: [2 3]", "1:13: expected ']' after dimensions"),
            arguments("input x: [2.5]",
                    "1:11: dimension must be a non-negative integer or a name, found 2.5"),
            arguments("input x: [-1]",
                    "1:11: dimension must be a non-negative integer or a name, found '-'"),
            arguments("input x: [2,]",
                    "1:13: dimension must be a non-negative integer or a name, found ']'"),
            arguments("input x: [99999999999]",
                    "1:11: dimension 99999999999 is too large: the largest is 2147483647"),
            // The train block.
            arguments("train optimizer = sgd(lr = 1)", "1:7: expected '{' after 'train'"),
            arguments("train { 3 = 1 }", "1:9: expected a setting such as "
                    + "'optimizer = sgd(lr = 0.1)', found 3"),
            arguments("train { a 1 }", "1:11: expected '=' after setting 'a'"),
            arguments("train { a = 1, b = 2 }",
                    "1:14: expected end of line after setting, found ','"),
            arguments("train { input = 1 }", "1:9: 'input' is a keyword and cannot name a setting"),
            arguments("train { a = 1 } b", "1:17: expected end of line after statement, found 'b'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oneError(String source, String expected) {
        assertEquals(List.of(expected), Parsed.parse(source).errors());
    }

    @Test
    void hints() {
        assertEquals("declare it as: input x: [2]", hint("input x [2]"));
        assertEquals("declare it as: param w: int[B, 3]", hint("param w int[B, 3] = 0"));
        assertEquals("declare it as: param w: [2]", hint("param w"));
        assertEquals("write a power as x^2", hint("x = a ** 2"));
        assertEquals("define a function with 'fn': fn f(...) = ...", hint("f(x) = x"));
        assertEquals("'input' is a keyword and cannot name a value", hint("x = input + 1"));
        assertEquals("a value needs a name: write NAME = ...", hint("3 + x"));
        assertEquals("put each setting on a line of its own", hint("train { a = 1, b = 2 }"));
    }

    @Test
    void positionalAfterKeywordPointsAtBoth() {
        Diagnostic d = single("x = f(k = 1, b)");
        assertEquals("b", d.span().text());
        assertEquals("k = 1", d.notes().get(0).span().text());
    }

    @Test
    void missingPieceAtEndOfLinePointsJustAfterTheLastToken() {
        Diagnostic d = single("x = a +   # comment\ny = 1");
        assertEquals(1, d.line());
        assertEquals(8, d.column());
        assertEquals(0, d.span().length());
        assertEquals("""
                test.nn:1:8: error: expected an expression, found end of line
                    1 | x = a +   # comment
                      |        ^
                """, DiagnosticPrinter.render(d));
    }

    @Test
    void trailingJunkKeepsTheStatement() {
        Parsed p = Parsed.parse("x = a b\ny = 2\n");
        assertEquals(1, p.errors().size());
        assertEquals(2, p.statements().size());
    }

    @Test
    void errorsOnThreeLinesAreAllReported() {
        Parsed p = Parsed.parse("""
                model m
                input x [2]
                h = relu(x) +
                y = h
                param w: [2.5]
                loss = sum(y)
                """);
        assertEquals(List.of(
                "2:9: expected ':' and a type after 'x'",
                "3:14: expected an expression, found end of line",
                "5:11: dimension must be a non-negative integer or a name, found 2.5"),
                p.errors());
        assertEquals(List.of("m", "y", "loss"), p.statements().stream().map(ParserErrorTest::name)
                .toList());
    }

    @Test
    void errorsInsideATrainBlockRecoverPerSetting() {
        Parsed p = Parsed.parse("""
                train {
                  optimizer = sgd(lr = )
                  batch = 128
                  epochs 5
                  seed = 42
                }
                x = 1
                """);
        assertEquals(List.of("2:24: expected an expression, found ')'",
                "4:10: expected '=' after setting 'epochs'"), p.errors());
        var train = (Stmt.Train) p.statement(0);
        assertEquals(List.of("batch", "seed"),
                train.settings().stream().map(s -> s.key().name()).toList());
        assertEquals(2, p.statements().size());
    }

    @Test
    void brokenStatementWithBracesSkipsPastThem() {
        Parsed p = Parsed.parse("train x {\n  a = 1\n}\ny = 2\n");
        assertEquals(List.of("1:7: expected '{' after 'train'"), p.errors());
        assertEquals(1, p.statements().size());
    }

    @Test
    void unclosedBracketIsReportedAtTheOpenerAlone() {
        assertEquals(List.of("1:9: '(' was never closed"),
                Parsed.parse("h = relu(x\ny = [1, 2]\nz = f(a +\n").errors());
        assertEquals(List.of("1:5: '[' was never closed"), Parsed.parse("x = [1, 2").errors());
        assertEquals(List.of("1:7: '{' was never closed"),
                Parsed.parse("train {\n  batch = 1\n").errors());
    }

    @Test
    void aStatementKeywordEndsAnUnclosedBracket() {
        Parsed p = Parsed.parse("h = relu(x\ninput y: [2]\nparam p [3]\n");
        assertEquals(List.of("1:9: '(' was never closed",
                "3:9: expected ':' and a type after 'p'"), p.errors());
        assertEquals(1, p.statements().size());
        assertEquals("y", name(p.statement(0)));
    }

    @Test
    void mismatchedClosersAreTheParsersToReport() {
        assertEquals(List.of("1:15: expected ']' after list elements"),
                Parsed.parse("x = f(a, [1, 2)\ny = 1").errors());
        assertEquals(List.of("1:8: expected ')' after arguments"),
                Parsed.parse("x = f(a]\ny = 1").errors());
        assertEquals(List.of("3:1: expected ')' after arguments"),
                Parsed.parse("train {\n  optimizer = sgd(lr = 0.5\n}").errors());
    }

    @Test
    void droppedCharactersSilenceTheirStatement() {
        assertEquals(List.of("1:7: unexpected character '$'"), Parsed.parse("y = a $ b").errors());
        assertEquals(List.of("1:8: unmatched ')'"), Parsed.parse("z = (a)) + b").errors());
        assertEquals(List.of("1:6: unexpected character ';'", "2:4: expected an expression, "
                + "found end of file"), Parsed.parse("x = 1;\ny = ").errors());
    }

    @Test
    void parseErrorsAfterALexerErrorOnAnotherLineAreReported() {
        assertEquals(List.of("1:5: a number must start with a digit: write 0.5",
                "2:3: expected '=' after name 'y'"), Parsed.parse("x = .5\ny 3").errors());
    }

    private static String hint(String source) {
        return single(source).hint();
    }

    private static Diagnostic single(String source) {
        List<Diagnostic> all = Parsed.parse(source).diagnostics();
        assertEquals(1, all.size(), () -> all.toString());
        return all.get(0);
    }

    private static String name(Stmt s) {
        if (s instanceof Stmt.Model m) {
            return m.name().name();
        } else if (s instanceof Stmt.Let l) {
            return l.name().name();
        } else if (s instanceof Stmt.Input i) {
            return i.name().name();
        }
        throw new IllegalArgumentException(s.toString());
    }
}
