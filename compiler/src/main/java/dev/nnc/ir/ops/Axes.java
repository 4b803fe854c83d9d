package dev.nnc.ir.ops;

import dev.nnc.ir.ShapeException;

/** Axis arguments as the language writes them: negative axes count from the end. */
final class Axes {

    private Axes() {}

    /**
     * {@code axis} as an index in {@code [0, rank)}. Ops keep axes as written (their rank is
     * unknown when they are built) and normalise them here, in the shape rule and evaluation.
     *
     * @throws ShapeException naming operand 0 when the axis does not exist
     */
    static int normalize(int axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw new ShapeException("axis " + axis + " is out of range for a tensor of rank " + rank, 0, null);
        }
        return axis < 0 ? axis + rank : axis;
    }
}
