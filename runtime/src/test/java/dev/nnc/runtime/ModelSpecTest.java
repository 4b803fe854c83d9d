package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.ModelSpec.TrainSpec;
import dev.nnc.runtime.TensorSpec.Role;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    static TensorSpec tensor(Role role, String name, DType dtype, String... dims) {
        return new TensorSpec(role, name, dtype, List.of(dims), null, null, null, null);
    }

    /** Every feature of the format at once: odd doubles, many values, names with / and ., no train block parts missing. */
    static ModelSpec awkward() {
        double[] many = new double[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = Math.scalb(1.0 / (i + 3), i - 20) * (i % 2 == 0 ? 1 : -1);
        }
        List<TensorSpec> tensors = List.of(
                new TensorSpec(Role.INPUT, "x", DType.F64, List.of("B", "T", "3"), null, null, null, null),
                new TensorSpec(Role.INPUT, "labels", DType.I32, List.of("B"), null, null, new double[] {0, 2, 1}, null),
                new TensorSpec(Role.PARAM, "W", DType.F64, List.of("3", "40"), "literal", null, many, null),
                new TensorSpec(Role.PARAM, "u", DType.F64, List.of("4"), "uniform", new double[] {-0.0, 1e-300}, null, null),
                new TensorSpec(Role.CONST, "odd", DType.F64, List.of("5"), null, null,
                        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE}, null),
                new TensorSpec(Role.CONST, "empty", DType.F64, List.of("0"), null, null, new double[0], null),
                new TensorSpec(Role.LOSS, "loss", DType.F64, List.of(), null, null, null, null),
                new TensorSpec(Role.GRADIENT, "dloss/dW", DType.F64, List.of("3", "40"), null, null, null, "W"),
                new TensorSpec(Role.STATE, "W.adam_m", DType.F64, List.of("3", "40"), null, null, null, "W"));
        Map<String, Double> hyper = new LinkedHashMap<>();
        hyper.put("lr", 1e-3);
        hyper.put("beta1", 0.9);
        hyper.put("eps", 1e-8);
        return ModelSpec.of("odd.model", DType.F64, List.of("B", "T"), tensors,
                new TrainSpec("adam", hyper, 128, 5, -7, 0.0), "loss");
    }

    @Test
    void textRoundTripsExactly() {
        for (ModelSpec spec : List.of(awkward(), new LinearRegression().spec(), new SoftmaxClassifier().spec(),
                new Doubler().spec())) {
            ModelSpec back = ModelSpec.parse(spec.toText());
            assertEquals(spec, back);
            assertEquals(spec.toText(), back.toText());
        }
        // Bit-for-bit, not merely equal as doubles: -0.0 and NaN survive.
        ModelSpec back = ModelSpec.parse(awkward().toText());
        double[] odd = back.tensor("odd", Role.CONST).values();
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(odd[3]));
        assertTrue(Double.isNaN(odd[0]));
        assertEquals(0, back.tensor("empty", Role.CONST).values().length);
        assertNull(back.tensor("loss", Role.LOSS).values());
    }

    /**
     * The fixtures carry version 1 text, as classes generated before version 2 do: this runtime
     * reads it, and writes the same spec back as version 2.
     */
    @Test
    void theFixturesTextIsWhatToTextWritesAsVersionTwo() {
        assertEquals(version2(LinearRegression.SPEC), new LinearRegression().spec().toText());
        assertEquals(version2(SoftmaxClassifier.SPEC), new SoftmaxClassifier().spec().toText());
        assertEquals(version2(Doubler.SPEC), new Doubler().spec().toText());
    }

    private static String version2(String versionOne) {
        assertTrue(versionOne.startsWith("nnc-spec 1\n"), versionOne);
        return "nnc-spec 2\n" + versionOne.substring("nnc-spec 1\n".length());
    }

    @Test
    void longValueListsWrapAtSixteenNumbersPerLine() {
        String text = awkward().toText();
        long valuesLines = text.lines().filter(l -> l.startsWith("  values")).count();
        // W's 40 values take 3 lines; labels, odd and the empty const take 1 each.
        assertEquals(6, valuesLines);
        assertTrue(text.contains("\n  values\n"), "an empty array is a bare values line");
    }

    @Test
    void hyperparameterOrderDoesNotMatter() {
        Map<String, Double> a = new LinkedHashMap<>();
        a.put("lr", 0.1);
        a.put("momentum", 0.9);
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("momentum", 0.9);
        b.put("lr", 0.1);
        ModelSpec first = ModelSpec.of("m", DType.F32, List.of(), List.of(), new TrainSpec("sgd", a, 1, 1, 0, 0), null);
        ModelSpec second = ModelSpec.of("m", DType.F32, List.of(), List.of(), new TrainSpec("sgd", b, 1, 1, 0, 0), null);
        assertEquals(first.toText(), second.toText());
        assertEquals(first, ModelSpec.parse(second.toText()));
    }

    @Test
    void tensorSpecsCompareArraysByContent() {
        TensorSpec a = new TensorSpec(Role.PARAM, "W", DType.F32, List.of("2"), "uniform", new double[] {-1, 1},
                new double[] {3, 4}, null);
        TensorSpec b = new TensorSpec(Role.PARAM, "W", DType.F32, List.of("2"), "uniform", new double[] {-1, 1},
                new double[] {3, 4}, null);
        TensorSpec c = new TensorSpec(Role.PARAM, "W", DType.F32, List.of("2"), "uniform", new double[] {-1, 1},
                new double[] {3, 5}, null);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals("TensorSpec[PARAM W f32[2] init uniform[-1.0, 1.0] values [3.0, 4.0]]", a.toString());
    }

    @Test
    void fingerprintIsStableAndCoversWhatMakesWeightsFit() {
        ModelSpec spec = new LinearRegression().spec();
        List<TensorSpec> tensors = spec.tensors();
        // Pinned: changing the hash would orphan every weights file saved so far.
        assertEquals("0373380fc2ebd6f9", ModelSpec.fingerprint(tensors));
        assertEquals(spec.fingerprint(), ModelSpec.fingerprint(tensors));

        List<TensorSpec> reordered = new ArrayList<>(tensors);
        Collections.reverse(reordered);
        assertEquals(ModelSpec.fingerprint(tensors), ModelSpec.fingerprint(reordered), "slot order does not count");

        List<TensorSpec> noState = tensors.stream().filter(t -> t.role() != Role.STATE).toList();
        assertEquals(ModelSpec.fingerprint(tensors), ModelSpec.fingerprint(noState), "optimizer state does not count");

        List<TensorSpec> reshaped = new ArrayList<>(tensors);
        reshaped.set(2, tensor(Role.PARAM, "W", DType.F64, "3", "1"));
        assertNotEquals(ModelSpec.fingerprint(tensors), ModelSpec.fingerprint(reshaped), "a param's shape counts");
        List<TensorSpec> retyped = new ArrayList<>(tensors);
        retyped.set(0, tensor(Role.INPUT, "x", DType.F32, "B", "2"));
        assertNotEquals(ModelSpec.fingerprint(tensors), ModelSpec.fingerprint(retyped), "an input's dtype counts");
        List<TensorSpec> renamed = new ArrayList<>(tensors);
        renamed.set(4, tensor(Role.OUTPUT, "yhat", DType.F64, "B", "1"));
        assertNotEquals(ModelSpec.fingerprint(tensors), ModelSpec.fingerprint(renamed), "an output's name counts");
        assertEquals(16, ModelSpec.fingerprint(List.of()).length());
    }

    @Test
    void lookups() {
        ModelSpec spec = new LinearRegression().spec();
        assertEquals(2, spec.slot("W", Role.PARAM));
        assertEquals(-1, spec.slot("W", Role.INPUT));
        assertEquals(List.of("x", "t"), spec.names(Role.INPUT));
        assertEquals(2, spec.params().size());
        assertEquals("y", spec.outputs().get(0).name());
        assertEquals(List.of("W.momentum", "b.momentum"), spec.states().stream().map(TensorSpec::name).toList());
        assertEquals(5, spec.lossSlot());
        assertEquals(6, spec.gradientSlot("W"));
        assertEquals(0, spec.symbol("B"));
        assertEquals(-1, new Doubler().spec().lossSlot());
        assertEquals("model 'linreg' has no param 'w'; did you mean 'W'? (its params: W, b)",
                assertThrows(IllegalArgumentException.class, () -> spec.tensor("w", Role.PARAM)).getMessage());
        assertEquals("model 'linreg' has no param 'x': 'x' is an input, not a param",
                spec.missing("x", Role.PARAM));
    }

    private static String parseError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text)).getMessage();
    }

    private static final String HEAD = "nnc-spec 1\nmodel m\ndtype f32\nsymbols B\nfingerprint 0\n";

    @Test
    void parseErrorsNameTheLine() {
        assertEquals("spec line 1: expected 'nnc-spec 2', got 'model m': this is not an nnc model spec",
                parseError("model m\n"));
        assertEquals("spec line 1: spec version 3 is not one this runtime reads (it reads versions 1 to 2): compile"
                + " the model again with this nnc, or use the runtime it was compiled with, such as the copy in its"
                + " jar (line: 'nnc-spec 3')", parseError("nnc-spec 3\nmodel m\nend\n"));
        assertTrue(parseError("nnc-spec 0\nmodel m\nend\n").startsWith("spec line 1: spec version 0 is not one"));
        assertTrue(parseError("nnc-spec two\nmodel m\nend\n").startsWith("spec line 1: spec version two is not"));
        assertEquals("spec text ends at line 6 without its 'end' line: it is truncated", parseError(HEAD));
        assertEquals("spec line 6: unknown role 'inptu'; expected one of [input, param, const, output, loss, gradient, state]"
                + " (line: 'tensor inptu x f32 [B]')", parseError(HEAD + "tensor inptu x f32 [B]\nend\n"));
        assertEquals("spec line 6: dimension 'T' in '[B,T]' is neither a size nor one of the symbols [B]"
                + " (line: 'tensor input x f32 [B,T]')", parseError(HEAD + "tensor input x f32 [B,T]\nend\n"));
        assertEquals("spec line 6: unknown dtype 'f16'; expected f32, f64 or int (line: 'tensor input x f16 [B]')",
                parseError(HEAD + "tensor input x f16 [B]\nend\n"));
        assertEquals("spec line 7: '1.0.0' is not a number (line: 'values 1.0.0')",
                parseError(HEAD + "tensor input x f32 [B]\n  values 1.0.0\nend\n"));
        assertEquals("spec line 6: values line does not follow a tensor line (line: 'values 1.0')",
                parseError(HEAD + "values 1.0\nend\n"));
        assertEquals("spec line 7: 'model' line after the tensors; only tensor, values and end lines may follow them"
                + " (line: 'model n')", parseError(HEAD + "tensor input x f32 [B]\nmodel n\nend\n"));
        assertEquals("spec line 6: second 'model' line (line: 'model n')", parseError(HEAD + "model n\nend\n"));
        assertEquals("spec line 6: unexpected 'extra' in a tensor line; after the dims come init KIND, of TARGET and args"
                + " NUMBERS, in that order (line: 'tensor param w f32 [2] extra')",
                parseError(HEAD + "tensor param w f32 [2] extra\nend\n"));
        assertEquals("spec line 6: dims 'B' should be written as [B,784] (no spaces), or [] for a scalar"
                + " (line: 'tensor input x f32 B')", parseError(HEAD + "tensor input x f32 B\nend\n"));
        assertEquals("spec line 6: expected 'epochs' as word 5, got 'epoch' (line: 'train sgd batch 1 epoch 1 seed 0"
                + " clip_norm 0.0')", parseError(HEAD + "train sgd batch 1 epoch 1 seed 0 clip_norm 0.0\nend\n"));
        assertEquals("spec line 7: text after the 'end' line (line: 'model n')", parseError(HEAD + "end\nmodel n\n"));
        assertEquals("spec has no 'fingerprint' line", parseError("nnc-spec 1\nmodel m\ndtype f32\nsymbols\nend\n"));
        assertEquals("spec line 6: unknown line 'modle'; expected model, dtype, symbols, objective, fingerprint, train,"
                + " hyper, tensor, values or end (line: 'modle x')", parseError(HEAD + "modle x\nend\n"));
    }

    @Test
    void namesThatTheTextCannotHoldAreRefused() {
        ModelSpec spaced = ModelSpec.of("my model", DType.F32, List.of(), List.of(), null, null);
        assertEquals("cannot write the spec: model name \"my model\" contains whitespace",
                assertThrows(IllegalArgumentException.class, spaced::toText).getMessage());
        ModelSpec undeclared = ModelSpec.of("m", DType.F32, List.of("B"), List.of(tensor(Role.INPUT, "x", DType.F32, "N")),
                null, null);
        assertEquals("cannot write the spec: dimension 'N' of 'x' is not one of the symbols [B]",
                assertThrows(IllegalArgumentException.class, undeclared::toText).getMessage());
    }
}
