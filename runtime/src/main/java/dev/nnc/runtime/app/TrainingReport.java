package dev.nnc.runtime.app;

/**
 * What the training loop tells the user, in one of three forms: a progress bar on a terminal
 * and plain log lines otherwise ({@link TextReport}), or JSON lines ({@link JsonReport}).
 * Called on the training thread; {@link #step} runs after every step and prints only now and
 * then, so that it costs nothing on the others.
 */
interface TrainingReport {

    /**
     * The run about to start.
     *
     * @param epochs the epoch the run ends after (1-based), counting those a resumed run skips
     * @param firstEpoch the epoch the run starts in, 0-based (more than 0 when resumed)
     * @param firstStep the global step the run starts at, 0-based (more than 0 when resumed)
     * @param lastStep the global step the run ends before: the total number of updates
     * @param logEvery log every K-th global step, or 0 for about ten lines an epoch
     * @param heldOut examples evaluated after every epoch, 0 for none
     */
    record Plan(String model, String optimizer, int examples, int batchSize, int stepsPerEpoch, int epochs,
                int firstEpoch, long firstStep, long lastStep, int logEvery, int heldOut) {}

    /**
     * One finished epoch.
     *
     * @param epoch 1-based
     * @param trainLoss the mean of the epoch's batch losses, each weighted by its examples
     * @param heldOut the validation (or test) metrics, or null without a held-out set
     * @param heldOutName what the held-out set is, for people: {@code val} or {@code test}
     * @param seconds the epoch's time, training and evaluation
     */
    record Epoch(int epoch, int epochs, double trainLoss, Metrics heldOut, String heldOutName, double seconds) {}

    /**
     * The end of the run.
     *
     * @param steps updates applied in this run
     * @param stopped whether it was stopped before its end (Ctrl-C)
     * @param last the last epoch finished, or null if none was
     * @param test the test metrics when a test set is evaluated at the end (next to a validation split), or null
     */
    record Outcome(String model, int epochs, long steps, double seconds, boolean stopped, Epoch last, Metrics test) {}

    void start(Plan plan);

    /**
     * After every step.
     *
     * @param epoch 0-based
     * @param stepInEpoch 0-based
     * @param step the global step, 0-based: the number of updates applied before this one
     * @param rows the examples in the batch
     * @param loss the batch's loss, before the update
     * @param epochLoss the mean loss of the epoch's steps so far, weighted by their examples
     */
    void step(int epoch, int stepInEpoch, long step, int rows, double loss, double epochLoss);

    void epoch(Epoch e);

    /** Something the user should know: a resumed checkpoint, a file written. */
    void note(String message);

    void finish(Outcome o);

    /**
     * Whether a step gets a log line: with {@code logEvery} K &gt; 0 every global step divisible
     * by K (step 0 included); otherwise about every tenth of an epoch, leaving out the epoch's
     * last step, which its epoch line follows.
     */
    static boolean logged(Plan plan, int stepInEpoch, long step) {
        if (plan.logEvery() > 0) {
            return step % plan.logEvery() == 0;
        }
        int every = Math.max(1, (plan.stepsPerEpoch() + 9) / 10);
        return (stepInEpoch + 1) % every == 0 && stepInEpoch + 1 < plan.stepsPerEpoch();
    }
}
