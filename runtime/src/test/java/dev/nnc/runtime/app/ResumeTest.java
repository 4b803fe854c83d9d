package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.CompiledModel;
import dev.nnc.runtime.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and resuming: a run stopped (after an epoch, or in the middle of one by Ctrl-C's
 * stop path) and resumed ends with bitwise the weights, optimizer state and epoch losses of a
 * run that was never stopped.
 */
class ResumeTest {
    @TempDir
    Path dir;

    /** Iris, normalised, a stratified validation split, batches of 8: 15 steps an epoch. */
    private String[] train(Path checkpoints, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", TestFiles.iris().toString(), "--label", "species",
                "--normalize", "--validation", "0.2", "--batch", "8", "--epochs", Integer.toString(epochs), "--json"));
        if (checkpoints != null) {
            args.addAll(List.of("--checkpoint", checkpoints.toString()));
        }
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private static void assertSameState(CompiledModel expected, CompiledModel actual) {
        Map<String, TensorData> a = expected.state();
        Map<String, TensorData> b = actual.state();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            assertEquals(a.get(name), b.get(name), name + " differs"); // TensorData compares bits
        }
    }

    private static List<String> epochLines(AppRun r) {
        return r.outLines().stream().filter(l -> l.contains("train_loss")).toList();
    }

    @Test
    void oneEpochThenResumingForOneIsTwoEpochsBitForBit() {
        Flowers straight = new Flowers();
        AppRun two = AppRun.of(straight, train(dir.resolve("a"), 2));
        assertEquals(ModelApp.OK, two.code(), two.toString());

        Flowers first = new Flowers();
        AppRun one = AppRun.of(first, train(dir.resolve("b"), 1));
        assertEquals(ModelApp.OK, one.code(), one.toString());
        assertTrue(Files.exists(dir.resolve("b/epoch-0001.safetensors")));

        Flowers resumed = new Flowers();
        AppRun rest = AppRun.of(resumed, train(dir.resolve("b"), 2, "--resume"));
        assertEquals(ModelApp.OK, rest.code(), rest.toString());
        assertTrue(rest.err().startsWith("resumed from " + dir.resolve("b/epoch-0001.safetensors")
                + ": 1 epoch done, step 15\n"), rest.err());

        assertSameState(straight, resumed);
        assertEquals(30, resumed.updates());
        assertEquals(epochLines(two), List.of(epochLines(one).get(0), epochLines(rest).get(0)));
    }

    @Test
    void stoppedMidEpochAndResumedIsTheSameToo() {
        Flowers straight = new Flowers();
        AppRun two = AppRun.of(straight, train(null, 2));
        assertEquals(ModelApp.OK, two.code(), two.toString());

        // The stop path Ctrl-C takes, without a signal: the flag is raised during update 20
        // (5 steps into the second epoch); the loop finishes that step and checkpoints.
        StopSignal stop = new StopSignal();
        Flowers interrupted = new Flowers();
        interrupted.onUpdate = () -> {
            if (interrupted.updates() == 20) {
                stop.requestStop();
            }
        };
        AppRun cut = AppRun.of(interrupted, false, stop, train(dir.resolve("c"), 2));
        assertEquals(ModelApp.INTERRUPTED, cut.code(), cut.toString());
        assertEquals(20, interrupted.updates());
        Path checkpoint = dir.resolve("c/epoch-0001.safetensors");
        assertTrue(cut.err().contains("interrupted after step 20: wrote checkpoint " + checkpoint
                + "; continue with --resume"), cut.err());

        Flowers resumed = new Flowers();
        AppRun rest = AppRun.of(resumed, train(dir.resolve("c"), 2, "--resume"));
        assertEquals(ModelApp.OK, rest.code(), rest.toString());
        assertTrue(rest.err().startsWith("resumed from " + checkpoint + ": 1 epoch done and 5 steps of the next, step 20"),
                rest.err());
        assertSameState(straight, resumed);
        // Even the second epoch's mean loss, half of it summed before the stop, is the same.
        assertEquals(epochLines(two).get(1), epochLines(rest).get(0));
    }

    @Test
    void theShutdownHookWaitsForTheCheckpoint() throws Exception {
        StopSignal stop = new StopSignal();
        CountDownLatch training = new CountDownLatch(1);
        Flowers model = new Flowers();
        model.onUpdate = training::countDown;
        AtomicReference<AppRun> result = new AtomicReference<>();
        Thread loop = new Thread(() -> result.set(AppRun.of(model, false, stop, train(dir.resolve("d"), 100_000))));
        loop.start();
        assertTrue(training.await(30, TimeUnit.SECONDS));
        // What the hook does on Ctrl-C: stop, then wait until the loop has written everything.
        assertTrue(stop.stopAndWait(java.time.Duration.ofSeconds(30)), "the loop did not finish in time");
        assertTrue(Files.list(dir.resolve("d")).anyMatch(p -> p.getFileName().toString().startsWith("epoch-")),
                "no checkpoint when the hook returned");
        loop.join(30_000);
        assertEquals(ModelApp.INTERRUPTED, result.get().code(), result.get().toString());
    }

    @Test
    void aDirectoryOfAnotherRunIsRefused() {
        AppRun other = AppRun.of(new Flowers("other", false), train(dir.resolve("e"), 1));
        assertEquals(ModelApp.OK, other.code(), other.toString());
        Path file = dir.resolve("e/epoch-0001.safetensors");

        AppRun r = AppRun.of(new Flowers(), train(dir.resolve("e"), 2, "--resume"));
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: weights file " + file + " was saved by model 'other' (fingerprint 0123456789abcdef), not"
                + " 'flowers' (fingerprint 0123456789abcdef)\n", r.err());

        r = AppRun.of(new Flowers("other", false), train(dir.resolve("e"), 2));
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: checkpoint directory " + dir.resolve("e") + " already holds checkpoints (the latest is"
                + " epoch-0001.safetensors): continue that run with --resume, or give an empty directory for a new one\n",
                r.err());

        r = AppRun.of(new Flowers("other", false), train(dir.resolve("e"), 2, "--resume", "--seed", "6"));
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: checkpoint " + file + " comes from a run with seed 5 and batch 8 on 120"
                + " examples, but this run has seed 6 and batch 8 on 120 examples: resuming would not continue that run"),
                r.err());
    }

    @Test
    void resumingWithNothingToResumeStartsAfresh() {
        AppRun r = AppRun.of(new Flowers(), train(dir.resolve("f"), 1, "--resume"));
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertTrue(r.err().startsWith("no checkpoint in " + dir.resolve("f") + " yet: starting from the beginning\n"),
                r.err());
    }

    @Test
    void aStepLimitEndsMidEpochWithACheckpointToContinueFrom() {
        Flowers straight = new Flowers();
        assertEquals(ModelApp.OK, AppRun.of(straight, train(null, 2)).code());
        Flowers limited = new Flowers();
        List<String> args = new ArrayList<>(List.of(train(dir.resolve("g"), 2)));
        args.removeAll(List.of("--epochs", "2"));
        args.addAll(List.of("--steps", "22"));
        AppRun r = AppRun.of(limited, args.toArray(new String[0]));
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertEquals(22, limited.updates());
        Flowers resumed = new Flowers();
        assertEquals(ModelApp.OK, AppRun.of(resumed, train(dir.resolve("g"), 2, "--resume")).code());
        assertSameState(straight, resumed);
    }
}
