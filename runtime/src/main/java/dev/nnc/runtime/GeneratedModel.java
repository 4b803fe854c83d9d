package dev.nnc.runtime;

/**
 * The base class of every class nnc generates. Everything a user calls is here, in plain Java;
 * the generated subclass supplies only the arrays and the kernels.
 *
 * <p>The contract with generated code, as a grammar:
 *
 * <pre>
 *   constructor := super(specChunks) start()
 *   start       := resize(initial sizes) (param, const and input-default values are written)
 *   run         := [resize(sizes)] (runPredict | runEvaluate | runGradients | runUpdate)
 * </pre>
 *
 * <p>{@code resize} receives the size of every symbol in {@link ModelSpec#symbols} order and
 * must (re)allocate each array shorter than it needs to be; {@code array(slot)} returns the
 * array of {@code spec().tensors().get(slot)}. Generated code reads {@link #learningRate} and
 * {@link #updates} (already counting the update being applied) and calls
 * {@link #checkLabel} before using a label as an index.
 */
public abstract class GeneratedModel implements CompiledModel {

    /** The learning rate the next update uses; read by generated update code. */
    protected double learningRate;
    /** Updates applied, counting the one in progress while {@link #runUpdate} runs. */
    protected long updates;

    protected GeneratedModel(String[] specChunks) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Called by the generated constructor once its fields exist. */
    protected final void start() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    protected abstract void resize(int[] symbols);

    protected abstract Object array(int slot);

    protected abstract void runPredict();

    protected abstract void runEvaluate();

    protected abstract void runGradients();

    protected abstract void runUpdate();

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
}
