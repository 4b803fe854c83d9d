package dev.nnc.runtime;

import java.util.Arrays;
import java.util.Locale;

/**
 * The sizes of a model's symbols: the current ones, which runs loop over, and the largest each
 * has had, which the arrays are allocated for. Also which symbol {@code setBatch} binds.
 *
 * <p>{@link #set} runs on every batch change, so it reads only arrays made here and allocates
 * nothing (iterating the spec's lists would allocate an iterator each time).
 */
final class SymbolSizes {
    private final ModelSpec spec;
    /** The current size of each symbol; views read it, so it is updated in place. */
    final int[] current;
    /** The largest size each symbol has had: what the arrays are allocated for. */
    final int[] capacity;
    /** The symbol {@code setBatch} binds, or -1 when the inputs' first axis is fixed. */
    final int batchSymbol;
    /** The fixed first axis of the inputs when {@link #batchSymbol} is -1 (1 with no such axis). */
    final int fixedBatch;
    /** Per slot: the product of the fixed dimensions (capped past the largest array), and the symbol of each symbolic axis. */
    private final long[] fixedElements;
    private final int[][] axisSymbols;

    SymbolSizes(ModelSpec spec) {
        this.spec = spec;
        this.current = new int[spec.symbols().size()];
        this.capacity = new int[current.length];
        int slots = spec.tensors().size();
        this.fixedElements = new long[slots];
        this.axisSymbols = new int[slots][];
        for (int slot = 0; slot < slots; slot++) {
            TensorSpec t = spec.tensors().get(slot);
            long fixed = 1;
            int[] symbols = new int[t.rank()];
            int count = 0;
            for (int a = 0; a < t.rank(); a++) {
                if (t.isSymbolic(a)) {
                    symbols[count++] = spec.symbol(t.dims().get(a));
                } else {
                    fixed = Math.min(fixed * Integer.parseInt(t.dims().get(a)), TensorData.MAX_ELEMENTS + 1L);
                }
            }
            fixedElements[slot] = fixed;
            axisSymbols[slot] = Arrays.copyOf(symbols, count);
        }
        // The batch is the first symbolic first axis among the inputs; failing one, the first fixed one.
        int symbol = -1;
        int fixed = 1;
        for (TensorSpec t : spec.inputs()) {
            if (t.rank() > 0 && t.isSymbolic(0)) {
                symbol = spec.symbol(t.dims().get(0));
                break;
            }
        }
        if (symbol < 0) {
            for (TensorSpec t : spec.inputs()) {
                if (t.rank() > 0) {
                    fixed = Integer.parseInt(t.dims().get(0));
                    break;
                }
            }
        }
        this.batchSymbol = symbol;
        this.fixedBatch = fixed;
    }

    /** Starts every symbol at {@code initial}, both current and capacity. */
    void start(int[] initial) {
        System.arraycopy(initial, 0, current, 0, current.length);
        System.arraycopy(initial, 0, capacity, 0, capacity.length);
        check();
    }

    /** The index of a symbol, or an exception naming the model's symbols. */
    int index(String symbol) {
        int s = spec.symbol(symbol);
        if (s < 0) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no symbol '" + symbol + "'"
                    + Spelling.didYouMean(symbol, spec.symbols())
                    + (spec.symbols().isEmpty() ? "; it has none" : " (its symbols: " + String.join(", ", spec.symbols()) + ")"));
        }
        return s;
    }

    /**
     * Sets symbol {@code s} to {@code n}, checked first; unchanged on failure.
     *
     * @return whether the capacity grew, so that the arrays must be reallocated
     */
    boolean set(int s, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("symbol " + spec.symbols().get(s) + " of model '" + spec.name()
                    + "' cannot be " + n + ": sizes are never negative");
        }
        int previous = current[s];
        current[s] = n;
        try {
            check();
        } catch (IllegalArgumentException e) {
            current[s] = previous;
            throw e;
        }
        if (n <= capacity[s]) {
            return false;
        }
        capacity[s] = n;
        return true;
    }

    /** Refuses sizes that would make a tensor larger than a Java array, before anything is allocated. */
    private void check() {
        for (int slot = 0; slot < axisSymbols.length; slot++) {
            long n = fixedElements[slot];
            // Checked before each factor, so that the product never overflows a long.
            for (int s : axisSymbols[slot]) {
                if (n > TensorData.MAX_ELEMENTS) {
                    break;
                }
                n *= Math.max(current[s], capacity[s]);
            }
            if (n > TensorData.MAX_ELEMENTS) {
                TensorSpec t = spec.tensors().get(slot);
                throw new IllegalArgumentException("model '" + spec.name() + "': at " + describe() + ", "
                        + t.role().name().toLowerCase(Locale.ROOT) + " '" + t.name() + "' " + t.shapeText()
                        + " would hold more values than a Java array can (" + TensorData.MAX_ELEMENTS + ")");
            }
        }
    }

    /** "B = 32, T = 10". */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < current.length; s++) {
            sb.append(s == 0 ? "" : ", ").append(spec.symbols().get(s)).append(" = ").append(current[s]);
        }
        return sb.toString();
    }
}
