package dev.nnc.front;

import dev.nnc.ir.Op;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Losses;
import dev.nnc.ir.ops.MatMul;
import dev.nnc.ir.ops.Reductions;
import dev.nnc.ir.ops.Shapes;
import dev.nnc.ir.ops.Softmax;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in functions of the language: each name, its parameters (tensor operands first,
 * then compile-time settings with their defaults), and the op it becomes. Binding arguments
 * to parameters is {@link CallArgs}'s job; building the node is {@link ExprBuilder}'s.
 */
final class Builtins {

    /** What a parameter accepts. Tensor parameters become operands; the rest are static. */
    enum Kind { TENSOR, AXES, BOOL, NUMBER, SHAPE }

    record Param(String name, Kind kind, Object defaultValue, boolean required) {
        static Param tensor(String name) {
            return new Param(name, Kind.TENSOR, null, true);
        }

        static Param axes(String name) {
            return new Param(name, Kind.AXES, null, false);
        }

        static Param bool(String name, boolean def) {
            return new Param(name, Kind.BOOL, def, false);
        }

        static Param number(String name, double def) {
            return new Param(name, Kind.NUMBER, def, false);
        }

        static Param axis(String name, int def) {
            return new Param(name, Kind.AXES, new int[] {def}, false);
        }

        static Param shape(String name) {
            return new Param(name, Kind.SHAPE, null, true);
        }
    }

    /** Makes the op from the call's static arguments. */
    interface OpFactory {
        Op make(CallArgs args) throws CheckError;
    }

    record Builtin(String name, List<Param> params, OpFactory factory) {
        int tensorCount() {
            return (int) params.stream().filter(p -> p.kind() == Kind.TENSOR).count();
        }

        int requiredCount() {
            return (int) params.stream().filter(Param::required).count();
        }
    }

    /** Initialisers may only follow '=' in a param declaration. */
    static final Set<String> INITIALISERS = Set.of("zeros", "ones", "uniform", "normal",
            "glorot_uniform", "glorot_normal", "he_uniform", "he_normal");

    static final Set<String> OPTIMIZERS = Set.of("sgd", "adam", "adamw");

    private static final Map<String, Builtin> TABLE = new LinkedHashMap<>();

    static {
        unary("exp", Elementwise::exp);
        unary("log", Elementwise::log);
        unary("sqrt", Elementwise::sqrt);
        unary("abs", Elementwise::abs);
        unary("sign", Elementwise::sign);
        unary("tanh", Elementwise::tanh);
        unary("sigmoid", Elementwise::sigmoid);
        unary("relu", Elementwise::relu);
        unary("softplus", Elementwise::softplus);
        unary("gelu", Elementwise::gelu);
        unary("sin", Elementwise::sin);
        unary("cos", Elementwise::cos);
        define("leaky_relu", List.of(Param.tensor("x"), Param.number("slope", 0.01)),
                a -> Elementwise.leakyRelu(a.number("slope")));
        define("elu", List.of(Param.tensor("x"), Param.number("alpha", 1.0)),
                a -> Elementwise.elu(a.number("alpha")));
        define("maximum", List.of(Param.tensor("a"), Param.tensor("b")), a -> Elementwise.maximum());
        define("minimum", List.of(Param.tensor("a"), Param.tensor("b")), a -> Elementwise.minimum());

        reduction("sum", Reductions::sum);
        reduction("mean", Reductions::mean);
        reduction("max", Reductions::max);
        reduction("min", Reductions::min);
        reduction("logsumexp", Reductions::logsumexp);

        define("softmax", List.of(Param.tensor("z"), Param.axis("axis", -1)),
                a -> Softmax.softmax(a.singleAxis("axis")));
        define("log_softmax", List.of(Param.tensor("z"), Param.axis("axis", -1)),
                a -> Softmax.logSoftmax(a.singleAxis("axis")));
        define("cross_entropy", List.of(Param.tensor("logits"), Param.tensor("labels")),
                a -> Losses.crossEntropy());
        define("binary_cross_entropy", List.of(Param.tensor("logits"), Param.tensor("targets")),
                a -> Losses.binaryCrossEntropy());

        define("transpose", List.of(Param.tensor("x")), a -> Shapes.transpose());
        define("reshape", List.of(Param.tensor("x"), Param.shape("shape")),
                a -> Shapes.reshape(a.shape("shape"), a.inferredAxis("shape")));

        define("grad", List.of(Param.tensor("f"), Param.tensor("v")), a -> Differentiation.grad());
        define("stop_gradient", List.of(Param.tensor("x")), a -> Differentiation.stopGradient());
    }

    private Builtins() {}

    private static void unary(String name, Supplier<Op> op) {
        define(name, List.of(Param.tensor("x")), a -> op.get());
    }

    private interface ReductionFactory {
        Op make(int[] axes, boolean keepdims);
    }

    private static void reduction(String name, ReductionFactory f) {
        define(name, List.of(Param.tensor("x"), Param.axes("axis"), Param.bool("keepdims", false)),
                a -> f.make(a.axes("axis"), a.bool("keepdims")));
    }

    private static void define(String name, List<Param> params, OpFactory factory) {
        TABLE.put(name, new Builtin(name, params, factory));
    }

    static Builtin lookup(String name) {
        return TABLE.get(name);
    }

    static Set<String> names() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }
}
