package dev.nnc.runtime;

import dev.nnc.runtime.TensorSpec.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link GeneratedModel}'s params to and from safetensors files, and its training state to
 * and from maps of tensors. Everything is checked before anything is written into the model, so
 * a refused file or state leaves the model as it was.
 *
 * <p>A state map holds every param and every optimizer state tensor under its own name, and
 * the update count under {@value #UPDATES} as an f64 scalar (exact up to 2<sup>53</sup> updates,
 * and readable in Python as it is). The name cannot clash: nnc names have no dot in front.
 */
final class Weights {
    /** The key of the update count in {@link GeneratedModel#state}. */
    static final String UPDATES = "nnc.updates";

    private Weights() {}

    static void save(GeneratedModel model, Path file) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (int slot : slots(model, Role.PARAM)) {
            tensors.put(model.spec().tensors().get(slot).name(), model.view(slot).toTensorData());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        identity(model).stamp(metadata);
        SafeTensors.write(file, tensors, metadata);
    }

    static void load(GeneratedModel model, Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        identity(model).check(file, contents.metadata());
        Map<String, TensorData> tensors = contents.tensors();
        String where = "weights file " + file;
        List<Integer> params = slots(model, Role.PARAM);
        for (int slot : params) {
            String problem = problem(model, slot, tensors.get(model.spec().tensors().get(slot).name()));
            if (problem != null) {
                throw new CheckpointException(file, where + ": " + problem);
            }
        }
        // A checkpoint's optimizer state may ride along; anything else means the file is not what it claims.
        for (String name : tensors.keySet()) {
            if (model.spec().slot(name, Role.PARAM) < 0 && model.spec().slot(name, Role.STATE) < 0 && !name.equals(UPDATES)) {
                throw new CheckpointException(file, where + " holds tensor '" + name + "', which is not a param of model '"
                        + model.spec().name() + "' (its params: " + String.join(", ", model.spec().names(Role.PARAM)) + ")");
            }
        }
        for (int slot : params) {
            copy(model, slot, tensors.get(model.spec().tensors().get(slot).name()));
        }
    }

    static Map<String, TensorData> state(GeneratedModel model) {
        Map<String, TensorData> state = new LinkedHashMap<>();
        for (int slot : stateSlots(model)) {
            state.put(model.spec().tensors().get(slot).name(), model.view(slot).toTensorData());
        }
        state.put(UPDATES, TensorData.f64(new double[] {model.updates()}));
        return state;
    }

    static void restore(GeneratedModel model, Map<String, TensorData> state) {
        List<Integer> slots = stateSlots(model);
        for (int slot : slots) {
            String problem = problem(model, slot, state.get(model.spec().tensors().get(slot).name()));
            if (problem != null) {
                throw new IllegalArgumentException("cannot restore model '" + model.spec().name() + "': " + problem);
            }
        }
        long updates = updates(model, state.get(UPDATES));
        for (String name : state.keySet()) {
            if (model.spec().slot(name, Role.PARAM) < 0 && model.spec().slot(name, Role.STATE) < 0 && !name.equals(UPDATES)) {
                throw new IllegalArgumentException("cannot restore model '" + model.spec().name() + "': the state holds '"
                        + name + "', which is neither a param nor optimizer state of this model");
            }
        }
        for (int slot : slots) {
            copy(model, slot, state.get(model.spec().tensors().get(slot).name()));
        }
        model.updates = updates;
    }

    private static long updates(GeneratedModel model, TensorData t) {
        String prefix = "cannot restore model '" + model.spec().name() + "': ";
        if (t == null) {
            throw new IllegalArgumentException(prefix + "the state has no update count ('" + UPDATES + "')");
        }
        double v = t.dtype() == DType.F64 && t.shape().length == 0 ? t.doubles()[0] : -1;
        if (!(v >= 0 && v <= 0x1p53 && v == Math.rint(v))) {
            throw new IllegalArgumentException(prefix + "'" + UPDATES + "' must be an f64 scalar holding a whole number"
                    + " of at least 0, but is " + t.dtype().spelling() + Arrays.toString(t.shape())
                    + (t.size() == 1 && t.dtype() == DType.F64 ? " " + t.doubles()[0] : ""));
        }
        return (long) v;
    }

    /** Why {@code t} cannot be the value of a slot, or null when it can. */
    private static String problem(GeneratedModel model, int slot, TensorData t) {
        TensorSpec spec = model.spec().tensors().get(slot);
        String what = spec.role().name().toLowerCase(Locale.ROOT) + " '" + spec.name() + "'";
        if (t == null) {
            return "no tensor for " + what + " of model '" + model.spec().name() + "'";
        }
        if (t.dtype() != spec.dtype()) {
            return "tensor '" + spec.name() + "' is " + t.dtype().spelling() + " but " + what + " of model '"
                    + model.spec().name() + "' is " + spec.dtype().spelling();
        }
        int[] shape = model.view(slot).shape();
        if (!Arrays.equals(t.shape(), shape)) {
            return "tensor '" + spec.name() + "' has shape " + Arrays.toString(t.shape()) + " but " + what + " of model '"
                    + model.spec().name() + "' is " + spec.shapeText()
                    + (spec.isFixed() ? "" : " = " + Arrays.toString(shape) + " now");
        }
        return null;
    }

    private static void copy(GeneratedModel model, int slot, TensorData t) {
        ArrayView v = model.view(slot);
        switch (t.dtype()) {
            case F32 -> v.copyFrom(t.floats());
            case F64 -> v.copyFrom(t.doubles());
            case I32 -> v.copyFrom(t.ints());
        }
    }

    private static List<Integer> stateSlots(GeneratedModel model) {
        List<Integer> slots = slots(model, Role.PARAM);
        slots.addAll(slots(model, Role.STATE));
        return slots;
    }

    private static List<Integer> slots(GeneratedModel model, Role role) {
        List<Integer> slots = new ArrayList<>();
        List<TensorSpec> tensors = model.spec().tensors();
        for (int i = 0; i < tensors.size(); i++) {
            if (tensors.get(i).role() == role) {
                slots.add(i);
            }
        }
        return slots;
    }

    private static ModelIdentity identity(GeneratedModel model) {
        return new ModelIdentity(model.spec().name(), model.spec().fingerprint());
    }
}
