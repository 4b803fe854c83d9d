package dev.nnc.ir;

/** The static type of a graph value: element type and shape. */
public record TensorType(DType dtype, Shape shape) {

    public static TensorType scalar(DType dtype) {
        return new TensorType(dtype, Shape.SCALAR);
    }

    public TensorType withShape(Shape newShape) {
        return new TensorType(dtype, newShape);
    }

    public int rank() {
        return shape.rank();
    }

    @Override
    public String toString() {
        return dtype == DType.I32 ? "int" + shape : shape.toString();
    }
}
