package dev.nnc.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.testing.FiniteDifferences;
import dev.nnc.testing.GradientFixture;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The gradient of random compositions of ops agrees with finite differences. */
class CompositionGradientTest {

    @Property(tries = 300)
    void randomCompositionsAgreeWithFiniteDifferences(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 5000) Integer> steps,
            @ForAll @IntRange(min = 1, max = 3) int m,
            @ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll boolean symbolicBatch,
            @ForAll long seed) {
        RandomComposition c = new RandomComposition(steps, m, n, symbolicBatch, seed);
        Assume.that(c.awayFromKinks());
        Map<String, FiniteDifferences.Check> checks =
                FiniteDifferences.check(c.fixture.lossOf(c.out), "loss", c.fixture.feeds());
        for (FiniteDifferences.Check check : checks.values()) {
            assertTrue(check.relativeError() < GradientFixture.TOLERANCE, () -> c + "\n  d loss/d " + check.target()
                    + ": relative error " + check.relativeError() + "\n  symbolic " + check.symbolic()
                    + "\n  numeric  " + check.numeric());
        }
    }
}
