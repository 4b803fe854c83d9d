package dev.nnc.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of training checkpoints, one safetensors file per epoch, named {@code
 * epoch-0003.safetensors} (zero-padded to four digits, so they also sort by name; more digits
 * past 9999). Each holds whatever tensors the caller saves (parameters, and optimizer state
 * under names such as {@code opt.m.W1}: names are the caller's policy) and in its metadata
 * the model's {@link ModelIdentity}, the epoch, the step, and the state of the random
 * generator, so that a resumed run continues exactly where the saved one was.
 *
 * <p>Files are written atomically ({@link AtomicFile}), so every file with a checkpoint name
 * is complete; a crash mid-write leaves only a temporary file, which {@link #latest} deletes.
 * A checkpoint file that is nonetheless corrupt is reported, never skipped for an older one:
 * resuming silently from an earlier epoch would hide the damage.
 *
 * <p>One directory belongs to one model and one run: {@link #save} refuses to write next to
 * checkpoints of another model, or an epoch older than the newest one present (that would be
 * a new run mixing with an old one, and pruning would then delete the new checkpoint). Not
 * safe for two processes saving to the same directory at once.
 */
public final class Checkpoints {
    public static final String EPOCH_KEY = "nnc.epoch";
    public static final String STEP_KEY = "nnc.step";
    public static final String RNG_KEY = "nnc.rng";

    private static final Pattern NAME = Pattern.compile("epoch-(\\d{4,9})\\.safetensors");

    private final Path directory;
    private final ModelIdentity identity;
    private final int keepLast;

    /**
     * @param keepLast how many of the newest checkpoints {@link #save} keeps; older ones are
     *     deleted. {@code Integer.MAX_VALUE} keeps all.
     */
    public Checkpoints(Path directory, ModelIdentity identity, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be at least 1, got " + keepLast);
        }
        this.directory = directory;
        this.identity = identity;
        this.keepLast = keepLast;
    }

    /**
     * One loaded checkpoint. {@code rngState} is opaque here: the caller encodes its
     * generator's state as it likes and gets the same string back.
     */
    public record Checkpoint(Path file, int epoch, long step, String rngState, Map<String, TensorData> tensors) {}

    /** {@code epoch-0003.safetensors} for epoch 3. */
    public static String fileName(int epoch) {
        return String.format("epoch-%04d.safetensors", epoch);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes the checkpoint of {@code epoch}, creating the directory if needed, then deletes
     * all but the newest {@code keepLast} checkpoints.
     *
     * @return the file written
     * @throws CheckpointException if the directory holds checkpoints of another model or a
     *     newer epoch than this one, or its newest checkpoint is unreadable
     */
    public Path save(int epoch, long step, String rngState, Map<String, TensorData> tensors) throws IOException {
        if (epoch < 0 || epoch > 999_999_999 || step < 0) {
            throw new IllegalArgumentException("epoch and step must be non-negative (epoch at most 999999999), got epoch "
                    + epoch + ", step " + step);
        }
        Files.createDirectories(directory);
        TreeMap<Integer, Path> existing = checkpointFiles();
        if (!existing.isEmpty()) {
            // Save never mixes models or runs, so checking the newest file covers them all.
            Map.Entry<Integer, Path> newest = existing.lastEntry();
            identity.check(newest.getValue(), SafeTensors.readMetadata(newest.getValue()));
            if (newest.getKey() > epoch) {
                throw new CheckpointException(newest.getValue(), "checkpoint directory " + directory + " already holds epoch "
                        + newest.getKey() + " (" + newest.getValue().getFileName() + "), newer than epoch " + epoch
                        + " being saved: resume from it, or use an empty directory for a new run");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        identity.stamp(metadata);
        metadata.put(EPOCH_KEY, Integer.toString(epoch));
        metadata.put(STEP_KEY, Long.toString(step));
        metadata.put(RNG_KEY, rngState);
        Path file = directory.resolve(fileName(epoch));
        SafeTensors.write(file, tensors, metadata);

        existing.put(epoch, file);
        while (existing.size() > keepLast) {
            Files.deleteIfExists(existing.pollFirstEntry().getValue());
        }
        return file;
    }

    /**
     * The newest checkpoint, loaded and checked, or empty if there is none (or no directory).
     * Deletes temporary files that a crash mid-save left behind.
     */
    public Optional<Checkpoint> latest() throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        deleteTemporaryFiles();
        TreeMap<Integer, Path> files = checkpointFiles();
        return files.isEmpty() ? Optional.empty() : Optional.of(load(files.lastEntry().getValue()));
    }

    /** The checkpoint files present, oldest first. */
    public List<Path> files() throws IOException {
        return Files.isDirectory(directory) ? new ArrayList<>(checkpointFiles().values()) : List.of();
    }

    /** Loads one checkpoint file, refusing one saved by another model. */
    public Checkpoint load(Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        Map<String, String> metadata = contents.metadata();
        identity.check(file, metadata);
        long epoch = number(file, metadata, EPOCH_KEY);
        long step = number(file, metadata, STEP_KEY);
        String rng = metadata.get(RNG_KEY);
        if (rng == null) {
            throw new CheckpointException(file, "checkpoint " + file + " has no " + RNG_KEY + " in its metadata");
        }
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) != epoch) {
            throw new CheckpointException(file, "checkpoint " + file + " is named for epoch " + Long.parseLong(m.group(1))
                    + " but its metadata says epoch " + epoch + " (renamed by hand?)");
        }
        if (epoch > Integer.MAX_VALUE) {
            throw new CheckpointException(file, "checkpoint " + file + " has epoch " + epoch + ", too large");
        }
        return new Checkpoint(file, (int) epoch, step, rng, contents.tensors());
    }

    private static long number(Path file, Map<String, String> metadata, String key) throws CheckpointException {
        String s = metadata.get(key);
        if (s == null) {
            throw new CheckpointException(file, "checkpoint " + file + " has no " + key + " in its metadata");
        }
        try {
            long v = Long.parseLong(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(file, "checkpoint " + file + " has " + key + " \"" + s
                + "\" in its metadata, expected a non-negative integer");
    }

    private TreeMap<Integer, Path> checkpointFiles() throws IOException {
        TreeMap<Integer, Path> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) {
                    // epoch-0003 and epoch-00003 would both be epoch 3; only fileName's spelling counts.
                    int epoch = Integer.parseInt(m.group(1));
                    if (p.getFileName().toString().equals(fileName(epoch))) {
                        files.put(epoch, p);
                    }
                }
            }
        }
        return files;
    }

    private void deleteTemporaryFiles() throws IOException {
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                Optional<String> target = AtomicFile.targetOf(p);
                if (target.isPresent() && NAME.matcher(target.get()).matches()) {
                    leftovers.add(p);
                }
            }
        }
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
    }
}
