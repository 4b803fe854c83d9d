package dev.nnc.runtime.gemm;

/**
 * A loop whose iterations are independent, run a range of its index at a time by
 * {@link Gemm#forRange}: each iteration writes only its own elements and reads nothing another
 * iteration writes, so any split of the index range between threads computes the same bits.
 * Generated models implement it once, with {@code task} naming which of their loops to run.
 */
@FunctionalInterface
public interface RangeBody {

    /** Runs iterations {@code from} (inclusive) to {@code to} (exclusive) of loop {@code task}. */
    void range(int task, int from, int to);
}
