package dev.nnc.program;

/**
 * An array field of the generated class. {@code size} is an I32 expression over the symbol
 * fields (a constant for fixed shapes); the array is (re)allocated in {@code resize} whenever
 * it is shorter than that, so it is sized for the largest batch seen. {@code slot} is the
 * index of the runtime tensor it holds in the model's spec, or -1 for an internal buffer.
 */
public record Buffer(String name, Kind kind, Expr size, int slot, String comment) {}
