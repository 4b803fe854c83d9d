package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    private static final ModelIdentity MLP = new ModelIdentity("mlp", "sha256:1111");

    /** Params and optimizer state whose values depend on the epoch. */
    private static Map<String, TensorData> state(int epoch) {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("W1", TensorData.f32(new float[] {epoch, epoch + 0.5f, -epoch, 0}, 2, 2));
        t.put("b1", TensorData.f32(new float[] {epoch * 0.25f, 1}, 2));
        t.put("opt.m.W1", TensorData.f32(new float[] {0.1f * epoch, 0, 0, 0}, 2, 2));
        t.put("opt.t", TensorData.i32(new int[] {epoch * 10}));
        return t;
    }

    @Test
    void namesFilesByZeroPaddedEpoch() {
        assertEquals("epoch-0003.safetensors", Checkpoints.fileName(3));
        assertEquals("epoch-0000.safetensors", Checkpoints.fileName(0));
        assertEquals("epoch-12345.safetensors", Checkpoints.fileName(12345));
    }

    @Test
    void latestIsEmptyWithoutCheckpoints() throws Exception {
        assertEquals(Optional.empty(), new Checkpoints(dir.resolve("missing"), MLP, 3).latest());
        assertEquals(Optional.empty(), new Checkpoints(dir, MLP, 3).latest());
    }

    @Test
    void savesAndResumesFromTheNewest() throws Exception {
        Checkpoints cp = new Checkpoints(dir.resolve("ckpt"), MLP, 10);
        for (int epoch = 1; epoch <= 3; epoch++) {
            Path f = cp.save(epoch, epoch * 100L, "rng-" + epoch, state(epoch));
            assertEquals(dir.resolve("ckpt").resolve(Checkpoints.fileName(epoch)), f);
        }
        Checkpoints.Checkpoint latest = cp.latest().orElseThrow();
        assertEquals(3, latest.epoch());
        assertEquals(300L, latest.step());
        assertEquals("rng-3", latest.rngState());
        assertEquals(state(3), latest.tensors());
        assertEquals(dir.resolve("ckpt").resolve("epoch-0003.safetensors"), latest.file());

        Map<String, String> metadata = SafeTensors.readMetadata(latest.file());
        assertEquals("mlp", metadata.get("nnc.model"));
        assertEquals("sha256:1111", metadata.get("nnc.fingerprint"));
        assertEquals("3", metadata.get("nnc.epoch"));
        assertEquals("300", metadata.get("nnc.step"));
        assertEquals("rng-3", metadata.get("nnc.rng"));
    }

    @Test
    void keepsOnlyTheLastK() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 2);
        for (int epoch = 1; epoch <= 5; epoch++) {
            cp.save(epoch, epoch, "", state(epoch));
        }
        assertEquals(List.of(dir.resolve("epoch-0004.safetensors"), dir.resolve("epoch-0005.safetensors")), cp.files());
        assertEquals(cp.files(), SafeTensorsValidationTest.listing(dir), "nothing else in the directory");
    }

    @Test
    void savingTheSameEpochAgainReplacesIt() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 1);
        cp.save(2, 10, "a", state(1));
        cp.save(2, 20, "b", state(2)); // e.g. a Ctrl-C checkpoint rewritten at the end of the epoch
        Checkpoints.Checkpoint c = cp.latest().orElseThrow();
        assertEquals(20, c.step());
        assertEquals(state(2), c.tensors());
    }

    @Test
    void refusesAnotherModelsCheckpoint() throws Exception {
        new Checkpoints(dir, new ModelIdentity("a", "fp-a"), 3).save(1, 5, "", state(1));
        Path f = dir.resolve("epoch-0001.safetensors");

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Checkpoints(dir, new ModelIdentity("b", "fp-b"), 3).latest());
        assertEquals("weights file " + f + " was saved by model 'a' (fingerprint fp-a), not 'b' (fingerprint fp-b)", e.getMessage());
        assertEquals(f, e.file());

        e = assertThrows(CheckpointException.class, () -> new Checkpoints(dir, new ModelIdentity("a", "fp-a2"), 3).latest());
        assertEquals("weights file " + f + " was saved by model 'a' with a different spec (fingerprint fp-a, this model's is fp-a2):"
                + " its inputs, params or their shapes or dtypes have changed since", e.getMessage());
    }

    @Test
    void refusesToSaveNextToAnotherModelsCheckpoints() throws Exception {
        new Checkpoints(dir, new ModelIdentity("a", "fp-a"), 3).save(1, 5, "", state(1));
        Path f = dir.resolve("epoch-0001.safetensors");
        byte[] before = Files.readAllBytes(f);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> new Checkpoints(dir, new ModelIdentity("b", "fp-b"), 1).save(2, 10, "", state(2)));
        assertEquals("weights file " + f + " was saved by model 'a' (fingerprint fp-a), not 'b' (fingerprint fp-b)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f), "the other model's checkpoint is untouched, not pruned");
        assertEquals(List.of(f), SafeTensorsValidationTest.listing(dir));
    }

    /** A new run in an old run's directory would interleave with it, and pruning would delete the new files. */
    @Test
    void refusesToSaveAnEpochOlderThanTheNewest() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 2);
        cp.save(5, 50, "", state(5));
        CheckpointException e = assertThrows(CheckpointException.class, () -> cp.save(1, 10, "", state(1)));
        assertEquals("checkpoint directory " + dir + " already holds epoch 5 (epoch-0005.safetensors), newer than epoch 1"
                + " being saved: resume from it, or use an empty directory for a new run", e.getMessage());
    }

    @Test
    void refusesAFileWithoutModelMetadata() throws Exception {
        Path f = dir.resolve("epoch-0001.safetensors");
        SafeTensors.write(f, state(1), Map.of("format", "pt")); // as Python would save it
        CheckpointException e = assertThrows(CheckpointException.class, () -> new Checkpoints(dir, MLP, 3).latest());
        assertEquals("weights file " + f + " does not say which model saved it (no nnc.model in its metadata),"
                + " so it cannot be checked against model 'mlp'", e.getMessage());
    }

    /** A crash mid-save leaves a temporary file; resuming ignores it, uses the last complete checkpoint and deletes it. */
    @Test
    void latestIgnoresAndDeletesTemporaryFilesOfACrash() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 3);
        cp.save(1, 10, "r1", state(1));
        Path crashed = dir.resolve(AtomicFile.temporaryName("epoch-0002.safetensors"));
        Files.write(crashed, new byte[] {42, 0, 0}); // the start of a file that was never finished
        Path unrelated = dir.resolve(".notes.txt.abc.tmp");
        Files.writeString(unrelated, "someone else's");
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "mine");

        Checkpoints.Checkpoint c = cp.latest().orElseThrow();
        assertEquals(1, c.epoch());
        assertEquals(state(1), c.tensors());
        assertEquals(List.of(dir.resolve(".notes.txt.abc.tmp"), dir.resolve("epoch-0001.safetensors"), notes),
                SafeTensorsValidationTest.listing(dir), "only the checkpoint's temporary file is deleted");
    }

    /** A damaged newest checkpoint is an error, not a silent resume from an older epoch. */
    @Test
    void aCorruptNewestCheckpointIsReportedNotSkipped() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 3);
        cp.save(1, 10, "", state(1));
        Path second = cp.save(2, 20, "", state(2));
        byte[] whole = Files.readAllBytes(second);
        Files.write(second, java.util.Arrays.copyOf(whole, whole.length - 5));
        CheckpointException e = assertThrows(CheckpointException.class, cp::latest);
        assertTrue(e.getMessage().startsWith(second + ": file is truncated: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(5 bytes missing)"), e.getMessage());
    }

    @Test
    void refusesAFileRenamedToAnotherEpoch() throws Exception {
        Checkpoints cp = new Checkpoints(dir, MLP, 3);
        Path one = cp.save(1, 10, "", state(1));
        Path three = dir.resolve("epoch-0003.safetensors");
        Files.move(one, three);
        CheckpointException e = assertThrows(CheckpointException.class, cp::latest);
        assertEquals("checkpoint " + three + " is named for epoch 3 but its metadata says epoch 1 (renamed by hand?)", e.getMessage());
    }

    @Test
    void refusesBadEpochMetadata() throws Exception {
        Path f = dir.resolve("epoch-0001.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        MLP.stamp(metadata);
        metadata.put("nnc.epoch", "one");
        metadata.put("nnc.step", "1");
        metadata.put("nnc.rng", "");
        SafeTensors.write(f, state(1), metadata);
        assertEquals("checkpoint " + f + " has nnc.epoch \"one\" in its metadata, expected a non-negative integer",
                assertThrows(CheckpointException.class, () -> new Checkpoints(dir, MLP, 3).latest()).getMessage());
        metadata.remove("nnc.epoch");
        SafeTensors.write(f, state(1), metadata);
        assertEquals("checkpoint " + f + " has no nnc.epoch in its metadata",
                assertThrows(CheckpointException.class, () -> new Checkpoints(dir, MLP, 3).latest()).getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Checkpoints(dir, MLP, 0));
        assertThrows(IllegalArgumentException.class, () -> new ModelIdentity("", "fp"));
        Checkpoints cp = new Checkpoints(dir, MLP, 1);
        assertThrows(IllegalArgumentException.class, () -> cp.save(-1, 0, "", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> cp.save(0, -1, "", Map.of()));
    }
}
