package dev.nnc.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model compiled by nnc: generated code that predicts, computes gradients and trains, with
 * its tensors held in flat arrays it owns. Obtain one from the compiler
 * ({@code dev.nnc.Nnc.compile}) or from a compiled jar; it needs nothing but this runtime.
 *
 * <p>The protocol, as a grammar (ASM's style):
 *
 * <pre>
 *   session  := configure* ( batch feed* run read* )*
 *   configure:= setLearningRate | load | restore | param(name).copyFrom
 *   batch    := setBatch(n) | bind(symbol, n)        (only when a symbolic size changes)
 *   feed     := input(name).copyFrom(...)
 *   run      := predict | evaluate | computeGradients [applyUpdate] | trainStep
 *   read     := output(name).get / copyTo | loss() | gradient(name).get | param(name).get
 * </pre>
 *
 * <p>Every input must be fed for the current batch before a run; a run computes from whatever
 * the input arrays hold. {@link #predict} reads only the inputs the outputs depend on; the others
 * also read the inputs the loss needs (labels). {@link #computeGradients} and
 * {@link #applyUpdate} are separate so that gradients can be averaged across machines before
 * the update; {@link #trainStep} is both.
 *
 * <p>Handles returned by {@link #input}, {@link #param}, {@link #output} and {@link #gradient}
 * are created once and stay valid; reading and writing through them, and every run, allocate
 * nothing once the largest batch has been seen. A model is not thread-safe.
 *
 * <p>Misuse throws IllegalArgumentException or IllegalStateException with a message naming the
 * tensor, its expected shape and what was given; no run ever fails with an
 * ArrayIndexOutOfBoundsException or gives a silently wrong answer.
 */
public interface CompiledModel {

    ModelSpec spec();

    /** The model's name, from its {@code model} line. */
    default String name() {
        return spec().name();
    }

    /**
     * Sets the batch size: binds the symbol that is the first axis of the inputs (conventionally
     * {@code B}). Buffers grow to the largest batch seen and never shrink.
     *
     * @throws IllegalArgumentException when n is negative, or the inputs have no symbolic first
     *     axis and n differs from their fixed size
     */
    void setBatch(int n);

    /** The current batch size: the size of the batch symbol, or the fixed first axis. */
    int batch();

    /** Binds any symbolic dimension by name. */
    void bind(String symbol, int size);

    /** The current size of a symbol. */
    int size(String symbol);

    TensorView input(String name);

    TensorView param(String name);

    /** An output, or the loss by its name. */
    TensorView output(String name);

    /**
     * The gradient of the objective with respect to a param (or a float input), by that
     * tensor's name ({@code W1}) or by the gradient's own ({@code dloss/dW1}).
     */
    TensorView gradient(String name);

    /** Computes the outputs from the inputs and params. */
    void predict();

    /** Computes the outputs and the loss; returns the loss. */
    double evaluate();

    /** Computes the loss and the gradient of every param (and the outputs); returns the loss. */
    double computeGradients();

    /** Applies one optimizer update from the gradient buffers (after clipping, if configured). */
    void applyUpdate();

    /** {@link #computeGradients} then {@link #applyUpdate}; returns the loss before the update. */
    double trainStep();

    /** The loss the last evaluate, computeGradients or trainStep computed; NaN before the first. */
    double loss();

    double learningRate();

    void setLearningRate(double lr);

    /** How many updates have been applied. */
    long updates();

    /**
     * Puts every param back to its seeded initial value and zeroes the optimizer state, the
     * gradients and the update count. The learning rate, the sizes and the inputs stay as
     * they are.
     */
    void reset();

    /**
     * Writes the params to a safetensors file, atomically, stamped with the model's identity.
     */
    void save(Path file) throws IOException;

    /**
     * Reads params from a safetensors file written for this model.
     *
     * @throws CheckpointException when the file belongs to another model, lacks a param, or a
     *     tensor has the wrong dtype or shape
     * @throws IOException when the file cannot be read or is truncated or corrupt
     */
    void load(Path file) throws IOException;

    /**
     * Params, optimizer state and the update count: what a checkpoint needs to resume. A new
     * map of copies, each tensor under its own name and the update count under
     * {@code nnc.updates} as an f64 scalar.
     */
    Map<String, TensorData> state();

    /**
     * Restores what {@link #state} returned, after checking every tensor is there with its
     * dtype and shape (nothing is written otherwise).
     *
     * @throws IllegalArgumentException naming the tensor that is missing, unknown or does not fit
     */
    void restore(Map<String, TensorData> state);
}
