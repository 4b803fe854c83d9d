package dev.nnc.optimize;

import dev.nnc.ir.Graph;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import dev.nnc.ir.ops.Softmax;
import java.util.List;

/**
 * Algebraic simplification, one local rewrite at a time:
 *
 * <ul>
 *   <li>identities: x + 0, 0 + x, x - 0, x * 1, 1 * x, x / 1, x ^ 1 are x; 0 - x and
 *       x * -1 are -x; -(-x) is x; x ^ 2 is x * x (one multiply instead of a pow);
 *   <li>x + (-y) is x - y and x - (-y) is x + y;
 *   <li>log(exp(x)) is x (exact, and finite where exp would overflow), and exp(log(x)) is x
 *       (this one differs where x &lt; 0, where the original is NaN);
 *   <li>stable forms: log(sigmoid(x)) is -softplus(-x) and log(softmax(z)) is log_softmax(z),
 *       which stay finite where sigmoid and softmax underflow to 0.
 * </ul>
 *
 * <p>An identity applies only when it keeps the node's shape: x + 0 with a scalar x and a
 * [3]-shaped zero broadcasts, so it stays. x * 0 is not rewritten to 0, since it is NaN when
 * x is infinite or NaN; constant folding handles it when x is known.
 */
public final class Simplify {
    private static final Op ADD = Elementwise.add();
    private static final Op SUB = Elementwise.sub();
    private static final Op MUL = Elementwise.mul();
    private static final Op DIV = Elementwise.div();
    private static final Op POW = Elementwise.pow();
    private static final Op NEG = Elementwise.neg();
    private static final Op EXP = Elementwise.exp();
    private static final Op LOG = Elementwise.log();
    private static final Op SIGMOID = Elementwise.sigmoid();
    private static final Op SOFTPLUS = Elementwise.softplus();

    private Simplify() {}

    public static Graph run(Graph in) {
        return Rewriter.run(in, null, Simplify::rewrite);
    }

    private static int rewrite(Rewriter r, Node old, List<Integer> in) {
        Op op = old.op();
        if (op.equals(ADD)) {
            if (isConstant(r, in.get(1), 0) && sameShape(r, in.get(0), old)) {
                return in.get(0);
            }
            if (isConstant(r, in.get(0), 0) && sameShape(r, in.get(1), old)) {
                return in.get(1);
            }
            if (r.node(in.get(1)).op().equals(NEG)) {
                return r.emit(SUB, in.get(0), r.node(in.get(1)).input(0));
            }
        } else if (op.equals(SUB)) {
            if (isConstant(r, in.get(1), 0) && sameShape(r, in.get(0), old)) {
                return in.get(0);
            }
            if (isConstant(r, in.get(0), 0) && sameShape(r, in.get(1), old)) {
                return r.emit(NEG, in.get(1));
            }
            if (r.node(in.get(1)).op().equals(NEG)) {
                return r.emit(ADD, in.get(0), r.node(in.get(1)).input(0));
            }
        } else if (op.equals(MUL)) {
            for (int k = 0; k < 2; k++) {
                int x = in.get(1 - k);
                if (isConstant(r, in.get(k), 1) && sameShape(r, x, old)) {
                    return x;
                }
                if (isConstant(r, in.get(k), -1) && sameShape(r, x, old)) {
                    return r.emit(NEG, x);
                }
            }
        } else if (op.equals(DIV)) {
            if (isConstant(r, in.get(1), 1) && sameShape(r, in.get(0), old)) {
                return in.get(0);
            }
        } else if (op.equals(POW)) {
            if (isConstant(r, in.get(1), 1) && sameShape(r, in.get(0), old)) {
                return in.get(0);
            }
            if (isConstant(r, in.get(1), 2) && sameShape(r, in.get(0), old)) {
                return r.emit(MUL, in.get(0), in.get(0));
            }
        } else if (op.equals(NEG)) {
            Node x = r.node(in.get(0));
            if (x.op().equals(NEG)) {
                return x.input(0);
            }
        } else if (op.equals(LOG)) {
            Node x = r.node(in.get(0));
            if (x.op().equals(EXP)) {
                return x.input(0);
            }
            if (x.op().equals(SIGMOID)) {
                int negated = r.emit(NEG, x.input(0));
                return r.emit(NEG, r.emit(SOFTPLUS, negated));
            }
            if (x.op() instanceof Softmax s && !s.log()) {
                return r.emit(Softmax.logSoftmax(s.axis()), x.input(0));
            }
        } else if (op.equals(EXP)) {
            Node x = r.node(in.get(0));
            if (x.op().equals(LOG)) {
                return x.input(0);
            }
        }
        return r.copy(old, in);
    }

    /** A constant whose every element is {@code value}. */
    private static boolean isConstant(Rewriter r, int id, double value) {
        if (!(r.node(id).op() instanceof Leaves.Constant c)) {
            return false;
        }
        for (double v : c.value().data()) {
            if (v != value) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameShape(Rewriter r, int id, Node old) {
        return r.node(id).type().equals(old.type());
    }
}
