package dev.nnc.ir;

/** One dimension of a shape: a fixed size, or a symbol such as {@code B} bound when a batch arrives. */
public sealed interface Dim {

    record Fixed(int size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("negative dimension " + size);
            }
        }

        @Override
        public String toString() {
            return Integer.toString(size);
        }
    }

    record Symbol(String name) implements Dim {
        @Override
        public String toString() {
            return name;
        }
    }

    static Dim of(int size) {
        return new Fixed(size);
    }

    static Dim of(String symbol) {
        return new Symbol(symbol);
    }

    default boolean isFixed() {
        return this instanceof Fixed;
    }

    /** The size of a fixed dimension; fails on a symbol. */
    default int size() {
        if (this instanceof Fixed f) {
            return f.size();
        }
        throw new IllegalStateException("symbolic dimension " + this + " has no size yet");
    }
}
