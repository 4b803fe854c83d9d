package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {

    @Test
    void findsNearNames() {
        assertEquals("sigmoid", Spelling.closest("sigmod", List.of("softmax", "sigmoid", "sign")));
        assertEquals("run", Spelling.closest("rnu", List.of("check", "run")));
        assertEquals("W1", Spelling.closest("w1", List.of("W1", "W2")));
        assertEquals("logits", Spelling.closest("logit", List.of("x", "logits")));
    }

    @Test
    void ignoresFarNames() {
        assertNull(Spelling.closest("zzz", List.of("x", "W1")));
        assertNull(Spelling.closest("x", List.of("y"))); // one letter away, but the whole name
        assertNull(Spelling.closest("anything", List.of()));
    }

    @Test
    void distanceCountsATranspositionAsOneEdit() {
        assertEquals(1, Spelling.distance("rnu", "run"));
        assertEquals(1, Spelling.distance("sigmod", "sigmoid"));
        assertEquals(3, Spelling.distance("kitten", "sitting"));
        assertEquals(0, Spelling.distance("", ""));
    }
}
