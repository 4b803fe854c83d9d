package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Commands, help and the exit status of a bad command line, through {@link ModelApp}. */
class CommandLineTest {

    private static void usageError(String message, String command, String... args) {
        AppRun r = AppRun.of(new Flowers(), args);
        assertEquals(ModelApp.USAGE, r.code(), r.toString());
        assertEquals("error: " + message + "\nTry '" + AppRun.PROGRAM + (command == null ? "" : " " + command)
                + " --help' for more information.\n", r.err(), r.toString());
        assertEquals("", r.out());
    }

    @Test
    void unknownAndMissingCommands() {
        usageError("unknown command 'trian'; did you mean 'train'? (the commands: train, eval, predict, info)", null,
                "trian");
        usageError("missing command: one of train, eval, predict, info", null);
    }

    @Test
    void badOptionsPointToTheCommandsHelp() {
        usageError("unknown option '--epoch'; did you mean '--epochs'?", "train", "train", "--epoch", "2");
        usageError("option '--batch' needs a value (N)", "eval", "eval", "--batch");
        usageError("options '--epochs' and '--steps' cannot be used together", "train", "train", "--epochs", "1",
                "--steps", "2");
        usageError("option '--resume' needs --checkpoint", "train", "train", "--resume");
        usageError("option '--validation' needs --data: without it the model trains on its default inputs", "train",
                "train", "--validation", "0.1");
        usageError("option '--validation' needs a fraction between 0 and 1, such as 0.1, not 1.5", "train", "train",
                "--data", "x.csv", "--validation", "1.5");
        usageError("option '--scale': 'abc' is not a scale factor: write a number such as 0.5 or a fraction such as"
                + " 1/255", "train", "train", "--data", "x.csv", "--scale", "abc");
        usageError("option '--lr' must be at least 0, not -1", "train", "train", "--lr", "-1");
        usageError("eval needs the weights to evaluate: --weights FILE", "eval", "eval", "--data", "x.csv");
        usageError("predict needs data: --data NAME=FILE or --data FILE", "predict", "predict", "--weights", "w");
        usageError("unknown option '--data'", "info", "info", "--data", "x");
    }

    @Test
    void threadsAreCheckedAndPutBackAfterTheCommand() {
        int processors = Runtime.getRuntime().availableProcessors();
        usageError("option '--threads' must be at least 1, not 0", "train", "train", "--threads", "0");
        usageError("option '--threads' must be at most " + processors + " (the available processors), not "
                + (processors + 1), "eval", "eval", "--threads", Integer.toString(processors + 1));
        int before = dev.nnc.runtime.gemm.Gemm.threads();
        AppRun r = AppRun.of(new Flowers("flowers", true), "train", "--steps", "2", "--threads",
                Integer.toString(processors));
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertEquals(before, dev.nnc.runtime.gemm.Gemm.threads(), "the caller's setting is put back");
    }

    @Test
    void everyCommandHasHelp() {
        AppRun top = AppRun.of(new Flowers(), "--help");
        assertEquals(ModelApp.OK, top.code());
        assertTrue(top.out().startsWith("Usage: java -jar m.jar COMMAND [OPTIONS]\n"
                + "Train, evaluate and run the model 'flowers', compiled by nnc.\n"), top.out());
        for (Command c : ModelApp.COMMANDS) {
            assertTrue(top.out().contains("  " + c.name() + " "), c.name());
            AppRun r = AppRun.of(new Flowers(), c.name(), "--help");
            assertEquals(ModelApp.OK, r.code(), r.toString());
            assertTrue(r.out().startsWith("Usage: java -jar m.jar " + c.name()), r.out());
            for (Option o : c.options()) {
                assertTrue(r.out().contains("  " + o.synopsis() + "  "), o.name() + " in\n" + r.out());
            }
            assertTrue(r.out().contains("  -h, --help  "), r.out());
            r.out().lines().forEach(line -> assertTrue(line.length() <= 100, "too long: " + line));
        }
    }

    @Test
    void aModelWithoutALossHasNothingToTrain() {
        // Coin's spec without its objective: a model that only predicts.
        AppRun r = AppRun.of(new PredictOnly(), "train");
        assertEquals(ModelApp.ERROR, r.code(), r.toString());
        assertEquals("error: model 'coin' has no loss, so there is nothing to train\n", r.err());
    }

    @Test
    void infoShowsTheSpecAndTheSource() {
        AppRun r = AppRun.of(new Flowers(), "info");
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertEquals("""
                model flowers
                dtype f32
                symbols B
                  role    name    dtype  shape   
                  input   x       f32    [B, 4]
                  input   y       int    [B]
                  param   W       f32    [4, 3]  glorot_uniform
                  param   b       f32    [3]     zeros
                  output  logits  f32    [B, 3]
                  loss    loss    f32    []      objective
                parameters 15 in 2 tensors
                optimizer sgd(lr = 0.1, momentum = 0.9, nesterov = false, weight_decay = 0.0)
                train batch 8, epochs 3, seed 5
                data features x; labels y; 3 classes, predicted by the arg max of logits
                fingerprint 0123456789abcdef

                source:
                model flowers
                """.replace("shape   \n", "shape\n"), r.out());
    }
}
