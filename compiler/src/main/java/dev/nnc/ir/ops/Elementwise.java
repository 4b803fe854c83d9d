package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.Scalar.Fn.ABS;
import static dev.nnc.ir.ops.Scalar.Fn.ADD;
import static dev.nnc.ir.ops.Scalar.Fn.COS;
import static dev.nnc.ir.ops.Scalar.Fn.DIV;
import static dev.nnc.ir.ops.Scalar.Fn.EQ;
import static dev.nnc.ir.ops.Scalar.Fn.ERF;
import static dev.nnc.ir.ops.Scalar.Fn.EXP;
import static dev.nnc.ir.ops.Scalar.Fn.EXPM1;
import static dev.nnc.ir.ops.Scalar.Fn.GT;
import static dev.nnc.ir.ops.Scalar.Fn.LOG;
import static dev.nnc.ir.ops.Scalar.Fn.LOG1P;
import static dev.nnc.ir.ops.Scalar.Fn.MAX;
import static dev.nnc.ir.ops.Scalar.Fn.MIN;
import static dev.nnc.ir.ops.Scalar.Fn.MUL;
import static dev.nnc.ir.ops.Scalar.Fn.NEG;
import static dev.nnc.ir.ops.Scalar.Fn.POW;
import static dev.nnc.ir.ops.Scalar.Fn.SELECT;
import static dev.nnc.ir.ops.Scalar.Fn.SIGN;
import static dev.nnc.ir.ops.Scalar.Fn.SIN;
import static dev.nnc.ir.ops.Scalar.Fn.SQRT;
import static dev.nnc.ir.ops.Scalar.Fn.SUB;
import static dev.nnc.ir.ops.Scalar.Fn.TANH;

import dev.nnc.ir.DType;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * An elementwise op: its {@link Scalar} formula applied at every element of its operands,
 * broadcast together by NumPy's rules. The formula is the op's whole definition; the shape
 * rule, the reference evaluation, the derivative and (later) the lowering are the same for
 * every formula.
 *
 * <p>The derivative with respect to operand i is the formula's symbolic derivative
 * ({@link Scalar#derivative}), unless the op states its own: {@code derivatives} then holds
 * one formula per operand, written next to the op's formula, over the same operands and the
 * op's output {@code y} ({@link Scalar#output()}). A stated derivative is for where the
 * derived one is worse: it can reuse the output (sigmoid' = y (1 - y)), take fewer
 * operations, stay finite where the derived one is not, or pick a value at a kink. See
 * {@link ElementwiseDerivative} for how a rule becomes graph.
 *
 * @param name the language's function name or an operator word, with attributes:
 *     {@code add}, {@code leaky_relu(slope=0.2)}
 * @param verb what the op does to its operands, for broadcast errors: "cannot {verb} [2] and [3]"
 * @param derivatives empty, or ∂formula/∂x_i for each operand i, possibly in terms of y
 */
public record Elementwise(String name, String verb, Scalar formula, List<Scalar> derivatives) implements Op {

    private static final Scalar X = Scalar.arg(0);
    private static final Scalar Y = Scalar.arg(1);
    /** The op's output, in stated derivatives. */
    private static final Scalar OUT = Scalar.output();
    private static final Scalar ZERO = Scalar.constant(0);
    private static final Scalar HALF = Scalar.constant(0.5);
    private static final Scalar ONE = Scalar.constant(1);

    public Elementwise {
        derivatives = List.copyOf(derivatives);
        int arity = formula.arity();
        if (!derivatives.isEmpty() && derivatives.size() != arity) {
            throw new IllegalArgumentException(name + " has " + arity + " operands but " + derivatives.size()
                    + " derivatives");
        }
        for (Scalar d : derivatives) {
            if (d.arity() > arity) {
                throw new IllegalArgumentException("a derivative of " + name + " reads operand " + (d.arity() - 1)
                        + ", but the op has " + arity);
            }
        }
    }

    /** An op whose derivatives are derived from its formula. */
    public Elementwise(String name, String verb, Scalar formula) {
        this(name, verb, formula, List.of());
    }

    // Binary operators.

    public static Elementwise add() {
        return new Elementwise("add", "add", ADD.of(X, Y));
    }

    public static Elementwise sub() {
        return new Elementwise("sub", "subtract", SUB.of(X, Y));
    }

    public static Elementwise mul() {
        return new Elementwise("mul", "multiply", MUL.of(X, Y));
    }

    public static Elementwise div() {
        return new Elementwise("div", "divide", DIV.of(X, Y));
    }

    /**
     * {@code a ^ b} as {@code Math.pow}: a negative base with a fractional exponent gives NaN.
     * The derivative in b is taken as 0 at a = 0 (the limit for b &gt; 0) and is NaN for a &lt; 0.
     */
    public static Elementwise pow() {
        return new Elementwise("pow", "raise to a power", POW.of(X, Y));
    }

    /** The gradient goes to the larger operand; at a tie each gets half (as PyTorch does). */
    public static Elementwise maximum() {
        return new Elementwise("maximum", "take maximum of", MAX.of(X, Y));
    }

    /** The gradient goes to the smaller operand; at a tie each gets half (as PyTorch does). */
    public static Elementwise minimum() {
        return new Elementwise("minimum", "take minimum of", MIN.of(X, Y));
    }

    // Unary functions.

    public static Elementwise neg() {
        return unary("neg", NEG.of(X));
    }

    public static Elementwise exp() {
        // exp' = exp: reuse the output rather than recompute it.
        return unary("exp", EXP.of(X), OUT);
    }

    public static Elementwise log() {
        return unary("log", LOG.of(X), DIV.of(ONE, X));
    }

    public static Elementwise sqrt() {
        // sqrt' = 1 / (2 sqrt x), from the output: one division, no second sqrt.
        return unary("sqrt", SQRT.of(X), DIV.of(HALF, OUT));
    }

    /** abs' = sign, so abs'(0) = 0. */
    public static Elementwise abs() {
        return unary("abs", ABS.of(X));
    }

    /** sign(0) = 0. Piecewise constant: its derivative is 0 everywhere, so it passes no gradient. */
    public static Elementwise sign() {
        return unary("sign", SIGN.of(X));
    }

    public static Elementwise tanh() {
        return unary("tanh", TANH.of(X), SUB.of(ONE, MUL.of(OUT, OUT)));
    }

    public static Elementwise sin() {
        return unary("sin", SIN.of(X));
    }

    public static Elementwise cos() {
        return unary("cos", COS.of(X));
    }

    /**
     * 1 / (1 + exp(-x)). In double this is exact at both ends with no NaN: at x = -1000,
     * exp(1000) is +inf and 1 / inf = 0. (An f32 backend may pick another form, since f32
     * exp overflows already at 89; the result must stay this function.)
     */
    public static Elementwise sigmoid() {
        return unary("sigmoid", DIV.of(ONE, ADD.of(ONE, EXP.of(NEG.of(X)))), MUL.of(OUT, SUB.of(ONE, OUT)));
    }

    /**
     * max(x, 0); relu(0) = 0. relu'(x) = [x &gt; 0], so relu'(0) = 0 (stated: the derivative of
     * max would split the tie at 0 and give 1/2). Stated as [y &gt; 0], which is the same bit
     * for every x (NaN and -0 included: max gives NaN and +0, neither above 0), so that the
     * backward pass reads the output it keeps anyway, and the pre-activation need not be
     * stored: {@code relu(x @ W + b)} stays one fused loop in a training step.
     */
    public static Elementwise relu() {
        return unary("relu", MAX.of(X, ZERO), GT.of(OUT, ZERO));
    }

    /**
     * log(1 + exp(x)) in the stable form max(x, 0) + log1p(exp(-|x|)): the exp never
     * overflows, and log1p keeps the small tail exact for large |x|.
     */
    public static Elementwise softplus() {
        // softplus' = sigmoid, in the form whose derivatives stay finite at ±1000 too.
        return unary("softplus", ADD.of(MAX.of(X, ZERO), LOG1P.of(EXP.of(NEG.of(ABS.of(X))))), stableSigmoid(X));
    }

    /**
     * The exact GELU, x Φ(x) = 0.5 x (1 + erf(x / √2)), as PyTorch's default (not the tanh
     * approximation). Written as PyTorch writes it, {@code x * 0.5 * (1 + erf(x * M_SQRT1_2))},
     * so both round alike.
     */
    public static Elementwise gelu() {
        Scalar invSqrt2 = Scalar.constant(Math.sqrt(0.5));
        // gelu' = Φ(x) + x φ(x), with Φ(x) = (1 + erf(x / √2)) / 2 and φ(x) = exp(-x²/2) / √(2π).
        Scalar cdf = MUL.of(HALF, ADD.of(ONE, ERF.of(MUL.of(X, invSqrt2))));
        Scalar pdf = MUL.of(EXP.of(MUL.of(Scalar.constant(-0.5), MUL.of(X, X))),
                Scalar.constant(1 / Math.sqrt(2 * Math.PI)));
        return unary("gelu", MUL.of(MUL.of(X, HALF), ADD.of(ONE, ERF.of(MUL.of(X, invSqrt2)))),
                ADD.of(cdf, MUL.of(X, pdf)));
    }

    /** x for x > 0, else slope x; the derivative at 0 is slope (the branch taken there). */
    public static Elementwise leakyRelu(double slope) {
        Scalar s = Scalar.constant(slope);
        return unary("leaky_relu(slope=" + Tensor.format(slope) + ")", SELECT.of(GT.of(X, ZERO), X, MUL.of(s, X)));
    }

    /**
     * x for x > 0, else alpha (exp(x) - 1), with expm1 for accuracy near 0. The derivative at
     * 0 is alpha (the branch taken there), so it is continuous when alpha = 1.
     */
    public static Elementwise elu(double alpha) {
        Scalar a = Scalar.constant(alpha);
        return unary("elu(alpha=" + Tensor.format(alpha) + ")", SELECT.of(GT.of(X, ZERO), X, MUL.of(a, EXPM1.of(X))));
    }

    /**
     * 1 where a == b, else 0. Not in the language: derivative rules use it to find the
     * elements that won a max or min reduction.
     */
    public static Elementwise equal() {
        return new Elementwise("equal", "compare", EQ.of(X, Y));
    }

    /**
     * σ(x) for derivative formulas: 1 / (1 + exp(-x)) for x &gt; 0, exp(x) / (1 + exp(x))
     * otherwise. Each branch's exp stays at most 1, so the value and its derivatives of every
     * order are finite and exact at ±1000; the one-branch form's derivative is 0 * inf = NaN
     * at -1000. (sigmoid's own formula needs no such care: its derivative is y (1 - y).)
     */
    static Scalar stableSigmoid(Scalar x) {
        Scalar ex = EXP.of(x);
        return SELECT.of(GT.of(x, ZERO), DIV.of(ONE, ADD.of(ONE, EXP.of(NEG.of(x)))), DIV.of(ex, ADD.of(ONE, ex)));
    }

    private static Elementwise unary(String name, Scalar formula) {
        return new Elementwise(name, name, formula);
    }

    private static Elementwise unary(String name, Scalar formula, Scalar derivative) {
        return new Elementwise(name, name, formula, List.of(derivative));
    }

    /** ∂formula/∂x_i: the stated derivative, or the formula's symbolic one. */
    public Scalar derivative(int i) {
        return derivatives.isEmpty() ? formula.derivative(i) : derivatives.get(i);
    }

    @Override
    public int arity() {
        return formula.arity();
    }

    @Override
    public TensorType infer(List<TensorType> operands) {
        DType dtype = FloatOperands.common(name, operands);
        List<Shape> shapes = new ArrayList<>();
        for (TensorType t : operands) {
            shapes.add(t.shape());
        }
        return new TensorType(dtype, Broadcast.shape(verb, shapes));
    }

    @Override
    public Tensor evaluate(List<Tensor> operands) {
        int n = operands.size();
        int[][] shapes = new int[n][];
        for (int k = 0; k < n; k++) {
            shapes[k] = operands.get(k).shape();
        }
        int[] shape = Broadcast.shape(shapes);
        int[][] maps = new int[n][];
        for (int k = 0; k < n; k++) {
            maps[k] = Broadcast.indexMap(shapes[k], shape);
        }
        double[] out = new double[Math.toIntExact(Tensor.count(shape))];
        double[] args = new double[n];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < n; k++) {
                args[k] = operands.get(k).get(maps[k][i]);
            }
            out[i] = formula.eval(args);
        }
        return new Tensor(shape, out);
    }

    /**
     * Operand i's cotangent is g ∂f/∂x_i, summed down to x_i's shape where it was broadcast;
     * each is one new elementwise node (see {@link ElementwiseDerivative}).
     */
    @Override
    public int[] vjp(Emitter e, Node node, int g) {
        int[] grads = new int[arity()];
        for (int i = 0; i < grads.length; i++) {
            int x = node.input(i);
            int d = e.needsGradient(x) ? ElementwiseDerivative.emit(e, this, node, i, g) : Emitter.NONE;
            grads[i] = d == Emitter.NONE ? Emitter.NONE : e.sumLike(d, x);
        }
        return grads;
    }

    @Override
    public String toString() {
        return name + " = " + formula;
    }
}
