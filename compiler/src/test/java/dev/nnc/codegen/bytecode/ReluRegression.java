package dev.nnc.codegen.bytecode;

import static dev.nnc.program.Ir.add;
import static dev.nnc.program.Ir.apply;
import static dev.nnc.program.Ir.assign;
import static dev.nnc.program.Ir.constant;
import static dev.nnc.program.Ir.convert;
import static dev.nnc.program.Ir.declare;
import static dev.nnc.program.Ir.i32;
import static dev.nnc.program.Ir.invoke;
import static dev.nnc.program.Ir.load;
import static dev.nnc.program.Ir.local;
import static dev.nnc.program.Ir.loop;
import static dev.nnc.program.Ir.mul;
import static dev.nnc.program.Ir.store;
import static dev.nnc.program.Ir.sub;
import static dev.nnc.program.Ir.symbol;
import static dev.nnc.program.Ir.var;

import dev.nnc.ir.ops.Scalar.Fn;
import dev.nnc.program.Buffer;
import dev.nnc.program.Expr;
import dev.nnc.program.Kind;
import dev.nnc.program.Method;
import dev.nnc.program.Program;
import dev.nnc.runtime.DType;
import dev.nnc.runtime.ModelSpec;
import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * A real model written directly in the Program IR, with its gradient and update by hand:
 * {@code y = max(x w + b, 0)}, {@code loss = sum((y - t)^2)}, plain SGD. Inputs and outputs
 * have a symbolic batch {@code N}; {@code z}, the pre-activation, is an internal buffer, and so
 * is {@code steps}, where the update records the base class's update counter.
 */
final class ReluRegression {
    static final double LEARNING_RATE = 0.05;
    static final float W0 = 0.5f;
    static final float B0 = -0.25f;

    private ReluRegression() {}

    static ModelSpec spec(Kind kind) {
        DType d = kind == Kind.F32 ? DType.F32 : DType.F64;
        List<TensorSpec> tensors = List.of(
                new TensorSpec(Role.INPUT, "x", d, List.of("N"), null, null, null, null),
                new TensorSpec(Role.INPUT, "t", d, List.of("N"), null, null, null, null),
                new TensorSpec(Role.PARAM, "w", d, List.of("1"), "literal", null, new double[] {W0}, null),
                new TensorSpec(Role.PARAM, "b", d, List.of("1"), "literal", null, new double[] {B0}, null),
                new TensorSpec(Role.OUTPUT, "y", d, List.of("N"), null, null, null, null),
                new TensorSpec(Role.LOSS, "loss", d, List.of(), null, null, null, null),
                new TensorSpec(Role.GRADIENT, "dloss/dw", d, List.of("1"), null, null, null, "w"),
                new TensorSpec(Role.GRADIENT, "dloss/db", d, List.of("1"), null, null, null, "b"));
        return ModelSpec.of("relu", d, List.of("N"), tensors,
                new ModelSpec.TrainSpec("sgd", Map.of("lr", LEARNING_RATE), 4, 1, 7, 0), "loss");
    }

    static Program program(Kind k, int chunks) {
        Expr n = symbol("N");
        Expr i = var("i");
        Expr zero = constant(k, 0);
        List<Buffer> buffers = List.of(
                new Buffer("x", k, n, 0, "input x"),
                new Buffer("t", k, n, 1, "input t"),
                new Buffer("w", k, i32(1), 2, "param w"),
                new Buffer("b", k, i32(1), 3, "param b"),
                new Buffer("y", k, n, 4, "output y"),
                new Buffer("loss", k, i32(1), 5, "loss"),
                new Buffer("dw", k, i32(1), 6, "dloss/dw"),
                new Buffer("db", k, i32(1), 7, "dloss/db"),
                new Buffer("z", k, n, -1, "x w + b"),
                new Buffer("steps", Kind.F64, i32(1), -1, "updates, as the update saw it"));
        Method forward = new Method("forward", "y = max(x w + b, 0)", List.of(loop("i", i32(0), n,
                store("z", i, add(mul(load("x", k, i), load("w", k, i32(0))), load("b", k, i32(0)))),
                store("y", i, apply(Fn.MAX, k, load("z", k, i), zero)))));
        Method lossOf = new Method("lossOf", "sum((y - t)^2)", List.of(
                declare("s", k, zero),
                loop("i", i32(0), n,
                        declare("e", k, sub(load("y", k, i), load("t", k, i))),
                        assign("s", add(local("s", k), mul(local("e", k), local("e", k))))),
                store("loss", i32(0), local("s", k))));
        Expr dy = mul(constant(k, 2), sub(load("y", k, i), load("t", k, i)));
        Method gradients = new Method(Program.GRADIENTS, "", List.of(
                invoke("forward"), invoke("lossOf"),
                new dev.nnc.program.Stmt.Comment("relu' routes the gradient where z > 0"),
                declare("gw", k, zero),
                declare("gb", k, zero),
                loop("i", i32(0), n,
                        declare("g", k, apply(Fn.SELECT, k, apply(Fn.GT, k, load("z", k, i), zero), dy, zero)),
                        assign("gw", add(local("gw", k), mul(local("g", k), load("x", k, i)))),
                        assign("gb", add(local("gb", k), local("g", k)))),
                store("dw", i32(0), local("gw", k)),
                store("db", i32(0), local("gb", k))));
        Expr rate = new Expr.Field(Program.LEARNING_RATE, Kind.F64, true);
        Method update = new Method(Program.UPDATE, "", List.of(
                declare("lr", k, k == Kind.F32 ? convert(rate, Kind.F32) : rate),
                store("w", i32(0), sub(load("w", k, i32(0)), mul(local("lr", k), load("dw", k, i32(0))))),
                store("b", i32(0), sub(load("b", k, i32(0)), mul(local("lr", k), load("db", k, i32(0))))),
                store("steps", i32(0), convert(new Expr.Field(Program.UPDATES, Kind.I64, true), Kind.F64))));
        return new Program("nnc.generated.Relu" + k, k, Generated.chunks(spec(k), chunks), List.of("N"), buffers,
                List.of(new Method(Program.PREDICT, "", List.of(invoke("forward"))),
                        new Method(Program.EVALUATE, "", List.of(invoke("forward"), invoke("lossOf"))),
                        gradients, update, forward, lossOf));
    }

    /** The same model in plain Java, in float: what F32 code must compute, bit for bit. */
    static final class InFloat {
        float w = W0;
        float b = B0;
        float dw;
        float db;

        float[] predict(float[] x) {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.max(x[i] * w + b, 0f);
            }
            return y;
        }

        float gradients(float[] x, float[] t) {
            float[] y = predict(x);
            float s = 0;
            for (int i = 0; i < x.length; i++) {
                float e = y[i] - t[i];
                s = s + e * e;
            }
            dw = 0;
            db = 0;
            for (int i = 0; i < x.length; i++) {
                float g = x[i] * w + b > 0 ? 2 * (y[i] - t[i]) : 0;
                dw = dw + g * x[i];
                db = db + g;
            }
            return s;
        }

        void update() {
            float lr = (float) LEARNING_RATE;
            w = w - lr * dw;
            b = b - lr * db;
        }
    }

    /** The same model in plain Java, in double. */
    static final class InDouble {
        double w = W0;
        double b = B0;
        double dw;
        double db;

        double[] predict(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.max(x[i] * w + b, 0.0);
            }
            return y;
        }

        double gradients(double[] x, double[] t) {
            double[] y = predict(x);
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                double e = y[i] - t[i];
                s = s + e * e;
            }
            dw = 0;
            db = 0;
            for (int i = 0; i < x.length; i++) {
                double g = x[i] * w + b > 0 ? 2 * (y[i] - t[i]) : 0;
                dw = dw + g * x[i];
                db = db + g;
            }
            return s;
        }

        void update() {
            w = w - LEARNING_RATE * dw;
            b = b - LEARNING_RATE * db;
        }
    }
}
