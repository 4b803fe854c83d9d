package dev.nnc.runtime.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How Ctrl-C stops training cleanly. The JVM runs shutdown hooks on SIGINT and halts when they
 * return, whatever other threads are doing; so the hook ({@link #stopAndWait}) only raises a
 * flag and then waits for the training loop, which checks the flag after every step, to finish
 * that step, write its checkpoint and call {@link #finished}. Without the wait the JVM could halt
 * in the middle of the checkpoint's write (harmless, since writes are atomic, but the checkpoint
 * would be lost) or of the step.
 *
 * <p>The wait is bounded ({@link #HOOK_WAIT}), so a loop stuck in a very long step cannot keep a
 * process alive that the user asked to end; a second Ctrl-C does not shorten it, since the JVM
 * ignores signals once it is shutting down, but {@code kill -9} still works.
 *
 * <p>Tests call {@link #requestStop} or {@link #stopAndWait} directly: the path is the same,
 * without a signal.
 */
final class StopSignal {
    /** How long the shutdown hook waits for the loop to finish its step and checkpoint. */
    static final Duration HOOK_WAIT = Duration.ofSeconds(60);

    private volatile boolean requested;
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    /** Asks the loop to stop after the step in progress; safe from any thread. */
    void requestStop() {
        requested = true;
    }

    boolean requested() {
        return requested;
    }

    /**
     * What the shutdown hook runs: asks for a stop, then waits until the loop has {@link
     * #finished}, or {@code timeout} has passed.
     *
     * @return whether the loop finished in time
     */
    boolean stopAndWait(Duration timeout) {
        requestStop();
        try {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Called by the loop when it has stopped, or ended, and written everything it will write. */
    void finished() {
        finished.countDown();
    }

    /** Installs the shutdown hook for the duration of a training run. */
    void install() {
        if (hook == null) {
            hook = new Thread(() -> stopAndWait(HOOK_WAIT), "nnc-stop-training");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Removes the hook after the run; does nothing once the JVM is shutting down (the hook is then running). */
    void uninstall() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running and waits for finished(), which the caller has called.
            }
            hook = null;
        }
    }
}
