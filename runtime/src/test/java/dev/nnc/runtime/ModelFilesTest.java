package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save and load (weights files), state and restore (what a checkpoint holds). */
class ModelFilesTest {
    @TempDir
    Path dir;

    private static LinearRegression trained(int steps) {
        LinearRegression m = new LinearRegression();
        for (int i = 0; i < steps; i++) {
            m.trainStep();
        }
        return m;
    }

    private static void assertSameBits(GeneratedModel expected, GeneratedModel actual, String name, TensorSpec.Role role) {
        assertArrayEquals(GeneratedModelStartTest.bits(expected.view(name, role)),
                GeneratedModelStartTest.bits(actual.view(name, role)), name);
    }

    @Test
    void saveThenLoadGivesTheSameBits() throws IOException {
        LinearRegression m = trained(7);
        Path file = dir.resolve("w.safetensors");
        m.save(file);
        SafeTensors.Contents contents = SafeTensors.read(file);
        assertEquals(List.of("W", "b"), List.copyOf(contents.tensors().keySet()), "params only");
        assertEquals("linreg", contents.metadata().get(ModelIdentity.MODEL_KEY));
        assertEquals("0373380fc2ebd6f9", contents.metadata().get(ModelIdentity.FINGERPRINT_KEY));

        LinearRegression fresh = new LinearRegression();
        fresh.load(file);
        assertSameBits(m, fresh, "W", TensorSpec.Role.PARAM);
        assertSameBits(m, fresh, "b", TensorSpec.Role.PARAM);

        SoftmaxClassifier s = new SoftmaxClassifier();
        s.trainStep();
        s.save(file);
        SoftmaxClassifier t = new SoftmaxClassifier();
        t.load(file);
        assertSameBits(s, t, "W", TensorSpec.Role.PARAM);
    }

    @Test
    void anotherModelsFileIsRefusedAndChangesNothing() throws IOException {
        Path file = dir.resolve("softmax.safetensors");
        new SoftmaxClassifier().save(file);
        LinearRegression m = new LinearRegression();
        double[] w = m.param("W").toDoubles();
        CheckpointException e = assertThrows(CheckpointException.class, () -> m.load(file));
        assertEquals("weights file " + file + " was saved by model 'softmax' (fingerprint b8f78c7f0e513d2b), not 'linreg'"
                + " (fingerprint 0373380fc2ebd6f9)", e.getMessage());
        assertEquals(file, e.file());
        assertArrayEquals(w, m.param("W").toDoubles());
    }

    @Test
    void truncatedAndCorruptFilesAreCheckpointExceptions() throws IOException {
        Path file = dir.resolve("w.safetensors");
        trained(3).save(file);
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 5, 8, 20, bytes.length - 8, bytes.length - 1}) {
            Path cut = dir.resolve("cut" + length + ".safetensors");
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            LinearRegression m = new LinearRegression();
            CheckpointException e = assertThrows(CheckpointException.class, () -> m.load(cut), "length " + length);
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        }
        byte[] garbled = bytes.clone();
        garbled[12] = '!';
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, garbled);
        assertThrows(CheckpointException.class, () -> new LinearRegression().load(bad));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> new LinearRegression().load(dir.resolve("none")));
    }

    /** Writes a file stamped as linreg's with whatever tensors a test wants. */
    private Path stamped(Map<String, TensorData> tensors) throws IOException {
        Path file = dir.resolve("forged.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        new ModelIdentity("linreg", "0373380fc2ebd6f9").stamp(metadata);
        SafeTensors.write(file, tensors, metadata);
        return file;
    }

    @Test
    void everyParamMustBePresentWithItsDtypeAndShape() throws IOException {
        TensorData w = TensorData.f64(new double[] {1, 2}, 2, 1);
        TensorData b = TensorData.f64(new double[] {3}, 1);
        LinearRegression m = new LinearRegression();
        Path file = stamped(Map.of("W", w, "b", b));
        m.load(file);
        assertArrayEquals(new double[] {1, 2, 3}, new double[] {m.param("W").get(0), m.param("W").get(1), m.param("b").get(0)});

        Path missing = stamped(Map.of("W", w));
        assertEquals("weights file " + missing + ": no tensor for param 'b' of model 'linreg'",
                assertThrows(CheckpointException.class, () -> m.load(missing)).getMessage());
        Path wrongType = stamped(Map.of("W", TensorData.f32(new float[] {1, 2}, 2, 1), "b", b));
        assertEquals("weights file " + wrongType + ": tensor 'W' is f32 but param 'W' of model 'linreg' is f64",
                assertThrows(CheckpointException.class, () -> m.load(wrongType)).getMessage());
        Path wrongShape = stamped(Map.of("W", TensorData.f64(new double[] {1, 2}, 1, 2), "b", b));
        assertEquals("weights file " + wrongShape + ": tensor 'W' has shape [1, 2] but param 'W' of model 'linreg' is [2, 1]",
                assertThrows(CheckpointException.class, () -> m.load(wrongShape)).getMessage());
        Path extra = stamped(Map.of("W", w, "b", b, "c", b));
        assertEquals("weights file " + extra + " holds tensor 'c', which is not a param of model 'linreg' (its params: W, b)",
                assertThrows(CheckpointException.class, () -> m.load(extra)).getMessage());
        Path unstamped = dir.resolve("plain.safetensors");
        SafeTensors.write(unstamped, Map.of("W", w, "b", b));
        assertThrows(CheckpointException.class, () -> m.load(unstamped));
        assertArrayEquals(new double[] {1, 2}, m.param("W").toDoubles(), "refused files changed nothing");
    }

    @Test
    void aCheckpointsStateMayRideAlongInAWeightsFile() throws IOException {
        LinearRegression m = trained(4);
        Path file = dir.resolve("state.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        new ModelIdentity("linreg", m.spec().fingerprint()).stamp(metadata);
        SafeTensors.write(file, m.state(), metadata);
        LinearRegression fresh = new LinearRegression();
        fresh.load(file);
        assertSameBits(m, fresh, "W", TensorSpec.Role.PARAM);
        assertEquals(0, fresh.updates(), "load reads params only");
    }

    @Test
    void stateThenRestoreResumesExactly() {
        LinearRegression m = trained(5);
        Map<String, TensorData> state = m.state();
        assertEquals(List.of("W", "b", "W.momentum", "b.momentum", "nnc.updates"), List.copyOf(state.keySet()));
        List<Double> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(m.trainStep());
        }

        LinearRegression resumed = new LinearRegression();
        resumed.restore(state);
        assertEquals(5, resumed.updates());
        List<Double> actual = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            actual.add(resumed.trainStep());
        }
        assertEquals(expected, actual);
        assertSameBits(m, resumed, "W.momentum", TensorSpec.Role.STATE);

        // The state is a snapshot: training on does not change it.
        LinearRegression again = new LinearRegression();
        again.restore(state);
        assertEquals(expected.get(0), again.trainStep());
    }

    @Test
    void restoreValidatesBeforeItWrites() {
        LinearRegression m = trained(2);
        Map<String, TensorData> state = new LinkedHashMap<>(m.state());
        LinearRegression target = new LinearRegression();
        double[] w = target.param("W").toDoubles();

        Map<String, TensorData> noMomentum = new LinkedHashMap<>(state);
        noMomentum.remove("b.momentum");
        assertEquals("cannot restore model 'linreg': no tensor for state 'b.momentum' of model 'linreg'",
                assertThrows(IllegalArgumentException.class, () -> target.restore(noMomentum)).getMessage());
        Map<String, TensorData> noCount = new LinkedHashMap<>(state);
        noCount.remove("nnc.updates");
        assertEquals("cannot restore model 'linreg': the state has no update count ('nnc.updates')",
                assertThrows(IllegalArgumentException.class, () -> target.restore(noCount)).getMessage());
        Map<String, TensorData> badCount = new LinkedHashMap<>(state);
        badCount.put("nnc.updates", TensorData.f64(new double[] {2.5}));
        assertEquals("cannot restore model 'linreg': 'nnc.updates' must be an f64 scalar holding a whole number of at least 0,"
                + " but is f64[] 2.5", assertThrows(IllegalArgumentException.class, () -> target.restore(badCount)).getMessage());
        Map<String, TensorData> badShape = new LinkedHashMap<>(state);
        badShape.put("W", TensorData.f64(new double[] {1, 2, 3}, 3));
        assertEquals("cannot restore model 'linreg': tensor 'W' has shape [3] but param 'W' of model 'linreg' is [2, 1]",
                assertThrows(IllegalArgumentException.class, () -> target.restore(badShape)).getMessage());
        Map<String, TensorData> extra = new LinkedHashMap<>(state);
        extra.put("W.adam_m", state.get("W"));
        assertEquals("cannot restore model 'linreg': the state holds 'W.adam_m', which is neither a param nor optimizer"
                + " state of this model", assertThrows(IllegalArgumentException.class, () -> target.restore(extra)).getMessage());
        assertArrayEquals(w, target.param("W").toDoubles());
        assertEquals(0, target.updates());
    }
}
