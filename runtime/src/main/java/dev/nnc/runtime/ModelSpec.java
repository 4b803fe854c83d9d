package dev.nnc.runtime;

import dev.nnc.runtime.TensorSpec.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a compiled model says about itself: its name, float type, symbolic dimensions,
 * every tensor it exposes (in slot order: {@code tensors().get(slot)}), its training settings
 * and a fingerprint that ties weights files to it.
 *
 * <p>A generated class carries its spec as text ({@link #toText}) and the runtime reads it back
 * with {@link #parse}, so nothing but the runtime is needed to use a compiled model. The text
 * format is described in {@code SpecText}; it round-trips exactly.
 *
 * @param objective the name of the loss the train step minimises, or null for a model that
 *     can only predict
 * @param fingerprint a hash of what makes weights fit: the tensors' names, roles, dtypes and
 *     shapes; see {@link #fingerprint(List)}
 * @param train the training settings; null only for a spec built by hand without them
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

    /** A spec whose fingerprint is computed from its tensors. */
    public static ModelSpec of(String name, DType dtype, List<String> symbols, List<TensorSpec> tensors, TrainSpec train,
                               String objective) {
        return new ModelSpec(name, dtype, symbols, tensors, train, objective, fingerprint(tensors));
    }

    /** The spec as text, for a generated class to carry; {@link #parse} reads it back equal. */
    public String toText() {
        return SpecText.format(this);
    }

    /**
     * Reads what {@link #toText} wrote.
     *
     * @throws IllegalArgumentException naming the line, when the text is not a spec this
     *     runtime reads, is truncated, or a dimension names no declared symbol
     */
    public static ModelSpec parse(String text) {
        return SpecText.parse(text);
    }

    /**
     * A hash of what makes weights and data fit a model: the role, name, dtype and dims of every
     * input, param and output (the roles {@link ModelIdentity} promises), as 16 hex digits (the
     * first 64 bits of SHA-256). Other tensors are left out, so changing the optimizer, which
     * adds or removes state, does not orphan saved weights; the order of the tensors does not
     * count either, since weights files match tensors by name.
     */
    public static String fingerprint(List<TensorSpec> tensors) {
        List<String> lines = new ArrayList<>();
        for (TensorSpec t : tensors) {
            if (t.role() == Role.INPUT || t.role() == Role.PARAM || t.role() == Role.OUTPUT) {
                lines.add(t.role().name().toLowerCase(Locale.ROOT) + " " + t.name() + " " + t.dtype().spelling() + " "
                        + String.join(",", t.dims()) + "\n");
            }
        }
        lines.sort(null);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK provides SHA-256", e);
        }
        for (String line : lines) {
            sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    /** The slot of the tensor with this name and role, or -1 if there is none. */
    public int slot(String name, Role role) {
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            if (t.role() == role && t.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The tensor with this name and role.
     *
     * @throws IllegalArgumentException naming the valid names, with a suggestion when one is close
     */
    public TensorSpec tensor(String name, Role role) {
        int slot = slot(name, role);
        if (slot < 0) {
            throw new IllegalArgumentException(missing(name, role));
        }
        return tensors.get(slot);
    }

    /**
     * "model 'm' has no input 'xx'; did you mean 'x'? Its inputs are x, t": the message for a name
     * that {@link #slot} does not find, saying so when the name has another role.
     */
    public String missing(String name, Role role) {
        String kind = role.name().toLowerCase(Locale.ROOT);
        StringBuilder m = new StringBuilder("model '" + this.name + "' has no " + kind + " '" + name + "'");
        for (TensorSpec t : tensors) {
            if (t.name().equals(name)) {
                String other = t.role().name().toLowerCase(Locale.ROOT);
                return m.append(": '").append(name).append("' is ").append(article(other)).append(other)
                        .append(", not ").append(article(kind)).append(kind).toString();
            }
        }
        List<String> names = names(role);
        m.append(Spelling.didYouMean(name, names));
        return m.append(names.isEmpty() ? "; it has no " + kind + "s" : " (its " + kind + "s: " + String.join(", ", names)
                + ")").toString();
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ";
    }

    /** The tensors of one role, in slot order. */
    public List<TensorSpec> withRole(Role role) {
        return tensors.stream().filter(t -> t.role() == role).toList();
    }

    /** The names of the tensors of one role, in slot order. */
    public List<String> names(Role role) {
        return tensors.stream().filter(t -> t.role() == role).map(TensorSpec::name).toList();
    }

    public List<TensorSpec> inputs() {
        return withRole(Role.INPUT);
    }

    public List<TensorSpec> params() {
        return withRole(Role.PARAM);
    }

    public List<TensorSpec> outputs() {
        return withRole(Role.OUTPUT);
    }

    /** The optimizer's state tensors. */
    public List<TensorSpec> states() {
        return withRole(Role.STATE);
    }

    /**
     * The slot of the loss the model trains on: the LOSS tensor named by {@link #objective} (or,
     * failing that, the only LOSS tensor); -1 for a model without an objective.
     */
    public int lossSlot() {
        if (objective == null) {
            return -1;
        }
        int slot = slot(objective, Role.LOSS);
        List<TensorSpec> losses = withRole(Role.LOSS);
        return slot >= 0 || losses.size() != 1 ? slot : tensors.indexOf(losses.get(0));
    }

    /** The slot of the gradient of the objective with respect to {@code target}, or -1. */
    public int gradientSlot(String target) {
        for (int i = 0; i < tensors.size(); i++) {
            TensorSpec t = tensors.get(i);
            if (t.role() == Role.GRADIENT && target.equals(t.target())) {
                return i;
            }
        }
        return -1;
    }

    /** The index of a symbol in {@link #symbols}, or -1. */
    public int symbol(String name) {
        return symbols.indexOf(name);
    }
}
