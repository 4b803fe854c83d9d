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
}
