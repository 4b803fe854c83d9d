package dev.nnc.codegen.java;

import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.assign;
import static dev.nnc.program.Ir.buffer;
import static dev.nnc.program.Ir.comment;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.f32;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.invoke;
import static dev.nnc.program.Ir.learningRate;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.method;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;
import static dev.nnc.program.Kind.F32;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Expr;
import dev.nnc.program.Program;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * A real model written directly in the Program IR, as the lowering would write it:
 *
 * <pre>
 * model linear
 * input x: [B]
 * input t: [B]
 * param w: [1] = 0.5
 * param b: [1] = 0.25
 * output y = relu(x * w + b)
 * loss = sum((y - t)^2)
 * train { optimizer = sgd(lr = 0.1) }
 * </pre>
 *
 * with its gradient and SGD update written by hand, and the same computation in plain Java
 * ({@link #reference}) to check the generated code against.
 */
final class LinearModel {
    static final String CLASS_NAME = "nnc.generated.Linear";
    static final float W = 0.5f;
    static final float B = 0.25f;
    static final double LR = 0.1;

    private LinearModel() {}

    /** The spec: tensors in slot order, as the buffers' slots say. */
    static ModelSpec spec() {
        List<String> batch = List.of("B");
        List<String> one = List.of("1");
        return ModelSpec.of("linear", DType.F32, List.of("B"), List.of(
                new TensorSpec(Role.INPUT, "x", DType.F32, batch, null, null, null, null),
                new TensorSpec(Role.INPUT, "t", DType.F32, batch, null, null, null, null),
                new TensorSpec(Role.PARAM, "w", DType.F32, one, "literal", null, new double[] {W}, null),
                new TensorSpec(Role.PARAM, "b", DType.F32, one, "literal", null, new double[] {B}, null),
                new TensorSpec(Role.OUTPUT, "y", DType.F32, batch, null, null, null, null),
                new TensorSpec(Role.LOSS, "loss", DType.F32, List.of(), null, null, null, null),
                new TensorSpec(Role.GRADIENT, "dloss/dw", DType.F32, one, null, null, null, "w"),
                new TensorSpec(Role.GRADIENT, "dloss/db", DType.F32, one, null, null, null, "b")),
                new ModelSpec.TrainSpec("sgd", Map.of("lr", LR), 4, 1, 0, 0), "loss");
    }

    /** The program, carrying its spec text in {@code chunks} pieces. */
    static Program program(int chunks) {
        return program(Compiled.chunks(spec().toText(), chunks));
    }

    static Program program(List<String> specChunks) {
        Expr i = var("i");
        Expr zero = i32(0);
        Expr batch = symbol("B");
        Expr x = load("x", F32, i);
        Expr t = load("t", F32, i);
        Expr y = load("y", F32, i);
        Expr dy = load("dy", F32, i);
        return new Program(CLASS_NAME, F32, specChunks, List.of("B"), List.of(
                buffer("x", F32, batch, 0, "input x: [B]"),
                buffer("t", F32, batch, 1, "input t: [B]"),
                buffer("w", F32, i32(1), 2, "param w: [1]"),
                buffer("b", F32, i32(1), 3, "param b: [1]"),
                buffer("y", F32, batch, 4, "output y: [B]"),
                buffer("loss", F32, i32(1), 5, "the loss: []"),
                buffer("dw", F32, i32(1), 6, "dloss/dw: [1]"),
                buffer("db", F32, i32(1), 7, "dloss/db: [1]"),
                buffer("dy", F32, batch, -1, "dloss/dy: [B], internal")), List.of(
                method(Program.PREDICT, "Computes the outputs: y.", invoke("forward")),
                method(Program.EVALUATE, "Computes the outputs and the loss.", invoke("forward"), invoke("lossSum")),
                method(Program.GRADIENTS, "Computes the loss and its gradient with respect to w and b.",
                        invoke("forward"), invoke("lossSum"), invoke("backward")),
                method(Program.UPDATE, "SGD: p = p - lr * dloss/dp.",
                        declare("lr", F32, convert(learningRate(), F32)),
                        store("w", zero, sub(load("w", F32, zero), mul(local("lr", F32), load("dw", F32, zero)))),
                        store("b", zero, sub(load("b", F32, zero), mul(local("lr", F32), load("db", F32, zero))))),
                method("forward", "%4 y = relu(x * w + b)\nfrom line 6: output y = relu(x * w + b)",
                        loop("i", zero, batch,
                                store("y", i, apply(Fn.MAX, F32,
                                        add(mul(x, load("w", F32, zero)), load("b", F32, zero)), f32(0))))),
                method("lossSum", "%7 loss = sum((y - t)^2), from line 7",
                        declare("acc", F32, f32(0)),
                        loop("i", zero, batch,
                                declare("d", F32, sub(y, t)),
                                assign("acc", add(local("acc", F32), mul(local("d", F32), local("d", F32))))),
                        store("loss", zero, local("acc", F32))),
                method("backward", "dloss/dy, then dloss/dw and dloss/db, from line 7 back to line 6",
                        comment("dloss/dy = 2 (y - t) where y > 0: relu' routes the gradient"),
                        loop("i", zero, batch,
                                store("dy", i, apply(Fn.SELECT, F32, apply(Fn.GT, F32, y, f32(0)),
                                        mul(f32(2), sub(y, t)), f32(0)))),
                        declare("gw", F32, f32(0)),
                        declare("gb", F32, f32(0)),
                        comment("the sums over the batch"),
                        comment("(sibling loops reuse i)"),
                        loop("i", zero, batch,
                                assign("gw", add(local("gw", F32), mul(dy, x))),
                                assign("gb", add(local("gb", F32), dy))),
                        store("dw", zero, local("gw", F32)),
                        store("db", zero, local("gb", F32)),
                        comment("done"))));
    }

    private static Expr add(Expr a, Expr b) {
        return apply(Fn.ADD, F32, a, b);
    }

    private static Expr sub(Expr a, Expr b) {
        return apply(Fn.SUB, F32, a, b);
    }

    private static Expr mul(Expr a, Expr b) {
        return apply(Fn.MUL, F32, a, b);
    }

    /** What one gradient step computes, in plain Java, in the same order as the program. */
    record Step(float[] y, float loss, float dw, float db, float w, float b) {}

    static Step reference(float[] x, float[] t, float w, float b, double lr) {
        int n = x.length;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(x[i] * w + b, 0f);
        }
        float loss = 0;
        for (int i = 0; i < n; i++) {
            float d = y[i] - t[i];
            loss = loss + d * d;
        }
        float gw = 0;
        float gb = 0;
        for (int i = 0; i < n; i++) {
            float dy = y[i] > 0f ? 2f * (y[i] - t[i]) : 0f;
            gw = gw + dy * x[i];
            gb = gb + dy;
        }
        float rate = (float) lr;
        return new Step(y, loss, gw, gb, w - rate * gw, b - rate * gb);
    }
}
