package dev.nnc.runtime;

/**
 * A test fixture written the way nnc generates a class, by hand: a model without a loss or a
 * train block and with no symbols, {@code y = x * k} for a fixed {@code x: [3]}.
 */
final class Doubler extends GeneratedModel {
    static final String SPEC = """
            nnc-spec 1
            model doubler
            dtype f32
            symbols
            fingerprint ef9563bf506d9b2e
            tensor input x f32 [3]
              values 1.0 2.0 3.0
            tensor const k f32 []
              values 2.0
            tensor output y f32 [3]
            end
            """;

    private float[] x;
    private float[] k;
    private float[] y;

    Doubler() {
        super(new String[] {SPEC});
        start();
    }

    @Override
    protected void resize(int[] symbols) {
        x = x == null ? new float[3] : x;
        k = k == null ? new float[1] : k;
        y = y == null ? new float[3] : y;
    }

    @Override
    protected Object array(int slot) {
        return switch (slot) {
            case 0 -> x;
            case 1 -> k;
            case 2 -> y;
            default -> throw new IllegalArgumentException("no slot " + slot);
        };
    }

    @Override
    protected void runPredict() {
        for (int i = 0; i < 3; i++) {
            y[i] = x[i] * k[0];
        }
    }

    @Override
    protected void runEvaluate() {
        throw new AssertionError("a model without a loss has no evaluate");
    }

    @Override
    protected void runGradients() {
        throw new AssertionError("a model without a loss has no gradients");
    }

    @Override
    protected void runUpdate() {
        throw new AssertionError("a model without a loss has no update");
    }
}
