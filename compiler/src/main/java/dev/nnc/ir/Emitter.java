package dev.nnc.ir;

import dev.nnc.ir.ops.BroadcastOps;
import dev.nnc.ir.ops.Elementwise;
import dev.nnc.ir.ops.Leaves;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What a derivative rule builds graph with. Every node it adds takes the span of the forward
 * node being differentiated and records it as its origin, with the rule's name, so that
 * {@code nnc explain} can say where each backward node came from.
 *
 * <p>The arithmetic helpers keep rules short and prune work that cannot matter: adding
 * {@link #NONE} is the identity, and cotangents are unbroadcast only when shapes differ.
 */
public final class Emitter {
    /** No gradient: the symbolic zero. */
    public static final int NONE = -1;

    private final Graph graph;
    private final IntPredicate needed;
    private Node forward;
    private String rule;

    /** An emitter for rules whose every cotangent is wanted. */
    public Emitter(Graph graph) {
        this(graph, id -> true);
    }

    /**
     * @param needed which nodes the sweep wants a cotangent for; a rule may skip the others
     */
    public Emitter(Graph graph, IntPredicate needed) {
        this.graph = graph;
        this.needed = needed;
    }

    /**
     * Whether the sweep wants the cotangent of node {@code id}. A rule may return
     * {@link #NONE} for an operand that is not wanted (a const, a value that does not depend
     * on what is being differentiated), so that it emits no work that cannot matter.
     */
    public boolean needsGradient(int id) {
        return needed.test(id);
    }

    /** Attributes the following nodes to {@code forwardNode}'s rule {@code ruleName}. */
    public void at(Node forwardNode, String ruleName) {
        this.forward = forwardNode;
        this.rule = ruleName;
    }

    public Graph graph() {
        return graph;
    }

    public Node node(int id) {
        return graph.node(id);
    }

    public Shape shape(int id) {
        return graph.node(id).shape();
    }

    public int apply(Op op, int... inputs) {
        List<Integer> ids = new ArrayList<>(inputs.length);
        for (int in : inputs) {
            if (in == NONE) {
                throw new IllegalArgumentException("no operand for " + op.name() + ": " + Arrays.toString(inputs));
            }
            ids.add(in);
        }
        Node.Origin origin = forward == null ? null : new Node.Origin(forward.id(), rule);
        return graph.add(op, ids, forward == null ? null : forward.span(), origin).id();
    }

    /** A scalar constant of the float type being differentiated. */
    public int constant(double value) {
        DType dtype = forward != null && forward.dtype().isFloat() ? forward.dtype() : DType.F64;
        return apply(Leaves.Constant.scalar(value, dtype));
    }

    public int add(int a, int b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return apply(Elementwise.add(), a, b);
    }

    public int sub(int a, int b) {
        return apply(Elementwise.sub(), a, b);
    }

    public int mul(int a, int b) {
        return apply(Elementwise.mul(), a, b);
    }

    public int div(int a, int b) {
        return apply(Elementwise.div(), a, b);
    }

    public int neg(int a) {
        return apply(Elementwise.neg(), a);
    }

    /** {@code g} summed over the axes along which {@code like} was broadcast (NumPy alignment). */
    public int sumLike(int g, int like) {
        if (shape(g).equals(shape(like))) {
            return g;
        }
        return apply(BroadcastOps.sumLike(), g, like);
    }

    /** {@code g} broadcast to the shape of {@code like} (NumPy alignment). */
    public int broadcastLike(int g, int like) {
        if (shape(g).equals(shape(like))) {
            return g;
        }
        return apply(BroadcastOps.broadcastLike(null), g, like);
    }

    /**
     * {@code g}, the cotangent of a reduction over {@code axes} without keepdims (null: all
     * axes), broadcast back to the shape of the reduced operand {@code like}.
     */
    public int broadcastLike(int g, int like, int[] axes) {
        if (axes == null) {
            return apply(BroadcastOps.broadcastLike(null), g, like);
        }
        return apply(BroadcastOps.broadcastLike(axes), g, like);
    }
}
