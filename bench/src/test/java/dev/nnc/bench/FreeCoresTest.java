package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The suite's free-cores check gives figures in their ranges and ends: judged on ranges only,
 * since what it measures is the machine.
 */
class FreeCoresTest {

    @Test
    void theCheckEndsWithFiguresInTheirRanges() {
        Suite.Cores cores = assertTimeoutPreemptively(Duration.ofSeconds(60), Suite::freeCores);
        assertTrue(cores.work() > 0.3 && cores.work() < 4, "work " + cores.work());
        assertTrue(cores.even() > 0 && cores.even() <= 1, "even " + cores.even());
        assertTrue(cores.trip() > 0 && Double.isFinite(cores.trip()), "trip " + cores.trip());
    }

    /** A round is added only while none passed, when the last check passed, and at most twice. */
    @Test
    void extraRoundsOnlyWhenTheCoresJustBecameClose() {
        Suite.Cores close = new Suite.Cores(1.95, 0.97, 65);
        Suite.Cores far = new Suite.Cores(1.95, 0.97, 480);
        int rounds = Suite.MLP_ROUNDS;
        assertTrue(Suite.extraRound(false, close, rounds));
        assertTrue(Suite.extraRound(false, close, rounds + Suite.EXTRA_ROUNDS - 1));
        assertFalse(Suite.extraRound(false, close, rounds + Suite.EXTRA_ROUNDS));
        assertFalse(Suite.extraRound(true, close, rounds), "a round passed already");
        assertFalse(Suite.extraRound(false, far, rounds));
        assertFalse(Suite.extraRound(false, new Suite.Cores(1.2, 0.97, 65), rounds), "busy");
    }

    @Test
    void aRoundTripStopsItsOtherThread() throws InterruptedException {
        int before = Thread.activeCount();
        double trip = Suite.roundTrip(20);
        assertTrue(trip > 0, "trip " + trip);
        Thread.sleep(50);
        assertTrue(Thread.activeCount() <= before, "the answering thread still runs");
    }
}
