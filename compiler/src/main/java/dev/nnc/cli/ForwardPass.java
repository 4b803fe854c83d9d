package dev.nnc.cli;

import dev.nnc.ir.Model;
import dev.nnc.ir.Tensor;
import java.util.Map;
import java.util.function.Function;

/**
 * How {@code nnc run} computes a model's values: the reference interpreter for now, compiled
 * code later.
 */
@FunctionalInterface
public interface ForwardPass {

    /**
     * Evaluates every node of {@code model} with {@code feeds} (by input or param name) standing
     * in for defaults and initial values.
     *
     * @return the value of each named node, looked up by name
     * @throws IllegalArgumentException with a message for the user when the data does not fit
     *     (a missing input, a wrong shape)
     * @throws UnsupportedOperationException with a message for the user when the model holds
     *     something that cannot be evaluated yet ({@code grad(...)} before differentiation)
     */
    Function<String, Tensor> run(Model model, Map<String, Tensor> feeds);
}
