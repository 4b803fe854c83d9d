package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.runtime.TensorSpec.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a generated constructor leaves behind: sizes, params, consts, defaults, learning rate. */
class GeneratedModelStartTest {

    static long[] bits(TensorView v) {
        double[] d = v.toDoubles();
        long[] bits = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            bits[i] = Double.doubleToRawLongBits(d[i]);
        }
        return bits;
    }

    static long[] initialBits(ModelSpec spec, String param) {
        TensorSpec t = spec.tensor(param, Role.PARAM);
        double[] v = new double[(int) TensorData.elementCount(t.fixedShape())];
        Initializers.initialize(t, spec.train().seed(), v);
        long[] bits = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Double.doubleToRawLongBits(v[i]);
        }
        return bits;
    }

    @Test
    void paramsStartFromInitializersBitForBit() {
        for (GeneratedModel m : List.of(new LinearRegression(), new SoftmaxClassifier())) {
            for (TensorSpec p : m.spec().params()) {
                assertArrayEquals(initialBits(m.spec(), p.name()), bits(m.param(p.name())), p.name());
            }
        }
        // The literal broadcasts its one number; glorot_normal in f32 is rounded to float.
        SoftmaxClassifier s = new SoftmaxClassifier();
        assertArrayEquals(new double[] {0.1f, 0.1f, 0.1f}, s.param("b").toDoubles());
        for (double w : s.param("W").toDoubles()) {
            assertEquals((float) w, w);
        }
    }

    @Test
    void initialValuesDependOnTheSeedAloneAndAreNotTrivial() {
        LinearRegression a = new LinearRegression();
        LinearRegression b = new LinearRegression();
        assertArrayEquals(bits(a.param("W")), bits(b.param("W")));
        assertArrayEquals(bits(a.param("b")), bits(b.param("b")));
        LinearRegression other = new LinearRegression(LinearRegression.SPEC.replace("seed 42", "seed 43"));
        assertNotEquals(a.param("W").get(0), other.param("W").get(0));
        assertNotEquals(a.param("W").get(0), a.param("W").get(1));
        double bound = Math.sqrt(6.0 / 3); // glorot_uniform of [2, 1]
        for (double w : a.param("W").toDoubles()) {
            assertEquals(0, w, bound);
        }
        assertEquals(0, a.param("b").get(0), 0.1);
    }

    @Test
    void specChunksAreJoined() {
        String spec = LinearRegression.SPEC;
        LinearRegression split = new LinearRegression(spec.substring(0, 100), spec.substring(100, 101), spec.substring(101));
        assertEquals(new LinearRegression().spec(), split.spec());
    }

    @Test
    void inputDefaultsFixTheSymbolsAndFillTheInputs() {
        LinearRegression m = new LinearRegression();
        assertEquals(4, m.batch());
        assertEquals(4, m.size("B"));
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, m.input("x").toDoubles());
        assertArrayEquals(new double[] {0.5, -2.5, 2.5, -0.5}, m.input("t").toDoubles());

        // Only y has a default, an int one; x, without one, starts at zeros for the same B.
        SoftmaxClassifier s = new SoftmaxClassifier();
        assertEquals(3, s.batch());
        assertArrayEquals(new int[] {0, 1, 2}, (int[]) s.input("y").array());
        assertArrayEquals(new double[6], s.input("x").toDoubles());

        Doubler d = new Doubler();
        assertArrayEquals(new float[] {1, 2, 3}, d.input("x").toFloats());
        d.predict();
        assertArrayEquals(new float[] {2, 4, 6}, d.output("y").toFloats(), "the const was written");
    }

    @Test
    void learningRateComesFromTheTrainBlock() {
        assertEquals(0.1, new LinearRegression().learningRate());
        assertEquals(0.05, new SoftmaxClassifier().learningRate());
        assertEquals(0.0, new Doubler().learningRate(), "no train block");
        assertEquals(0, new LinearRegression().updates());
    }

    private static ModelSpec withInputs(TensorSpec... inputs) {
        return ModelSpec.of("m", DType.F64, List.of("B", "T"), List.of(inputs), null, null);
    }

    private static TensorSpec input(String name, double[] values, String... dims) {
        return new TensorSpec(Role.INPUT, name, DType.F64, List.of(dims), null, null, values, null);
    }

    @Test
    void initialSizesSolveOneUnknownSymbolAtATime() {
        // y cannot fix B or T until x has fixed B = 3; then its six values give T = 2.
        assertArrayEquals(new int[] {3, 2}, InitialSizes.of(withInputs(
                input("y", new double[6], "B", "T"), input("x", new double[6], "B", "2"))));
        assertArrayEquals(new int[] {1, 1}, InitialSizes.of(withInputs(input("x", null, "B", "T"))), "no default: 1");
        assertEquals("model 'm': the default of input 'y' [B] has 4 values, but with B = 3 (from input 'x') it needs 3",
                assertThrows(IllegalStateException.class, () -> InitialSizes.of(withInputs(
                        input("x", new double[6], "B", "2"), input("y", new double[4], "B")))).getMessage());
        assertEquals("model 'm': the default of input 'x' [B, 2] has 5 values, not a multiple of 2",
                assertThrows(IllegalStateException.class, () -> InitialSizes.of(withInputs(
                        input("x", new double[5], "B", "2")))).getMessage());
        assertEquals("model 'm': the default of input 'x' [B, T] has 6 values, which does not say how large each of its"
                + " symbols is (a default can fix only one symbol that no other input fixes)",
                assertThrows(IllegalStateException.class, () -> InitialSizes.of(withInputs(
                        input("x", new double[6], "B", "T")))).getMessage());
    }
}
