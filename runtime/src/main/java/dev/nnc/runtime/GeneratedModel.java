package dev.nnc.runtime;

import dev.nnc.runtime.TensorSpec.Role;
import dev.nnc.runtime.gemm.Gemm;
import dev.nnc.runtime.gemm.RangeBody;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The base class of every class nnc generates. Everything a user calls is here, in plain Java;
 * the generated subclass supplies only the arrays and the kernels.
 *
 * <p>The contract with generated code, as a grammar:
 *
 * <pre>
 *   constructor := super(specChunks) start()
 *   start       := resize(initial sizes) (param, const and input-default values are written)
 *   run         := [resize(sizes)] (runPredict | runEvaluate | runGradients | runUpdate | runTrainStep)
 * </pre>
 *
 * <p>{@code resize} receives the size of every symbol in {@link ModelSpec#symbols} order and
 * must (re)allocate each array shorter than it needs to be; {@code array(slot)} returns the
 * array of {@code spec().tensors().get(slot)}. Generated code reads {@link #learningRate} and
 * {@link #updates} (already counting the update being applied) and calls
 * {@link #checkLabel} before using a label as an index. A loop whose iterations are
 * independent may run through {@link #parallel}, which calls the generated
 * {@link #runRange} back with ranges of its index, on as many threads as
 * {@link Gemm#threads()} allows.
 *
 * <p>The symbols a run loops over are whatever the last {@code resize} stored, so this class
 * calls {@code resize} whenever a size changes: first with the largest size each symbol has had
 * (when one grows past it), which allocates, then with the current sizes, which does not, since
 * every array is then long enough. Arrays therefore grow to the largest batch seen and never
 * shrink, and a trainer that alternates a full and a smaller last batch allocates nothing.
 *
 * <p>Initial symbol sizes are those the inputs' default values imply, else 1 (see
 * {@code InitialSizes}); params start from {@link Initializers#initialize} with the train
 * block's seed, so they are bitwise what the interpreter starts from.
 */
public abstract class GeneratedModel implements CompiledModel {

    /** The learning rate the next update uses; read by generated update code. */
    protected double learningRate;
    /** Updates applied, counting the one in progress while {@link #runUpdate} runs. */
    protected long updates;

    private final ModelSpec spec;
    private final SymbolSizes sizes;
    private final int lossSlot;
    private final ArrayView[] views;
    private double loss = Double.NaN;
    private final RangeBody ranges = this::runRange;

    protected GeneratedModel(String[] specChunks) {
        this.spec = ModelSpec.parse(String.join("", specChunks));
        this.sizes = new SymbolSizes(spec);
        this.views = new ArrayView[spec.tensors().size()];
        this.lossSlot = spec.lossSlot();
        if (spec.objective() != null && lossSlot < 0) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has objective '" + spec.objective()
                    + "' but no loss tensor of that name");
        }
    }

    /** Called by the generated constructor once its fields exist. */
    protected final void start() {
        sizes.start(InitialSizes.of(spec));
        resize(sizes.current);
        writeInitialParams();
        for (int slot = 0; slot < views.length; slot++) {
            TensorSpec t = spec.tensors().get(slot);
            if ((t.role() == Role.CONST || t.role() == Role.INPUT) && t.values() != null) {
                write(slot, t.values());
            }
        }
        learningRate = spec.train() == null ? 0.0 : spec.train().learningRate();
    }

    protected abstract void resize(int[] symbols);

    protected abstract Object array(int slot);

    protected abstract void runPredict();

    protected abstract void runEvaluate();

    protected abstract void runGradients();

    protected abstract void runUpdate();

    /**
     * One training step: {@link #runGradients} then {@link #runUpdate}, unless the generated
     * class fuses the two (a parameter update computed by the matrix product of its gradient).
     * Either way the same bits; {@link #updates} already counts the step's update.
     */
    protected void runTrainStep() {
        runGradients();
        runUpdate();
    }

    /**
     * Runs iterations {@code from} to {@code to} of the generated loop numbered {@code task};
     * see {@link #parallel}. Generated classes with such loops override it.
     */
    protected void runRange(int task, int from, int to) {
        throw new IllegalArgumentException("model '" + spec.name() + "' has no loop " + task);
    }

    /**
     * Runs iterations 0 to {@code count} of generated loop {@code task} through
     * {@link #runRange}, split between threads by {@link Gemm#forRange}: blocks of at least
     * {@code grain} iterations, starting at multiples of {@code align}.
     */
    protected final void parallel(int task, int count, int grain, int align) {
        Gemm.forRange(ranges, task, count, grain, align);
    }

    /**
     * {@code c ? a : b} for generated code, with both values already computed: chosen as their
     * bits, an int choice, which C2 compiles to a conditional move rather than a branch (a
     * branch on a condition of random sign is mispredicted half the time).
     */
    protected static float choose(boolean c, float a, float b) {
        return Float.intBitsToFloat(c ? Float.floatToRawIntBits(a) : Float.floatToRawIntBits(b));
    }

    /** {@link #choose(boolean, float, float)} in double precision. */
    protected static double choose(boolean c, double a, double b) {
        return Double.longBitsToDouble(c ? Double.doubleToRawLongBits(a) : Double.doubleToRawLongBits(b));
    }

    /**
     * A class label about to be used as an index, checked to lie in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException naming the input, the example and the label
     */
    public static int checkLabel(int value, int classes, int example, String input) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException("label " + value + " of example " + example + " in input '" + input
                    + "' is out of range: the model has " + classes + " classes, so labels run from 0 to "
                    + (classes - 1));
        }
        return value;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    // ---- sizes --------------------------------------------------------------------------

    @Override
    public final void setBatch(int n) {
        if (sizes.batchSymbol >= 0) {
            bind(sizes.batchSymbol, n);
            return;
        }
        if (n != sizes.fixedBatch) {
            throw new IllegalArgumentException("model '" + spec.name() + "' has no symbolic batch axis: the first axis of"
                    + " its inputs is fixed at " + sizes.fixedBatch + ", so the batch cannot be " + n);
        }
    }

    @Override
    public final int batch() {
        return sizes.batchSymbol >= 0 ? sizes.current[sizes.batchSymbol] : sizes.fixedBatch;
    }

    @Override
    public final void bind(String symbol, int size) {
        bind(sizes.index(symbol), size);
    }

    @Override
    public final int size(String symbol) {
        return sizes.current[sizes.index(symbol)];
    }

    private void bind(int s, int n) {
        if (sizes.current[s] == n) {
            return;
        }
        if (sizes.set(s, n)) {
            resize(sizes.capacity);
        }
        resize(sizes.current);
    }

    // ---- handles ------------------------------------------------------------------------

    @Override
    public final TensorView input(String name) {
        return view(name, Role.INPUT);
    }

    @Override
    public final TensorView param(String name) {
        return view(name, Role.PARAM);
    }

    /** An output, or the loss by its name. */
    @Override
    public final TensorView output(String name) {
        int slot = spec.slot(name, Role.OUTPUT);
        if (slot < 0) {
            slot = spec.slot(name, Role.LOSS);
        }
        if (slot < 0) {
            throw new IllegalArgumentException(spec.missing(name, Role.OUTPUT, Role.LOSS));
        }
        return view(slot);
    }

    /** The gradient with respect to the param (or input) {@code name}; its own name ({@code dloss/dW}) works too. */
    @Override
    public final TensorView gradient(String name) {
        int slot = spec.gradientSlot(name);
        if (slot < 0) {
            slot = spec.slot(name, Role.GRADIENT);
        }
        if (slot < 0) {
            requireObjective();
            List<String> targets = spec.withRole(Role.GRADIENT).stream().map(TensorSpec::target).toList();
            throw new IllegalArgumentException("model '" + spec.name() + "' has no gradient with respect to '" + name + "'"
                    + Spelling.didYouMean(name, targets) + " (it has gradients with respect to: " + String.join(", ", targets)
                    + ")");
        }
        return view(slot);
    }

    /** The view of the tensor with this name and role; also for tests and tools. */
    public final TensorView view(String name, Role role) {
        int slot = spec.slot(name, role);
        if (slot < 0) {
            throw new IllegalArgumentException(spec.missing(name, role));
        }
        return view(slot);
    }

    final ArrayView view(int slot) {
        ArrayView v = views[slot];
        if (v == null) {
            views[slot] = v = new ArrayView(this, slot, sizes.current);
        }
        return v;
    }

    // ---- runs ---------------------------------------------------------------------------

    @Override
    public final void predict() {
        runPredict();
    }

    @Override
    public final double evaluate() {
        requireObjective();
        runEvaluate();
        return loss = readLoss();
    }

    @Override
    public final double computeGradients() {
        requireObjective();
        runGradients();
        return loss = readLoss();
    }

    @Override
    public final void applyUpdate() {
        requireObjective();
        updates++;
        runUpdate();
    }

    @Override
    public final double trainStep() {
        requireObjective();
        updates++;
        try {
            runTrainStep();
        } catch (RuntimeException | Error e) {
            // Not counted: the usual failure, a bad label, comes from the forward pass, before any update.
            updates--;
            throw e;
        }
        return loss = readLoss();
    }

    /** The last loss computed; NaN before the first. */
    @Override
    public final double loss() {
        return loss;
    }

    private double readLoss() {
        Object a = array(lossSlot);
        return a instanceof float[] f ? f[0] : ((double[]) a)[0];
    }

    private void requireObjective() {
        if (spec.objective() == null) {
            throw new IllegalStateException("model '" + spec.name() + "' has no loss, so it can only predict");
        }
    }

    // ---- training state -----------------------------------------------------------------

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("the learning rate must be a finite number of at least 0, not " + lr);
        }
        learningRate = lr;
    }

    @Override
    public final long updates() {
        return updates;
    }

    /**
     * Puts every param back to its initial value, zeroes the optimizer state and the gradients,
     * and the update count. The learning rate, the inputs and the sizes stay as they are.
     */
    @Override
    public final void reset() {
        writeInitialParams();
        for (int slot = 0; slot < views.length; slot++) {
            Role role = spec.tensors().get(slot).role();
            if (role == Role.STATE || role == Role.GRADIENT) {
                zero(array(slot));
            }
        }
        updates = 0;
        loss = Double.NaN;
    }

    @Override
    public final void save(Path file) throws IOException {
        Weights.save(this, file);
    }

    @Override
    public final void load(Path file) throws IOException {
        Weights.load(this, file);
    }

    @Override
    public final Map<String, TensorData> state() {
        return Weights.state(this);
    }

    @Override
    public final void restore(Map<String, TensorData> state) {
        Weights.restore(this, state);
    }

    @Override
    public String toString() {
        return "model '" + spec.name() + "' (" + getClass().getName() + ")";
    }

    // ---- writing values -----------------------------------------------------------------

    private void writeInitialParams() {
        long seed = spec.train() == null ? 0 : spec.train().seed();
        for (int slot = 0; slot < views.length; slot++) {
            TensorSpec t = spec.tensors().get(slot);
            if (t.role() == Role.PARAM) {
                double[] v = new double[view(slot).size()];
                Initializers.initialize(t, seed, v);
                write(slot, v);
            }
        }
    }

    /** Writes values into a slot's array; one value fills the tensor (a literal such as {@code = 0.1}). */
    final void write(int slot, double[] values) {
        ArrayView v = view(slot);
        int n = v.size();
        if (values.length == 1 && n != 1) {
            double[] filled = new double[n];
            Arrays.fill(filled, values[0]);
            values = filled;
        }
        v.copyFrom(values);
    }

    private static void zero(Object a) {
        if (a instanceof float[] f) {
            Arrays.fill(f, 0f);
        } else if (a instanceof double[] d) {
            Arrays.fill(d, 0.0);
        } else {
            Arrays.fill((int[]) a, 0);
        }
    }
}
