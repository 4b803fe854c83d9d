package dev.nnc.cli;

import dev.nnc.diag.Diagnostic;
import dev.nnc.front.CheckResult;
import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Graph;
import dev.nnc.ir.Init;
import dev.nnc.ir.Model;
import dev.nnc.ir.Node;
import dev.nnc.ir.Optimizer;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.ir.TrainSettings;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.syntax.SourceFile;
import dev.nnc.syntax.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hand-built models (real ops, evaluated by the real interpreter) and a stand-in front end, so
 * the CLI's own behaviour (output formats, exit codes, errors) is tested without parsing.
 */
final class CliFixtures {

    private CliFixtures() {}

    /** The result of one in-process command line. */
    record Run(int code, String out, String err) {}

    static Run nnc(Toolchain tools, String... args) {
        return nnc(tools, Map.of(), args);
    }

    static Run nnc(Toolchain tools, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), env, tools);
        return new Run(code, out.toString(), err.toString());
    }

    /** A toolchain whose front end knows the given files by name; other names are missing files. */
    static Toolchain tools(Map<String, CheckResult> files) {
        Function<Path, CheckResult> check = path -> {
            CheckResult r = files.get(path.toString());
            return r != null ? r : new CheckResult(null,
                    List.of(Diagnostic.fileError(path.toString(), "cannot read file: no such file")));
        };
        return new Toolchain(check, CliFixtures::literal, Toolchain.standard().forward());
    }

    // ---- models ----

    static final SourceFile TINY_SOURCE = new SourceFile("tiny.nn", String.join("\n",
            "model tiny",
            "dtype f64",
            "input x: [2] = [0.05, 0.10]",
            "param W: [2] = ones",
            "const b = 0.5",
            "h = x * W + b",
            "output o = h",
            "loss = sum(o)",
            ""));

    static Span line(SourceFile file, int n) {
        return new Span(file, file.lineStart(n), file.lineText(n).length());
    }

    /** {@code h = x * W + b; output o = h; loss = sum(o)}, with x = [0.05, 0.1], W = ones, b = 0.5. */
    static Model tiny() {
        SourceFile f = TINY_SOURCE;
        Graph g = new Graph();
        TensorType vec = new TensorType(DType.F64, Shape.of(2));
        Node x = g.add(new Leaves.Input("x", vec, Tensor.vector(0.05, 0.10)), List.of(), line(f, 3));
        Node w = g.add(new Leaves.Param("W", vec, new Init.Ones()), List.of(), line(f, 4));
        Node b = g.add(Leaves.Constant.scalar(0.5, DType.F64), List.of(), line(f, 5));
        Node xw = g.add(Elementwise.mul(), line(f, 6), x, w);
        Node h = g.add(Elementwise.add(), line(f, 6), xw, b);
        Node loss = g.add(Reductions.sum(null, false), line(f, 8), h);
        g.bind("x", x.id());
        g.bind("W", w.id());
        g.bind("b", b.id());
        g.bind("h", h.id());
        g.bind("o", h.id());
        g.bind("loss", loss.id());
        g.markOutput("o");
        TrainSettings train = new TrainSettings(new Optimizer.Sgd(0.5, 0, false, 0), 32, 1, 0, 0);
        return new Model("tiny", DType.F64, g, loss.id(), train);
    }

    /** {@code input x: [B, 3]} without a default, {@code input y: int[B]}, {@code param W: [3, 4]}. */
    static Model batched() {
        SourceFile f = new SourceFile("batched.nn", "input x: [B, 3]\ninput y: int[B]\nparam W: [3, 4] = he_uniform\n");
        Graph g = new Graph();
        Node x = g.add(new Leaves.Input("x", new TensorType(DType.F32, Shape.of(Dim.of("B"), Dim.of(3))), null),
                List.of(), line(f, 1));
        Node y = g.add(new Leaves.Input("y", new TensorType(DType.I32, Shape.of(Dim.of("B"))), null),
                List.of(), line(f, 2));
        Node w = g.add(new Leaves.Param("W", new TensorType(DType.F32, Shape.of(3, 4)), new Init.HeUniform()),
                List.of(), line(f, 3));
        g.bind("x", x.id());
        g.bind("y", y.id());
        g.bind("W", w.id());
        return new Model("batched", DType.F32, g, -1, TrainSettings.defaults());
    }

    /** {@code input x: [] = 0.5; dy = grad(x, x)}. */
    static Model withGrad() {
        SourceFile f = new SourceFile("second.nn", "input x: [] = 0.5\ndy = grad(x, x)\n");
        Graph g = new Graph();
        Node x = g.add(new Leaves.Input("x", TensorType.scalar(DType.F64), Tensor.scalar(0.5)), List.of(), line(f, 1));
        Node dy = g.add(Differentiation.grad(), new Span(f, f.text().indexOf("grad"), "grad(x, x)".length()), x, x);
        g.bind("x", x.id());
        g.bind("dy", dy.id());
        return new Model("second", DType.F64, g, -1, TrainSettings.defaults());
    }

    /** Two diagnostics in one file. */
    static CheckResult broken() {
        SourceFile f = new SourceFile("broken.nn", "h = sigmod(x)\nloss = h @ W\n");
        Diagnostic unknownFn = Diagnostic.error(new Span(f, 4, 6), "unknown function 'sigmod'")
                .withHint("did you mean 'sigmoid'?");
        Diagnostic unknownName = Diagnostic.error(new Span(f, 25, 1), "unknown name 'W'");
        return new CheckResult(null, List.of(unknownFn, unknownName));
    }

    static CheckResult ok(Model model) {
        return new CheckResult(model, List.of());
    }

    // ---- a stand-in for Frontend.literal ----

    /**
     * Stands in for Frontend.literal: a flat list of numbers or one number filling a fixed
     * shape, or for a symbolic shape a list of rows of numbers; nothing fancier.
     */
    static Tensor literal(String text, TensorType type) {
        String body = text.trim().replace("[", "").replace("]", "");
        List<Double> values = new ArrayList<>();
        try {
            for (String part : body.split(",")) {
                values.add(Double.parseDouble(part.trim()));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, found '" + text + "'");
        }
        double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (!type.shape().isFixed()) {
            int rows = (int) text.chars().filter(c -> c == '[').count() - 1;
            return rows <= 0 ? Tensor.vector(data) : new Tensor(new int[] {rows, data.length / rows}, data);
        }
        int[] shape = type.shape().sizes();
        int n = Math.toIntExact(Tensor.count(shape));
        if (values.size() == 1) {
            double[] filled = new double[n];
            java.util.Arrays.fill(filled, values.get(0));
            return new Tensor(shape, filled);
        }
        if (values.size() != n) {
            throw new IllegalArgumentException("expected " + n + " values for " + type + ", got " + values.size());
        }
        return new Tensor(shape, data);
    }
}
