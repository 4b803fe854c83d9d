package dev.nnc.ir.ops;

import dev.nnc.ir.Dim;
import dev.nnc.ir.Emitter;
import dev.nnc.ir.Node;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two ops that derivative rules use to move a cotangent between shapes. Each takes a
 * second operand only for its shape ({@code like}), so symbolic dimensions such as B need no
 * binding: the target is whatever shape {@code like} has at run time.
 *
 * <p>They are each other's derivative: the VJP of a broadcast is a sum over the broadcast
 * axes, and the VJP of that sum is a broadcast back.
 */
public final class BroadcastOps {

    private BroadcastOps() {}

    /** {@code g} summed down to the shape of {@code like}, which must broadcast to g's shape. */
    public static SumLike sumLike() {
        return new SumLike();
    }

    /**
     * {@code g} broadcast up to the shape of {@code like}. With {@code axes} null the shapes
     * line up from the right, as NumPy broadcasts; otherwise g's shape is like's shape with
     * {@code axes} removed (what a reduction without keepdims leaves) and those axes are
     * re-inserted before broadcasting.
     */
    public static BroadcastLike broadcastLike(int[] axes) {
        return new BroadcastLike(axes == null ? null : Arrays.stream(axes).boxed().toList());
    }

    public record SumLike() implements Op {
        @Override
        public String name() {
            return "sum_like";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType g = operands.get(0);
            TensorType like = operands.get(1);
            FloatOperands.require(g, 0);
            Shape target = like.shape();
            Shape stretched = Broadcast.shape("sum to the shape of", List.of(target, g.shape()));
            if (!stretched.equals(g.shape())) {
                throw new ShapeException("cannot sum " + g.shape() + " down to " + target, -1, null);
            }
            return new TensorType(g.dtype(), target);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor g = operands.get(0);
            int[] target = operands.get(1).shape();
            int[] map = Broadcast.indexMap(target, g.shape());
            double[] out = new double[Math.toIntExact(Tensor.count(target))];
            for (int i = 0; i < map.length; i++) {
                out[map[i]] += g.get(i);
            }
            return new Tensor(target, out);
        }

        /** A sum's cotangent is broadcast back; {@code like} gives only a shape. */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            return new int[] {e.broadcastLike(g, node.input(0)), Emitter.NONE};
        }
    }

    public record BroadcastLike(List<Integer> axes) implements Op {
        public BroadcastLike {
            axes = axes == null ? null : List.copyOf(axes);
        }

        @Override
        public String name() {
            return axes == null ? "broadcast_like" : "broadcast_like(axis=" + axes + ")";
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public TensorType infer(List<TensorType> operands) {
            TensorType g = operands.get(0);
            TensorType like = operands.get(1);
            FloatOperands.require(g, 0);
            Shape source = axes == null ? g.shape() : keepdims(g.shape(), like.shape().rank());
            Shape result = Broadcast.shape("broadcast to the shape of", List.of(source, like.shape()));
            if (!result.equals(like.shape())) {
                throw new ShapeException("cannot broadcast " + g.shape() + " up to " + like.shape(), -1, null);
            }
            return new TensorType(g.dtype(), like.shape());
        }

        /** g's shape with the reduced axes put back as 1. */
        private Shape keepdims(Shape reduced, int rank) {
            boolean[] isReduced = new boolean[rank];
            for (int a : axes) {
                isReduced[Axes.normalize(a, rank)] = true;
            }
            List<Dim> dims = new ArrayList<>();
            int next = 0;
            for (int a = 0; a < rank; a++) {
                if (isReduced[a]) {
                    dims.add(Dim.of(1));
                } else {
                    if (next >= reduced.rank()) {
                        throw new ShapeException("cannot broadcast " + reduced + " up to rank " + rank, -1, null);
                    }
                    dims.add(reduced.dim(next++));
                }
            }
            if (next != reduced.rank()) {
                throw new ShapeException("cannot broadcast " + reduced + " up to rank " + rank, -1, null);
            }
            return new Shape(dims);
        }

        @Override
        public Tensor evaluate(List<Tensor> operands) {
            Tensor g = operands.get(0);
            int[] target = operands.get(1).shape();
            int[] source = axes == null ? g.shape() : keepdims(g.staticShape(), target.length).sizes();
            int[] map = Broadcast.indexMap(source, target);
            double[] out = new double[map.length];
            for (int i = 0; i < map.length; i++) {
                out[i] = g.get(map[i]);
            }
            return new Tensor(target, out);
        }

        /** A broadcast's cotangent is summed over the broadcast axes; {@code like} gives only a shape. */
        @Override
        public int[] vjp(Emitter e, Node node, int g) {
            if (axes == null) {
                return new int[] {e.sumLike(g, node.input(0)), Emitter.NONE};
            }
            int[] reduced = axes.stream().mapToInt(Integer::intValue).toArray();
            return new int[] {e.apply(Reductions.sum(reduced, false), g), Emitter.NONE};
        }
    }
}
