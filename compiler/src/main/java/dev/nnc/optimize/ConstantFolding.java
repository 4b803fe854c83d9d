package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.ops.Differentiation;
import dev.nnc.ir.ops.Leaves;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates at compile time every node whose operands are all constants, with the op's own
 * reference evaluation, so folding can never disagree with running. Results larger than
 * {@link #MAX_ELEMENTS} stay computed at run time: a huge folded constant would bloat the
 * generated class for nothing.
 */
public final class ConstantFolding {
    static final int MAX_ELEMENTS = 1 << 16;

    private ConstantFolding() {}

    public static Graph run(Graph in) {
        return Rewriter.run(in, null, (r, old, inputs) -> {
            if (old.op() instanceof Leaves.Leaf || old.op() instanceof Differentiation.Grad || inputs.isEmpty()
                    || !old.shape().isFixed() || old.shape().elementCount() > MAX_ELEMENTS) {
                return r.copy(old, inputs);
            }
            List<Tensor> values = new ArrayList<>();
            for (int i : inputs) {
                if (!(r.node(i).op() instanceof Leaves.Constant c)) {
                    return r.copy(old, inputs);
                }
                values.add(c.value());
            }
            Tensor folded;
            try {
                folded = old.op().evaluate(values);
            } catch (RuntimeException e) {
                // An op that fails on these constants (a label out of range) fails at run time
                // too, where the error can say which step; folding must not hide it.
                return r.copy(old, inputs);
            }
            return r.emit(new Leaves.Constant(folded, old.dtype()), List.of());
        });
    }
}
