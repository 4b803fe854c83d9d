package dev.nnc.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnc.ir.ops.Leaves;
import dev.nnc.syntax.SourceFile;
import dev.nnc.syntax.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphPrinterTest {

    /** A stand-in for the op table: keeps the first operand's type. */
    private record TestOp(String name, int arity) implements Op {
        @Override
        public TensorType infer(List<TensorType> operands) {
            return operands.get(0);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            throw new UnsupportedOperationException();
        }
    }

    private static final SourceFile SOURCE = new SourceFile("m.nn", String.join("\n",
            "model tiny",
            "dtype f64",
            "input x: [2] = [0.05, 0.10]",
            "param W: [2, 2] = glorot_uniform",
            "const b = 0.35",
            "net_h = W @ x + b",
            "output o = sigmoid(net_h)",
            "loss = sum(o)",
            ""));

    private static Span line(int n) {
        return new Span(SOURCE, SOURCE.lineStart(n), 1);
    }

    private static Model tinyModel() {
        DType f64 = DType.F64;
        Graph g = new Graph();
        Node x = g.add(new Leaves.Input("x", new TensorType(f64, Shape.of(2)), Tensor.vector(0.05, 0.10)), List.of(), line(3));
        Node w = g.add(new Leaves.Param("W", new TensorType(f64, Shape.of(2, 2)), new Init.GlorotUniform()), List.of(), line(4));
        Node b = g.add(Leaves.Constant.scalar(0.35, f64), List.of(), line(5));
        Node mm = g.add(new TestOp("matmul", 2), line(6), x, w);
        Node h = g.add(new TestOp("add", 2), line(6), mm, b);
        Node o = g.add(new TestOp("sigmoid", 1), line(7), h);
        Node loss = g.add(new TestOp("sum", 1), line(8), o);
        g.bind("x", x.id());
        g.bind("W", w.id());
        g.bind("b", b.id());
        g.bind("net_h", h.id());
        g.bind("o", o.id());
        g.bind("loss", loss.id());
        g.markOutput("o");
        return new Model("tiny", f64, g, loss.id(), TrainSettings.defaults());
    }

    @Test
    void printsOneAlignedLinePerNodeWithHeaderAndFooter() {
        assertEquals("""
                model tiny
                dtype f64

                %0  x     = input x default [0.05, 0.1]  [2]     f64  line 3
                %1  W     = param W init glorot_uniform  [2, 2]  f64  line 4
                %2  b     = const 0.35                   []      f64  line 5
                %3        = matmul %0, %1                [2]     f64  line 6
                %4  net_h = add %3, %2                   [2]     f64  line 6
                %5  o     = sigmoid %4                   [2]     f64  line 7
                %6  loss  = sum %5                       [2]     f64  line 8

                outputs  o = %5
                loss     %6
                train    sgd(lr = 0.01, momentum = 0.0, nesterov = false, weight_decay = 0.0), batch 32, epochs 1, seed 0
                """, GraphPrinter.print(tinyModel()));
    }

    @Test
    void isDeterministic() {
        assertEquals(GraphPrinter.print(tinyModel()), GraphPrinter.print(tinyModel()));
    }

    @Test
    void graphAloneHasNodesAndOutputs() {
        Graph g = new Graph();
        Node y = g.add(new Leaves.Input("y", new TensorType(DType.I32, Shape.of(Dim.of("B"))), null), List.of(), null);
        g.bind("y", y.id());
        assertEquals("""
                %0  y = input y  [B]  int

                outputs  (none)
                """, GraphPrinter.print(g));
    }

    @Test
    void showsEveryNameOfANodeAndIntegerDefaultsAsIntegers() {
        Graph g = new Graph();
        Node y = g.add(new Leaves.Input("y", new TensorType(DType.I32, Shape.of(3)), Tensor.vector(0, 2, 1)), List.of(), line(3));
        g.bind("y", y.id());
        g.bind("labels", y.id());
        assertEquals("%0  y, labels = input y default [0, 2, 1]  [3]  int  line 3\n",
                GraphPrinter.print(g).lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void largeValuesAreSummarisedAndLongCellsDoNotWidenEveryLine() {
        Graph g = new Graph();
        Tensor big = Tensor.zeros(3, 4);
        Node w = g.add(new Leaves.Param("W", new TensorType(DType.F32, Shape.of(3, 4)), new Init.Literal(big)), List.of(), line(4));
        Node x = g.add(new Leaves.Input("x", new TensorType(DType.F32, Shape.of(3, 4)), big), List.of(), line(3));
        Node n = g.add(new TestOp("an_operation_with_a_very_long_name_and_attributes(axis=1)", 2), line(6), w, x);
        g.bind("a_very_long_name_for_a_value", n.id());
        String text = GraphPrinter.print(g);
        assertEquals("""
                %0                   = param W init literal                      [3, 4]  f32  line 4
                %1                   = input x default (12 values)               [3, 4]  f32  line 3
                %2  a_very_long_name_for_a_value = an_operation_with_a_very_long_name_and_attributes(axis=1) %0, %1  [3, 4]  f32  line 6

                outputs  (none)
                """, text);
        assertFalse(text.lines().anyMatch(l -> l.endsWith(" ")), "no trailing spaces");
    }

    @Test
    void trainLineShowsClipNormOnlyWhenSet() {
        TrainSettings t = new TrainSettings(new Optimizer.Adam(0.001, 0.9, 0.999, 1e-8), 128, 5, 42, 1.5);
        assertEquals("adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1.0E-8), batch 128, epochs 5, seed 42, clip_norm 1.5",
                GraphPrinter.describe(t));
    }
}
