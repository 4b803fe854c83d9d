package dev.nnc.ir.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ir.DType;
import dev.nnc.ir.Dim;
import dev.nnc.ir.Op;
import dev.nnc.ir.Shape;
import dev.nnc.ir.ShapeException;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Short spellings for op tests: types written like the language writes them. */
public final class OpAssertions {

    private OpAssertions() {}

    /** A shape from sizes and symbol names: {@code shape("B", 784)} is [B, 784]. */
    public static Shape shape(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) {
            out.add(d instanceof Integer i ? Dim.of(i) : Dim.of((String) d));
        }
        return new Shape(out);
    }

    public static TensorType f64(Object... dims) {
        return new TensorType(DType.F64, shape(dims));
    }

    public static TensorType f32(Object... dims) {
        return new TensorType(DType.F32, shape(dims));
    }

    public static TensorType int32(Object... dims) {
        return new TensorType(DType.I32, shape(dims));
    }

    public static TensorType infer(Op op, TensorType... operands) {
        return op.infer(List.of(operands));
    }

    public static ShapeException rejects(Op op, TensorType... operands) {
        return assertThrows(ShapeException.class, () -> op.infer(List.of(operands)));
    }

    public static void assertRejects(String message, int operand, Op op, TensorType... operands) {
        ShapeException e = rejects(op, operands);
        assertEquals(message, e.getMessage());
        assertEquals(operand, e.operand(), "blamed operand");
    }

    public static Tensor eval(Op op, Tensor... operands) {
        return op.evaluate(List.of(operands));
    }

    public static void assertTensor(int[] shape, double[] expected, Tensor actual, double tolerance) {
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.data(), tolerance);
    }

    public static void assertTensor(int[] shape, double[] expected, Tensor actual) {
        assertTensor(shape, expected, actual, 0.0);
    }

    public static int[] dims(int... sizes) {
        return sizes;
    }

    public static double[] values(double... v) {
        return v;
    }
}
