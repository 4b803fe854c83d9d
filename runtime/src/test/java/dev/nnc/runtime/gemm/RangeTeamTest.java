package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Loops split between threads by a {@link GemmTeam}: every iteration runs exactly once, blocks
 * start where the split rule says, short loops stay on the caller's thread, and the first
 * block's exception is the one the caller sees.
 */
class RangeTeamTest {
    private static final GemmTeam TEAM = new GemmTeam(0);

    @Test
    void everyIterationRunsOnceOnAnyNumberOfThreads() {
        int[][] cases = {{1, 1, 1}, {2, 1, 1}, {128, 8, 8}, {200704, 4096, 16}, {1000, 3, 7},
            {37, 5, 1}, {17, 16, 16}, {64, 1, 64}};
        for (int threads = 1; threads <= 4; threads++) {
            for (int[] c : cases) {
                int count = c[0];
                AtomicIntegerArray seen = new AtomicIntegerArray(count);
                List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
                TEAM.range(threads, (task, from, to) -> {
                    assertEquals(7, task);
                    ranges.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                }, 7, count, c[1], c[2]);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, seen.get(i), "iteration " + i + " of " + count);
                }
                int blocks = GemmTeam.rangeBlocks(threads, count, c[1], c[2]);
                assertEquals(blocks, ranges.size());
                for (int[] r : ranges) {
                    assertEquals(0, r[0] % c[2], "a block starts at a multiple of align");
                    assertTrue(blocks == 1 || r[1] - r[0] >= c[2]);
                }
            }
        }
    }

    @Test
    void blocksFollowTheRule() {
        assertEquals(1, GemmTeam.rangeBlocks(1, 1_000_000, 1, 1), "one thread");
        assertEquals(1, GemmTeam.rangeBlocks(2, 100, 60, 1), "fewer than two grains");
        assertEquals(2, GemmTeam.rangeBlocks(2, 120, 60, 1));
        assertEquals(1, GemmTeam.rangeBlocks(2, 15, 1, 8), "fewer than two aligned units");
        assertEquals(4, GemmTeam.rangeBlocks(4, 128, 8, 8));
        assertEquals(3, GemmTeam.rangeBlocks(4, 24, 8, 8));
    }

    @Test
    void halvesOfAMatrixMatchTheGemmRowBlocks() {
        // dW1 of the MLP: 784 x 256, split by rows in units of 8: rows 0-391 and 392-783.
        List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
        TEAM.range(2, (task, from, to) -> ranges.add(new int[] {from, to}), 0, 784 * 256, 4096, 16);
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        assertEquals(2, ranges.size());
        assertEquals(392 * 256, ranges.get(0)[1]);
        assertEquals(392 * 256, ranges.get(1)[0]);
    }

    @Test
    void theFirstBlocksExceptionReachesTheCallerAndTheTeamStaysUsable() {
        for (int round = 0; round < 20; round++) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> TEAM.range(2, (task, from, to) -> {
                        throw new IllegalArgumentException("block from " + from);
                    }, 0, 100, 1, 1));
            assertEquals("block from 0", thrown.getMessage());
            assertEquals(1, thrown.getSuppressed().length);
            assertEquals("block from 50", thrown.getSuppressed()[0].getMessage());
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(100);
        TEAM.range(2, (task, from, to) -> {
            for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
            }
        }, 0, 100, 1, 1);
        for (int i = 0; i < 100; i++) {
            assertEquals(1, seen.get(i));
        }
    }

    @Test
    void aLoopInsideABusyTeamRunsOnItsCaller() {
        // Loops started from inside another loop's blocks find the team taken.
        List<Thread[]> ran = Collections.synchronizedList(new ArrayList<>());
        TEAM.range(2, (outer, from, to) -> {
            Thread blockThread = Thread.currentThread();
            TEAM.range(2, (task, f, t) -> ran.add(new Thread[] {blockThread, Thread.currentThread()}),
                    0, 100, 1, 1);
        }, 0, 2, 1, 1);
        assertEquals(2, ran.size());
        for (Thread[] pair : ran) {
            assertSame(pair[0], pair[1]);
        }
    }
}
