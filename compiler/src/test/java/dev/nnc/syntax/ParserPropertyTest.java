package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.Diagnostic;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the input, the parser returns, and every position it reports is in the file. */
class ParserPropertyTest {

    /** Tokens, fragments of real statements, separators and characters that are wrong. */
    private static final List<String> PIECES = List.of(
            "(", ")", "[", "]", "{", "}", ",", ":", "=", "+", "-", "*", "/", "^", "@",
            "model", "dtype", "input", "param", "const", "fn", "output", "train", "true", "false",
            "x", "W1", "loss", "sgd", "lr", "int", "B",
            "0", "3", "0.05", "1e-8", "2.5E+3", ".5", "3.", "1e", "2x", "1e999", "99999999999",
            " ", " ", " ", "\n", "\n", "\r\n", "\r", "\t", "# note\n",
            "$", ";", "!", "é", "\u0007", "\uD83D\uDE00", "\uD800", "\u00a0",
            "x = ", "input x: [2] = ", "param W: [B, 784] = ", "const c = ", "fn f(a, b) = ",
            "output o = ", "train {\n", "  optimizer = sgd(lr = 0.5)\n", "}\n",
            "f(", "k = ", "[[1, 2], [3, 4]]", "-x^2", "a @ b + c");

    @Provide
    Arbitrary<String> soup() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(pieces -> String.join("", pieces));
    }

    @Property(tries = 3000)
    void tokenSoupNeverThrowsAndReportsInsideTheFile(@ForAll("soup") String text) {
        check(text);
    }

    @Property(tries = 1000)
    void anyStringNeverThrows(@ForAll String text) {
        check(text);
    }

    private static void check(String text) {
        Parsed parsed = Parsed.parse(text);
        for (Diagnostic d : parsed.diagnostics()) {
            assertTrue(inside(d.span(), text), () -> d + " in " + text);
            d.notes().forEach(n -> assertTrue(inside(n.span(), text), () -> d + " in " + text));
        }
        for (Stmt s : parsed.statements()) {
            assertTrue(inside(s.span(), text), () -> s + " in " + text);
            if (s instanceof Stmt.Let let) {
                assertTrue(ParserDepthTest.height(let.value()) <= Parser.MAX_DEPTH);
            }
        }
    }

    private static boolean inside(Span span, String text) {
        return span.offset() >= 0 && span.end() <= text.length();
    }
}
