package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    // The examples of /work/shared/LANGUAGE.md, verbatim: the language's contract.

    static final String MAZUR = """
            # mazur.nn: the worked example from "A Step by Step Backpropagation Example"
            model mazur
            dtype f64

            input  x: [2] = [0.05, 0.10]
            input  t: [2] = [0.01, 0.99]

            param  W1: [2, 2] = [[0.15, 0.20], [0.25, 0.30]]
            const  b1 = 0.35                  # frozen: no gradient, never updated
            param  W2: [2, 2] = [[0.40, 0.45], [0.50, 0.55]]
            const  b2 = 0.60

            h = sigmoid(W1 @ x + b1)
            output o = sigmoid(W2 @ h + b2)
            loss = sum(0.5 * (t - o)^2)

            train {
              optimizer = sgd(lr = 0.5)
            }
            """;

    static final String FASHION = """
            model fashion_mlp             # dtype defaults to f32

            input x: [B, 784]             # B: a symbolic dimension, fixed when a batch arrives
            input y: int[B]               # integer class labels

            param W1: [784, 256] = he_uniform
            param b1: [256]      = zeros
            param W2: [256, 10]  = he_uniform
            param b2: [10]       = zeros

            fn dense(v, W, b) = v @ W + b

            h = relu(dense(x, W1, b1))
            output logits = dense(h, W2, b2)
            loss = mean(cross_entropy(logits, y))

            train {
              optimizer = adam(lr = 0.001)
              batch = 128
              epochs = 5
              seed = 42
            }
            """;

    static final String SECOND_ORDER = """
            model second_order
            dtype f64
            input x: [] = 0.5
            y   = tanh(x)
            dy  = grad(y, x)              # dy/dx as a graph value: 1 - tanh(x)^2
            d2y = grad(dy, x)             # second derivative
            loss = y
            """;

    static final String ADVERSARIAL = """
            x_adv = x + 0.1 * sign(grad(loss, x))
            """;

    @Test
    void mazurParses() {
        Parsed p = Parsed.parse(MAZUR);
        assertEquals(List.of(), p.diagnostics());
        assertEquals(List.of("Model", "Dtype", "Input", "Input", "Param", "Const", "Param",
                "Const", "Let", "Let", "Let", "Train"), kinds(p));

        var w1 = (Stmt.Param) p.statement(4);
        assertEquals("W1", w1.name().name());
        assertEquals(List.of(2, 2), w1.type().dims().stream()
                .map(d -> ((TypeExpr.Size) d).value()).toList());
        assertEquals("[[0.15, 0.2], [0.25, 0.3]]", ExprPrinter.print(w1.init()));

        var b1 = (Stmt.Const) p.statement(5);
        assertNull(b1.type());
        assertEquals(new Expr.Number(0.35, false, b1.value().span()), b1.value());

        var output = (Stmt.Let) p.statement(9);
        assertTrue(output.output());
        assertEquals("sigmoid(((W2 @ h) + b2))", ExprPrinter.print(output.value()));
        assertEquals("sum((0.5 * ((t - o) ^ 2)))",
                ExprPrinter.print(((Stmt.Let) p.statement(10)).value()));

        var train = (Stmt.Train) p.statement(11);
        assertEquals(1, train.settings().size());
        assertEquals("optimizer", train.settings().get(0).key().name());
        assertEquals("sgd(lr = 0.5)", ExprPrinter.print(train.settings().get(0).value()));
    }

    @Test
    void fashionParses() {
        Parsed p = Parsed.parse(FASHION);
        assertEquals(List.of(), p.diagnostics());
        assertEquals(List.of("Model", "Input", "Input", "Param", "Param", "Param", "Param", "Fn",
                "Let", "Let", "Let", "Train"), kinds(p));

        var x = (Stmt.Input) p.statement(1);
        assertNull(x.type().element());
        assertEquals("B", ((TypeExpr.Symbol) x.type().dims().get(0)).name());
        assertEquals(784, ((TypeExpr.Size) x.type().dims().get(1)).value());
        assertNull(x.init());

        var y = (Stmt.Input) p.statement(2);
        assertEquals("int", y.type().element().name());
        assertEquals("int[B]", y.type().span().text());

        var w1 = (Stmt.Param) p.statement(3);
        assertEquals("he_uniform", ((Expr.Name) w1.init()).name());

        var dense = (Stmt.Fn) p.statement(7);
        assertEquals(List.of("v", "W", "b"), dense.params().stream().map(Ident::name).toList());
        assertEquals("((v @ W) + b)", ExprPrinter.print(dense.body()));

        var train = (Stmt.Train) p.statement(11);
        assertEquals(List.of("optimizer", "batch", "epochs", "seed"),
                train.settings().stream().map(s -> s.key().name()).toList());
        assertEquals(new Expr.Number(128, true, train.settings().get(1).value().span()),
                train.settings().get(1).value());
    }

    @Test
    void secondOrderParses() {
        Parsed p = Parsed.parse(SECOND_ORDER);
        assertEquals(List.of(), p.diagnostics());
        assertEquals(List.of("Model", "Dtype", "Input", "Let", "Let", "Let", "Let"), kinds(p));
        var x = (Stmt.Input) p.statement(2);
        assertEquals(List.of(), x.type().dims());
        assertEquals("grad(dy, x)", ExprPrinter.print(((Stmt.Let) p.statement(5)).value()));
    }

    @Test
    void adversarialLineParses() {
        Parsed p = Parsed.parse(ADVERSARIAL);
        assertEquals(List.of(), p.diagnostics());
        assertEquals("(x + (0.1 * sign(grad(loss, x))))",
                ExprPrinter.print(((Stmt.Let) p.statement(0)).value()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a + b * c   | (a + (b * c))",
        "-x^2        | (-(x ^ 2))",
        "2^3^2       | (2 ^ (3 ^ 2))",
        "a @ b + c   | ((a @ b) + c)",
        "a - b - c   | ((a - b) - c)",
        "a / b * c   | ((a / b) * c)",
        "-a @ b      | ((-a) @ b)",
        "x^-1        | (x ^ (-1))",
        "2^-3^2      | (2 ^ (-(3 ^ 2)))",
        "--a         | (-(-a))",
        "a * -b      | (a * (-b))",
        "(a + b) * c | ((a + b) * c)",
        "f(a)^2      | (f(a) ^ 2)",
        "a - -b * c  | (a - ((-b) * c))",
        "a @ b @ c   | ((a @ b) @ c)",
        "x^(a + b)   | (x ^ (a + b))",
    })
    void precedence(String source, String grouped) {
        assertEquals(grouped, ExprPrinter.print(Parsed.expression(source)));
    }

    @Test
    void literalsAndCalls() {
        assertEquals("[]", ExprPrinter.print(Parsed.expression("[]")));
        assertEquals("[1, 2]", ExprPrinter.print(Parsed.expression("[1, 2,]")));
        assertEquals("[true, false]", ExprPrinter.print(Parsed.expression("[true, false]")));
        assertEquals("f()", ExprPrinter.print(Parsed.expression("f()")));
        assertEquals("softmax(z, axis = (-1))",
                ExprPrinter.print(Parsed.expression("softmax(z, axis = -1,)")));
        assertEquals("[[1, 2], [3, 4]]",
                ExprPrinter.print(Parsed.expression("[[1, 2],\n   [3, 4]]")));

        var n = (Expr.Number) Parsed.expression("2.5E+3");
        assertEquals(2500.0, n.value());
        assertFalse(n.integer());
        assertEquals(1e-8, ((Expr.Number) Parsed.expression("1e-8")).value());
        assertTrue(((Expr.Number) Parsed.expression("3")).integer());
    }

    @Test
    void binarySpanCoversItsOperands() {
        var sum = (Expr.Binary) Parsed.expression("a * (b + c)");
        assertEquals("a * (b + c)", sum.span().text());
        assertEquals("*", sum.opSpan().text());
        assertEquals(7, sum.opSpan().column());
        // A parenthesised expression keeps its own span; its parent's span includes the parens.
        assertEquals("b + c", sum.right().span().text());
    }

    @Test
    void spansOfStatementsAndNodes() {
        Parsed p = Parsed.parse(MAZUR);
        var h = (Stmt.Let) p.statement(8);
        assertEquals("h = sigmoid(W1 @ x + b1)", h.span().text());
        assertEquals(13, h.span().line());
        assertEquals(1, h.span().column());

        var call = (Expr.Call) h.value();
        assertEquals("sigmoid(W1 @ x + b1)", call.span().text());
        assertEquals(5, call.span().column());
        assertEquals(20, call.span().length());
        assertEquals("sigmoid", call.callee().span().text());

        var sum = (Expr.Binary) call.args().get(0).value();
        assertEquals(Expr.BinaryOp.ADD, sum.op());
        assertEquals("W1 @ x + b1", sum.span().text());
        assertEquals(13, sum.opSpan().line());
        assertEquals(20, sum.opSpan().column());

        var w1 = (Stmt.Param) p.statement(4);
        assertEquals("[2, 2]", w1.type().span().text());
        assertEquals(8, w1.type().span().line());
        assertEquals(12, w1.type().span().column());

        var train = (Stmt.Train) p.statement(11);
        assertEquals(17, train.span().line());
        assertEquals(19, train.span().file().lineOf(train.span().end() - 1));
        assertEquals("optimizer = sgd(lr = 0.5)", train.settings().get(0).span().text());
        var lr = ((Expr.Call) train.settings().get(0).value()).args().get(0);
        assertEquals("lr = 0.5", lr.span().text());
        assertEquals("lr", lr.keyword().name());
    }

    @Test
    void statementsMaySpanLinesInsideBrackets() {
        Parsed p = Parsed.parse("h = relu(\n  x,\n  y\n)\nz = [1,\n 2]\n");
        assertEquals(List.of(), p.diagnostics());
        assertEquals(2, p.statements().size());
        assertEquals("h = relu(\n  x,\n  y\n)", p.statement(0).span().text());
    }

    @Test
    void trainBlockOnOneLineOrWithBlankLines() {
        Parsed one = Parsed.parse("train { optimizer = sgd(lr = 0.5) }");
        assertEquals(List.of(), one.diagnostics());
        assertEquals(1, ((Stmt.Train) one.statement(0)).settings().size());

        Parsed spaced = Parsed.parse("train {\n\n  # comment\n  batch = 1\n\n  seed = 2 }\n");
        assertEquals(List.of(), spaced.diagnostics());
        assertEquals(2, ((Stmt.Train) spaced.statement(0)).settings().size());

        assertEquals(List.of(), Parsed.parse("train {}").diagnostics());
    }

    @Test
    void lineEndingsAndCommentsAnywhere() {
        Parsed p = Parsed.parse("# head\r\n\r\nmodel m\r\ndtype f32\rx = 1 # tail\n\n\n# end");
        assertEquals(List.of(), p.diagnostics());
        assertEquals(List.of("Model", "Dtype", "Let"), kinds(p));
        assertEquals(5, p.statement(2).span().line());
        assertEquals(List.of(), Parsed.parse("").diagnostics());
        assertEquals(List.of(), Parsed.parse("\n\n# only a comment").diagnostics());
    }

    @Test
    void constWithTypeAndParamWithoutInit() {
        Parsed p = Parsed.parse("const c: [2] = [1, 2]\nparam w: [3]\n");
        assertEquals(List.of(), p.diagnostics());
        var c = (Stmt.Const) p.statement(0);
        assertEquals("[2]", c.type().span().text());
        assertNull(((Stmt.Param) p.statement(1)).init());
    }

    private static List<String> kinds(Parsed p) {
        return p.statements().stream().map(s -> s.getClass().getSimpleName()).toList();
    }
}
