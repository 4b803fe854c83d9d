package dev.nnc.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which model a weights file belongs to: the model's name and a fingerprint of its spec
 * (inputs, params and outputs with their shapes and dtypes; computing it is the caller's
 * business). Stamped into a file's metadata when saving and checked when loading, so that
 * weights of one model are never loaded into another, where they could fit by accident and
 * give wrong answers without an error.
 */
public record ModelIdentity(String model, String fingerprint) {
    public static final String MODEL_KEY = "nnc.model";
    public static final String FINGERPRINT_KEY = "nnc.fingerprint";

    public ModelIdentity {
        if (model == null || model.isEmpty()) {
            throw new IllegalArgumentException("a model identity needs a model name");
        }
        if (fingerprint == null) {
            throw new IllegalArgumentException("a model identity needs a fingerprint");
        }
    }

    /** Adds this identity to metadata about to be written. */
    public void stamp(Map<String, String> metadata) {
        metadata.put(MODEL_KEY, model);
        metadata.put(FINGERPRINT_KEY, fingerprint);
    }

    /** Refuses a file whose metadata does not name this model with this fingerprint. */
    public void check(Path file, Map<String, String> metadata) throws CheckpointException {
        String savedModel = metadata.get(MODEL_KEY);
        String savedFingerprint = metadata.get(FINGERPRINT_KEY);
        if (savedModel == null || savedFingerprint == null) {
            throw new CheckpointException(file, "weights file " + file + " does not say which model saved it (no "
                    + (savedModel == null ? MODEL_KEY : FINGERPRINT_KEY) + " in its metadata), so it cannot be checked"
                    + " against model '" + model + "'");
        }
        if (!savedModel.equals(model)) {
            throw new CheckpointException(file, "weights file " + file + " was saved by model '" + savedModel
                    + "' (fingerprint " + savedFingerprint + "), not '" + model + "' (fingerprint " + fingerprint + ")");
        }
        if (!savedFingerprint.equals(fingerprint)) {
            throw new CheckpointException(file, "weights file " + file + " was saved by model '" + savedModel
                    + "' with a different spec (fingerprint " + savedFingerprint + ", this model's is " + fingerprint
                    + "): its inputs, params or their shapes or dtypes have changed since");
        }
    }
}
