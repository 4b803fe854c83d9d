package dev.nnc.runtime.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Which kernel {@link Gemm} picks, with and without the Vector API module. */
class GemmSelectionTest {

    /**
     * The build runs this class twice: with {@code --add-modules jdk.incubator.vector}, and
     * without it, as a bare {@code java -jar} would. {@code nnc.test.gemm} says which.
     */
    @Test
    void picksTheVectorKernelExactlyWhenTheModuleIsPresent() {
        String expected = System.getProperty("nnc.test.gemm");
        assumeTrue(expected != null, "run by the build, which says what to expect");
        assertEquals(expected.equals("vector"), Gemm.vectorModulePresent());
        assertEquals(expected, Gemm.kernel().name());
        assertEquals(expected.equals("vector"), Gemm.vector().isPresent());
        assertEquals("plain", Gemm.plain().name());
    }

    /**
     * Below {@link Gemm#SMALL_WORK} multiply-adds a product runs on the plain kernel, whichever
     * kernel was chosen; from there on on the chosen one.
     */
    @Test
    void theSmallestProductsRunOnThePlainKernel() {
        assertEquals("plain", Gemm.kernelFor(32, 16, 4).name());
        assertEquals("plain", Gemm.kernelFor(1, 1, 1).name());
        assertEquals("plain", Gemm.kernelFor(15, 16, 17).name());
        assertEquals(Gemm.kernel().name(), Gemm.kernelFor(16, 16, 16).name());
        assertEquals(Gemm.kernel().name(), Gemm.kernelFor(128, 256, 784).name());
        assertEquals(Gemm.kernel().name(), Gemm.kernelFor(1, 1, 1 << 12).name());
        assertEquals(Gemm.kernel().name(), Gemm.kernelFor(65_536, 65_536, 65_536).name()); // no overflow
    }

    /**
     * The note a trainer prints: only when a large product ran on the plain kernel because the
     * JVM lacks a module the JDK has, and nobody asked for the plain kernel.
     */
    @Test
    void theHintAboutTheModuleIsGivenOnlyWhenTheModuleWouldHelp() {
        long large = Gemm.HINT_WORK;
        String hint = Gemm.vectorModuleHint(null, true, false, true, large).orElseThrow();
        assertTrue(hint.contains("--add-modules jdk.incubator.vector"), hint);
        assertTrue(Gemm.vectorModuleHint(" auto ", true, false, true, large).isPresent());
        assertFalse(Gemm.vectorModuleHint(null, true, false, true, large - 1).isPresent(), "products too small");
        assertFalse(Gemm.vectorModuleHint("plain", true, false, true, large).isPresent(), "plain asked for");
        assertFalse(Gemm.vectorModuleHint(null, true, true, true, large).isPresent(), "module present, no SIMD");
        assertFalse(Gemm.vectorModuleHint(null, true, false, false, large).isPresent(), "a JDK without it");
        assertFalse(Gemm.vectorModuleHint(null, false, false, true, large).isPresent(), "on the vector kernel");
    }

    /** A product of {@link Gemm#HINT_WORK} multiply-adds is enough, on a JVM without the module. */
    @Test
    void theHintReadsTheLargestProductSoFar() {
        float[] a = new float[128 * 128];
        float[] c = new float[128 * 128];
        Gemm.sgemm(false, false, 128, 128, 64, 1f, a, 0, 64, a, 0, 128, 0f, c, 0, 128);
        assertEquals(!Gemm.vectorModulePresent(), Gemm.vectorModuleHint().isPresent(),
                "this JDK has the module; the build runs this class with and without it");
    }

    @Test
    void thePropertyDecides() {
        assertEquals("auto", Gemm.decide(null, true));
        assertEquals("plain", Gemm.decide(null, false));
        assertEquals("auto", Gemm.decide("auto", true));
        assertEquals("plain", Gemm.decide("auto", false));
        assertEquals("plain", Gemm.decide("plain", true));
        assertEquals("plain", Gemm.decide(" plain ", false));
        assertEquals("vector", Gemm.decide("vector", true));
    }

    @Test
    void demandingAnAbsentModuleOrAnUnknownKernelFails() {
        IllegalStateException absent =
                assertThrows(IllegalStateException.class, () -> Gemm.decide("vector", false));
        assertTrue(absent.getMessage().contains("--add-modules jdk.incubator.vector"),
                absent.getMessage());
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Gemm.decide("blas", true));
        assertTrue(unknown.getMessage().contains("'blas'"), unknown.getMessage());
    }

    @Test
    void theStaticEntryPointsComputeWithTheChosenKernel() {
        float[] a = {1, 2, 3, 4, 5, 6};         // 2 x 3
        float[] b = {1, 0, 0, 1, 1, 1};         // 3 x 2
        float[] c = new float[4];
        Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2);
        assertEquals("[4.0, 5.0, 10.0, 11.0]", java.util.Arrays.toString(c));
        double[] d = new double[4];
        Gemm.dgemm(false, true, 2, 2, 3, 2, new double[] {1, 2, 3, 4, 5, 6}, 0, 3,
                new double[] {1, 0, 1, 0, 1, 1}, 0, 3, 0, d, 0, 2);
        assertEquals("[8.0, 10.0, 20.0, 22.0]", java.util.Arrays.toString(d));
    }

    @Test
    void theVectorKernelIsNeverLoadedWithoutItsModule() {
        assumeTrue(!Gemm.vectorModulePresent());
        assertFalse(Gemm.vector().isPresent());
    }
}
