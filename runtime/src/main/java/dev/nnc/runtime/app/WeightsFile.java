package dev.nnc.runtime.app;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.ModelIdentity;
import dev.nnc.runtime.SafeTensors;
import dev.nnc.runtime.TensorData;
import dev.nnc.runtime.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights file of {@code --weights-out}: what {@link CompiledModel#save} writes (every
 * param, stamped with the model's identity), plus the {@link Preprocessing} that eval and
 * predict must repeat. {@link CompiledModel#load} reads it like any weights file.
 *
 * <p>Written here rather than by {@code save} because {@code save} takes no metadata.
 */
final class WeightsFile {
    private WeightsFile() {}

    static void save(CompiledModel model, Path file, Preprocessing preprocessing) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (TensorSpec p : model.spec().params()) {
            tensors.put(p.name(), model.param(p.name()).toTensorData());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        new ModelIdentity(model.spec().name(), model.spec().fingerprint()).stamp(metadata);
        preprocessing.stamp(metadata);
        SafeTensors.write(file, tensors, metadata);
    }

    /** Loads the params into the model and returns the preprocessing the file records. */
    static Preprocessing load(CompiledModel model, Path file) throws IOException {
        model.load(file);
        return Preprocessing.read(file, SafeTensors.readMetadata(file));
    }
}
