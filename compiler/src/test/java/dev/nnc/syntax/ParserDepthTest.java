package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParserDepthTest {
    static final int MAX = Parser.MAX_DEPTH;
    static final String TOO_DEEP = "expression is nested too deeply (more than 256 levels)";

    /** Each shape nested {@code n} levels deep, as the value of {@code x = ...}. */
    static String nested(String shape, int n) {
        return switch (shape) {
            case "negate" -> "-".repeat(n) + "a";
            case "sum" -> "a" + " + a".repeat(n);
            case "power" -> "a^".repeat(n) + "a";
            case "call" -> "f(".repeat(n) + "a" + ")".repeat(n);
            case "list" -> "[".repeat(n) + "a" + "]".repeat(n);
            case "parens" -> "(".repeat(n) + "a" + ")".repeat(n);
            case "mixed" -> "[-f(".repeat(n / 3) + "a" + ")]".repeat(n / 3);
            default -> throw new IllegalArgumentException(shape);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"negate", "sum", "power", "call", "list", "parens"})
    void theLimitItselfParses(String shape) {
        Parsed p = Parsed.parse("x = " + nested(shape, MAX));
        assertEquals(List.of(), p.diagnostics());
        assertTrue(height(((Stmt.Let) p.statement(0)).value()) <= MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"negate", "sum", "power", "call", "list", "parens"})
    void oneLevelMoreIsReportedOnceAndTheNextLineParses(String shape) {
        Parsed p = Parsed.parse("x = " + nested(shape, MAX + 1) + "\ny = 1\n");
        assertEquals(List.of(TOO_DEEP), p.diagnostics().stream().map(d -> d.message()).toList());
        assertEquals(1, p.statements().size());
        assertEquals("y", ((Stmt.Let) p.statement(0)).name().name());
    }

    @Test
    void theErrorPointsWhereTheLimitIsCrossed() {
        var d = Parsed.parse("x = " + nested("sum", MAX + 10)).diagnostics().get(0);
        assertEquals("+", d.span().text());
        assertEquals(4 + 1 + 4 * MAX + 2, d.column()); // the (MAX + 1)th '+'
        var neg = Parsed.parse("x = " + nested("negate", MAX + 10)).diagnostics().get(0);
        assertEquals(4 + MAX + 1, neg.column()); // the (MAX + 1)th '-'
    }

    @Test
    void mixedNestingCountsEveryLevel() {
        assertEquals(List.of(), Parsed.parse("x = " + nested("mixed", MAX - 1)).diagnostics());
        assertEquals(TOO_DEEP,
                Parsed.parse("x = " + nested("mixed", MAX + 3)).diagnostics().get(0).message());
    }

    @Test
    void wideIsFine() {
        String list = IntStream.range(0, 100_000).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        Parsed wide = Parsed.parse("x = [" + list + "]");
        assertEquals(List.of(), wide.diagnostics());
        assertEquals(100_000, ((Expr.ListLit) ((Stmt.Let) wide.statement(0)).value())
                .elements().size());

        Parsed many = Parsed.parse("x0 = 1\n" + IntStream.range(1, 20_000)
                .mapToObj(i -> "x" + i + " = x" + (i - 1) + " + 1\n").collect(Collectors.joining()));
        assertEquals(List.of(), many.diagnostics());
        assertEquals(20_000, many.statements().size());
    }

    /** Huge inputs on a small stack: diagnostics, never a StackOverflowError. */
    @ParameterizedTest
    @ValueSource(strings = {"(", "[", "-", "f(", "a+", "a^", "[-", "{", ")", "]"})
    void hundredThousandInARowOnA512KbStack(String unit) throws InterruptedException {
        String text = "x = " + unit.repeat(100_000);
        Throwable[] thrown = new Throwable[1];
        Parsed[] parsed = new Parsed[1];
        Thread thread = new Thread(null, () -> {
            try {
                parsed[0] = Parsed.parse(text);
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "t", 512 * 1024);
        thread.start();
        thread.join();
        assertNull(thrown[0]);
        assertTrue(!parsed[0].diagnostics().isEmpty(), unit);
    }

    @Test
    void balancedButDeepOnA512KbStack() throws InterruptedException {
        for (String shape : List.of("parens", "list", "call", "negate")) {
            String text = "x = " + nested(shape, 100_000);
            Throwable[] thrown = new Throwable[1];
            Parsed[] parsed = new Parsed[1];
            Thread thread = new Thread(null, () -> {
                try {
                    parsed[0] = Parsed.parse(text);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            }, "t", 512 * 1024);
            thread.start();
            thread.join();
            assertNull(thrown[0]);
            assertEquals(List.of(TOO_DEEP),
                    parsed[0].diagnostics().stream().map(d -> d.message()).toList());
        }
    }

    /** Height as the parser counts it: Binary, Negate, Call and ListLit nodes on a path. */
    static int height(Expr e) {
        if (e instanceof Expr.Binary b) {
            return 1 + Math.max(height(b.left()), height(b.right()));
        } else if (e instanceof Expr.Negate n) {
            return 1 + height(n.operand());
        } else if (e instanceof Expr.Call c) {
            return 1 + c.args().stream().mapToInt(a -> height(a.value())).max().orElse(0);
        } else if (e instanceof Expr.ListLit l) {
            return 1 + l.elements().stream().mapToInt(ParserDepthTest::height).max().orElse(0);
        }
        return 0;
    }
}
