package dev.nnc.runtime;

import java.util.List;
import java.util.Map;

/**
 * Everything a compiled model says about itself: its name, float type, symbolic dimensions,
 * every tensor it exposes (in slot order: {@code tensors().get(slot)}), its training settings
 * and a fingerprint that ties weights files to it.
 *
 * <p>A generated class carries its spec as text ({@link #toText}) and the runtime reads it back
 * with {@link #parse}, so nothing but the runtime is needed to use a compiled model.
 *
 * @param objective the name of the loss the train step minimises, or null for a model that
 *     can only predict
 * @param fingerprint a hash of what makes weights fit: the tensors' names, roles, dtypes and
 *     shapes
 */
public record ModelSpec(String name, DType dtype, List<String> symbols, List<TensorSpec> tensors,
                        TrainSpec train, String objective, String fingerprint) {

    /**
     * The train block's settings: the optimizer's name ({@code sgd}, {@code adam},
     * {@code adamw}) and its hyperparameters by their .nn names ({@code lr}, {@code momentum},
     * {@code nesterov} as 0 or 1, {@code weight_decay}, {@code beta1}, {@code beta2},
     * {@code eps}), with batch, epochs, seed and clip_norm (0 when gradients are not clipped).
     */
    public record TrainSpec(String optimizer, Map<String, Double> hyperparameters, int batch, int epochs, long seed,
                            double clipNorm) {
        public TrainSpec {
            hyperparameters = Map.copyOf(hyperparameters);
        }

        public double learningRate() {
            return hyperparameters.getOrDefault("lr", 0.0);
        }
    }

    public ModelSpec {
        symbols = List.copyOf(symbols);
        tensors = List.copyOf(tensors);
    }
}
