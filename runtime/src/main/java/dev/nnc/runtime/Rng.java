package dev.nnc.runtime;

/**
 * The seeded random source of every initialiser and shuffle. Its output is fully specified
 * here, so the same seed gives the same bits on every JDK (java.util.Random and
 * SplittableRandom make no such promise across versions, and their algorithms are not ours to
 * document).
 *
 * <p>The algorithm:
 *
 * <ul>
 *   <li>State: four 64-bit words, filled by four successive outputs of SplitMix64 (Steele,
 *       Lea and Flood) started at the seed: {@code x += 0x9E3779B97F4A7C15}, then
 *       {@link #mix64} of {@code x}.
 *   <li>{@link #nextLong}: xoshiro256** (Blackman and Vigna, 2018).
 *   <li>{@link #nextDouble}: the top 53 bits of {@code nextLong()} times 2<sup>-53</sup>, so
 *       the result is in [0, 1).
 *   <li>{@link #nextGaussian}: Box–Muller, cosine branch only, from two fresh doubles per call
 *       ({@code u1 = 1 - nextDouble()} in (0, 1] so the logarithm is finite, then
 *       {@code u2 = nextDouble()}): {@code sqrt(-2 ln u1) * cos(2 pi u2)}. Nothing is cached
 *       between calls, so a draw depends only on how many longs came before it. The logarithm
 *       and cosine are StrictMath's, whose results the JDK specifies bit for bit (Math's may
 *       differ by an ulp between platforms and JIT intrinsics).
 * </ul>
 *
 * <p>Not thread-safe: one generator per thread of use.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public Rng(long seed) {
        long x = seed;
        s0 = mix64(x += GOLDEN_GAMMA);
        s1 = mix64(x += GOLDEN_GAMMA);
        s2 = mix64(x += GOLDEN_GAMMA);
        s3 = mix64(x + GOLDEN_GAMMA);
    }

    private Rng(long[] state) {
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /**
     * The generator's whole state, for a checkpoint: {@link #restore} continues the sequence
     * exactly where this one is, so a resumed run draws what an uninterrupted one would.
     */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** A generator in the state {@link #state} returned. */
    public static Rng restore(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("an Rng state is 4 longs, got " + state.length);
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            // xoshiro's one forbidden state: it would return 0 forever.
            throw new IllegalArgumentException("an all-zero Rng state is not a state this generator reaches");
        }
        return new Rng(state.clone());
    }

    /** SplitMix64's output function (a variant of MurmurHash3's finaliser): a bijection that scrambles every bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1), with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
