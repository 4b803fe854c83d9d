package dev.nnc.runtime.app;

import dev.nnc.runtime.ModelSpec;
import java.util.ArrayList;
import java.util.List;

/** The optimizer of a train block as the .nn source writes it: {@code adam(lr = 0.001, beta1 = 0.9, ...)}. */
final class Optimizers {
    /** Hyperparameters in the order the compiler describes them. */
    private static final List<String> ORDER = List.of("lr", "momentum", "nesterov", "beta1", "beta2", "eps", "weight_decay");

    private Optimizers() {}

    /**
     * @param lr the learning rate in use, which {@code --lr} may have changed from the spec's
     */
    static String describe(ModelSpec.TrainSpec train, double lr) {
        if (train == null) {
            return "no optimizer";
        }
        List<String> parts = new ArrayList<>();
        for (String name : ORDER) {
            Double v = name.equals("lr") ? Double.valueOf(lr) : train.hyperparameters().get(name);
            if (v != null) {
                parts.add(name + " = " + (name.equals("nesterov") ? Boolean.toString(v != 0) : Double.toString(v)));
            }
        }
        train.hyperparameters().keySet().stream().filter(k -> !ORDER.contains(k)).sorted()
                .forEach(k -> parts.add(k + " = " + train.hyperparameters().get(k)));
        return train.optimizer() + "(" + String.join(", ", parts) + ")";
    }
}
