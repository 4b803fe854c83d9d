package dev.nnc.ir.ops;

import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * How an elementwise op's derivative becomes graph: the cotangent of operand i is
 * {@code ∂f/∂x_i * g}, emitted as ONE elementwise node whose formula is that product, so the
 * backward pass is fused elementwise work like the forward pass. sigmoid's becomes
 *
 * <pre>  sigmoid' = (x0 * (1.0 - x0)) * x1     over (y, g)</pre>
 *
 * <p>The node's operands are the values the product mentions, each node once, in order of
 * first appearance: the op's operands, its output (for stated derivatives that reuse it) and
 * g. Being ordinary elementwise ops, derivative nodes are differentiated the same way, which
 * is all second and third derivatives need; the output is a real operand, so the chain rule
 * flows through it to the forward op's own rule.
 *
 * <p>A product that is one of the plain arithmetic ops (g * b, g / b, -g) is emitted as that
 * op, so later passes recognise it; a product that is g itself emits nothing; a product that
 * is 0 (sign, a comparison) gives no cotangent at all.
 */
final class ElementwiseDerivative {

    private ElementwiseDerivative() {}

    /**
     * Emits ∂op/∂x_i * g for the forward {@code node} and returns it (shaped like the node's
     * output, not yet summed down to x_i), or {@link Emitter#NONE} when it is 0.
     */
    static int emit(Emitter e, Elementwise op, Node node, int i, int g) {
        int n = op.arity();
        // x_n stands for g in the product.
        Scalar product = ScalarAlgebra.mul(op.derivative(i), Scalar.arg(n));
        if (ScalarAlgebra.isConstant(product, 0)) {
            return Emitter.NONE;
        }
        List<Integer> operands = new ArrayList<>();
        Scalar body = product.substitute(leaf -> {
            int id;
            if (leaf instanceof Scalar.Output) {
                id = node.id();
            } else if (leaf instanceof Scalar.Arg a) {
                id = a.index() == n ? g : node.input(a.index());
            } else {
                return leaf;
            }
            int k = operands.indexOf(id);
            if (k < 0) {
                k = operands.size();
                operands.add(id);
            }
            return Scalar.arg(k);
        });
        int[] inputs = operands.stream().mapToInt(Integer::intValue).toArray();
        if (body.equals(Scalar.arg(0)) && inputs.length == 1) {
            return inputs[0];
        }
        return e.apply(named(body, op, i), inputs);
    }

    /** The plain op with this formula, or a new derivative op: {@code sigmoid'}, {@code pow'1}. */
    private static Elementwise named(Scalar body, Elementwise op, int i) {
        for (Elementwise plain : List.of(Elementwise.mul(), Elementwise.div(), Elementwise.neg(),
                Elementwise.add(), Elementwise.sub())) {
            if (plain.formula().equals(body)) {
                return plain;
            }
        }
        String name = op.arity() == 1 ? op.name() + "'" : op.name() + "'" + i;
        return new Elementwise(name, "differentiate " + op.name() + " for", body);
    }
}
