package dev.nnc.runtime.gemm;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernels under test: the plain kernel always, and the Vector API kernel with both tile
 * heights when the JVM has the module (the surefire execution without it covers the
 * fallback). Built reflectively so that this class never links against the incubator module.
 */
final class Kernels {
    private Kernels() {}

    static List<GemmKernel> all() {
        List<GemmKernel> kernels = new ArrayList<>();
        kernels.add(Gemm.plain());
        if (Gemm.vectorModulePresent()) {
            kernels.add(vector(8));
            kernels.add(vector(6));
        }
        return kernels;
    }

    static GemmKernel vector(int rows) {
        try {
            return (GemmKernel) Class.forName("dev.nnc.runtime.gemm.VectorGemm")
                    .getDeclaredConstructor(int.class).newInstance(rows);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
