package dev.nnc.runtime;

import dev.nnc.runtime.TensorSpec.Role;
import java.util.List;

/**
 * The symbol sizes a model starts with: those its inputs' default values imply, and 1 for a
 * symbol no default speaks for. {@code input x: [B, 2] = [[0, 0], [0, 1], [1, 0]]} has six
 * values in rows of two, so B starts at 3, and the model predicts on the default right away.
 *
 * <p>A default is stored flat, without the literal's own shape, so it can fix only one unknown
 * symbol: its value count divided by the product of the sizes already known. Inputs are
 * visited until nothing changes, so {@code y: [B, T]} is solved once {@code x: [B, 2]} has
 * fixed B.
 */
final class InitialSizes {

    private InitialSizes() {}

    /**
     * @throws IllegalStateException when defaults disagree (B = 3 from one input, 4 from
     *     another), a default does not divide into its fixed dimensions, or a default leaves two
     *     symbols of its input unknown
     */
    static int[] of(ModelSpec spec) {
        List<String> symbols = spec.symbols();
        int[] sizes = new int[symbols.size()];
        String[] fixedBy = new String[symbols.size()];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TensorSpec t : spec.tensors()) {
                if (t.role() != Role.INPUT || t.values() == null) {
                    continue;
                }
                long known = 1;
                int unknown = -1;
                int unknownCount = 0;
                for (int a = 0; a < t.rank(); a++) {
                    int s = t.isSymbolic(a) ? symbols.indexOf(t.dims().get(a)) : -1;
                    if (s < 0) {
                        known *= Integer.parseInt(t.dims().get(a));
                    } else if (fixedBy[s] != null) {
                        known *= sizes[s];
                    } else {
                        unknown = s;
                        unknownCount++;
                    }
                }
                int count = t.values().length;
                if (unknownCount == 1 && known > 0) {
                    if (count % known != 0) {
                        throw new IllegalStateException("model '" + spec.name() + "': the default of input '" + t.name()
                                + "' " + t.shapeText() + " has " + count + " values, not a multiple of " + known);
                    }
                    sizes[unknown] = (int) (count / known);
                    fixedBy[unknown] = t.name();
                    changed = true;
                } else if (unknownCount == 0 && count != known && !(count == 1 && t.isFixed())) {
                    throw new IllegalStateException("model '" + spec.name() + "': the default of input '" + t.name()
                            + "' " + t.shapeText() + " has " + count + " values, but " + describe(spec, t, sizes, fixedBy)
                            + " it needs " + known);
                }
            }
        }
        for (TensorSpec t : spec.tensors()) {
            if (t.role() == Role.INPUT && t.values() != null) {
                for (int a = 0; a < t.rank(); a++) {
                    int s = t.isSymbolic(a) ? symbols.indexOf(t.dims().get(a)) : -1;
                    if (s >= 0 && fixedBy[s] == null) {
                        throw new IllegalStateException("model '" + spec.name() + "': the default of input '" + t.name()
                                + "' " + t.shapeText() + " has " + t.values().length + " values, which does not say how"
                                + " large each of its symbols is (a default can fix only one symbol that no other input"
                                + " fixes)");
                    }
                }
            }
        }
        for (int s = 0; s < sizes.length; s++) {
            if (fixedBy[s] == null) {
                sizes[s] = 1;
            }
        }
        return sizes;
    }

    /** "with B = 3 (from input 'x')" for the symbols of {@code t}, or "" for a fixed shape. */
    private static String describe(ModelSpec spec, TensorSpec t, int[] sizes, String[] fixedBy) {
        StringBuilder sb = new StringBuilder();
        for (int a = 0; a < t.rank(); a++) {
            int s = t.isSymbolic(a) ? spec.symbols().indexOf(t.dims().get(a)) : -1;
            if (s >= 0 && sb.indexOf(" " + t.dims().get(a) + " =") < 0) {
                sb.append(sb.length() == 0 ? "with " : ", ").append(t.dims().get(a)).append(" = ").append(sizes[s])
                        .append(" (from input '").append(fixedBy[s]).append("')");
            }
        }
        return sb.toString();
    }
}
