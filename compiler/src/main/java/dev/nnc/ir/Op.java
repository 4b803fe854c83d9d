package dev.nnc.ir;

import java.util.List;

/**
 * A primitive operation: everything the pipeline needs to know about it stands in its
 * implementation, grouped by family in {@code dev.nnc.ir.ops}.
 *
 * <p>Ops are values: an op's attributes (a reduction's axis, a reshape's target) are fields of
 * the op, so two nodes with equal ops and equal inputs compute the same thing.
 */
public interface Op {

    /** The op's name as the IR text prints it, with attributes: {@code sum(axis=1)}. */
    String name();

    /** Number of operands, or -1 when it varies. */
    int arity();

    /**
     * The shape and dtype rule: the result type for these operand types.
     *
     * @throws ShapeException when the operands do not fit, with a message a user can act on
     */
    TensorType infer(List<TensorType> operands);

    /** Reference evaluation in double precision, for the interpreter. Plain, obvious loops. */
    Tensor evaluate(List<Tensor> operands);

    /**
     * The vector-Jacobian product, written as graph-building code: given {@code g}, the
     * cotangent of {@code node}'s output, returns one cotangent per operand, built with
     * {@code e}, or {@link Emitter#NONE} for an operand that receives no gradient (integer
     * labels). {@code node.id()} is the forward output, so a rule can reuse it (sigmoid's
     * derivative is s * (1 - s), not a recomputation).
     */
    default int[] vjp(Emitter e, Node node, int g) {
        throw new UnsupportedOperationException("op '" + name() + "' has no derivative rule");
    }
}
