package dev.nnc.bench;

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

    @Test
    void aRoundTripStopsItsOtherThread() throws InterruptedException {
        int before = Thread.activeCount();
        double trip = Suite.roundTrip(20);
        assertTrue(trip > 0, "trip " + trip);
        Thread.sleep(50);
        assertTrue(Thread.activeCount() <= before, "the answering thread still runs");
    }
}
