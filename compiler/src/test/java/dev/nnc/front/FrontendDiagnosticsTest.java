package dev.nnc.front;

import static dev.nnc.front.Diagnose.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake the front end diagnoses, with its exact message, line and column. */
class FrontendDiagnosticsTest {

    private static final String MLP_HEAD = """
            model m
            input x: [B, 784]
            input y: int[B]
            param W1: [784, 256] = he_uniform
            param b1: [256] = zeros
            param W2: [256, 10] = he_uniform
            param b2: [10] = zeros
            """;

    @Test
    void matmulInnerDimensions() {
        Diagnostic d = error(MLP_HEAD + "h = relu(x @ W1 + b1)\nlogits = h @ W1 + b2\n", 9, 10,
                "cannot multiply [B, 256] @ [784, 256]: inner dimensions 256 and 784 differ");
        assertEquals(6, d.span().length());
        String printed = DiagnosticPrinter.render(d);
        assertTrue(printed.contains("    9 | logits = h @ W1 + b2\n      |          ^^^^^^\n"), printed);
    }

    @Test
    void broadcastMismatch() {
        error("input a: [2]\ninput b: [3]\nc = a + b\n", 3, 9,
                "cannot add [2] and [3]: dimensions 2 and 3 do not broadcast");
    }

    @Test
    void symbolAgainstFixedSize() {
        error("input a: [B]\nparam w: [3]\nc = a * w\n", 3, 9,
                "cannot multiply [B] and [3]: dimensions B and 3 do not broadcast");
    }

    @Test
    void unknownName() {
        error("input x: [2]\ny = x + z\n", 2, 9, "unknown name 'z'");
    }

    @Test
    void unknownNameSuggestsClosest() {
        error("input input_x: [2]\ny = inptu_x * 2\n", 2, 5, "unknown name 'inptu_x'; did you mean 'input_x'?");
    }

    @Test
    void unknownFunctionSuggestsBuiltin() {
        Diagnostic d = error("input x: [2]\ny = sigmod(x)\n", 2, 5, "unknown function 'sigmod'; did you mean 'sigmoid'?");
        assertEquals(6, d.span().length());
    }

    @Test
    void wrongArgumentCount() {
        error("input x: [2]\ny = sigmoid(x, x)\n", 2, 16, "sigmoid() takes 1 argument but 2 were given");
        error("input x: [2]\ny = maximum(x)\n", 2, 5, "maximum() takes 2 arguments but 1 was given");
        error("input x: [2]\ny = sum(x, 0, false, 1)\n", 2, 22, "sum() takes from 1 to 3 arguments but 4 were given");
    }

    @Test
    void userFunctionArgumentCount() {
        error("input x: [2]\nfn f(a, b) = a * b\ny = f(x)\n", 3, 5, "f() takes 2 arguments but 1 was given");
    }

    @Test
    void unknownKeywordArgument() {
        error("input x: [2, 3]\ny = sum(x, axes = 0)\n", 2, 12, "unknown keyword argument 'axes' for sum(); did you mean 'axis'?");
    }

    @Test
    void nameBoundTwice() {
        Diagnostic d = error("input x: [2]\nh = x\nh = x * 2\n", 3, 1, "'h' is already defined");
        assertEquals(1, d.notes().size());
        assertEquals(2, d.notes().get(0).span().line());
    }

    @Test
    void inputAndValueShareOneNamespace() {
        error("input x: [2]\nx = 3\n", 2, 1, "'x' is already defined");
    }

    @Test
    void useBeforeDefinition() {
        Diagnostic d = error("input x: [2]\ny = h * 2\nh = x\n", 2, 5, "'h' is used before its definition");
        assertEquals(3, d.notes().get(0).span().line());
    }

    @Test
    void useInOwnDefinition() {
        error("input x: [2]\nh = h + x\n", 2, 5, "'h' is used in its own definition");
    }

    @Test
    void recursiveFunction() {
        Diagnostic d = error("input x: [2]\nfn f(a) = f(a) + 1\ny = f(x)\n", 2, 11, "function 'f' calls itself");
        assertEquals(3, d.notes().get(0).span().line(), "points back at the call that started the inlining");
    }

    @Test
    void mutuallyRecursiveFunctions() {
        Diagnostic d = error("input x: [2]\nfn f(a) = g(a)\nfn g(a) = f(a) * 2\ny = f(x)\n", 3, 11,
                "function 'f' calls itself");
        assertEquals(2, d.notes().size(), "the chain of calls: g inside f, f at the top");
    }

    @Test
    void errorInsideFunctionPointsIntoBodyWithCallNote() {
        Diagnostic d = error(MLP_HEAD + "fn dense(v, W, b) = v @ W + b\nh = relu(dense(x, W1, b1))\nlogits = dense(h, W1, b2)\n",
                8, 21, "cannot multiply [B, 256] @ [784, 256]: inner dimensions 256 and 784 differ");
        assertEquals(10, d.notes().get(0).span().line());
        assertEquals("in this call to 'dense'", d.notes().get(0).message());
    }

    @Test
    void reshapeElementCount() {
        error("input x: [2, 3]\ny = reshape(x, [4, 2])\n", 2, 5, "cannot reshape [2, 3] to [4, 2]: 6 elements cannot fill 8");
    }

    @Test
    void literalDoesNotMatchDeclaredShape() {
        error("input x: [2] = [1, 2, 3]\n", 1, 16, "literal of shape [3] does not match the declared type [2] of input 'x'");
    }

    @Test
    void raggedLiteral() {
        error("param W: [2, 2] = [[1, 2], [3]]\n", 1, 28,
                "ragged literal: this list has 1 elements but the first one at its depth has 2");
    }

    @Test
    void nonScalarLoss() {
        Diagnostic d = error("input x: [2]\nparam w: [2]\nloss = x * w\n", 3, 8, "loss must be a scalar, found [2]");
        assertTrue(d.hint().contains("mean("));
    }

    @Test
    void gradOfNonScalar() {
        error("input x: [2]\nparam w: [2]\nh = x * w\ng = grad(h, w)\n", 4, 10, "grad needs a scalar function, found [2]");
    }

    @Test
    void gradWithRespectToConst() {
        error("const c = 2\ninput x: []\nloss = x * c\ng = grad(loss, c)\n", 4, 16,
                "cannot take grad with respect to 'c': a const has no gradient");
    }

    @Test
    void gradWithRespectToIntermediate() {
        error("input x: []\nh = x * 2\nloss = h * h\ng = grad(loss, h)\n", 4, 16,
                "cannot take grad with respect to 'h': it is an intermediate value");
    }

    @Test
    void integerTensorWhereFloatNeeded() {
        Diagnostic d = error("input y: int[4]\nz = y * 2\n", 2, 5, "integer tensor used where a float is needed");
        assertEquals(1, d.span().length(), "points at the integer operand");
    }

    @Test
    void unknownDtype() {
        error("dtype f16\ninput x: [2]\n", 1, 7, "unknown dtype 'f16'");
        error("dtype f46\ninput x: [2]\n", 1, 7, "unknown dtype 'f46'; did you mean 'f64'?");
    }

    @Test
    void unknownElementType() {
        error("input x: float[2]\n", 1, 10, "unknown element type 'float'");
    }

    @Test
    void unknownOptimizer() {
        error("input x: []\nparam w: []\nloss = x * w\ntrain {\n  optimizer = adan(lr = 0.1)\n}\n", 5, 15,
                "unknown optimizer 'adan'; did you mean 'adam'?");
    }

    @Test
    void unknownInitialiser() {
        error("param W: [2, 2] = he_unifrom\n", 1, 19, "unknown initialiser 'he_unifrom'; did you mean 'he_uniform'?");
    }

    @Test
    void badTrainSettings() {
        String head = "input x: []\nparam w: []\nloss = x * w\n";
        error(head + "train {\n  epoch = 3\n}\n", 5, 3, "unknown train setting 'epoch'; did you mean 'epochs'?");
        error(head + "train {\n  batch = 0\n}\n", 5, 11, "batch must be a positive integer, found 0.0");
        error(head + "train {\n  batch = 12.5\n}\n", 5, 11, "batch must be a positive integer, found 12.5");
        error(head + "train {\n  optimizer = sgd()\n}\n", 5, 15, "sgd needs a learning rate");
        error(head + "train {\n  optimizer = adam(lr = -1)\n}\n", 5, 25, "lr must be a positive number, found -1.0");
        error(head + "train {\n  seed = 1\n  seed = 2\n}\n", 6, 3, "train setting 'seed' is set twice");
        error(head + "train {\n  clip_norm = 0\n}\n", 5, 15, "clip_norm must be a positive number, found 0.0");
    }

    @Test
    void emptyFile() {
        error("", 1, 1, "empty file: there is nothing to compile");
        error("# only a comment\n\n", 1, 1, "empty file: there is nothing to compile");
    }

    @Test
    void missingFile(@TempDir Path dir) {
        CheckResult r = Frontend.check(dir.resolve("nope.nn"));
        assertFalse(r.ok());
        assertEquals(dir.resolve("nope.nn") + ": error: no such file", r.diagnostics().get(0).header());
    }

    @Test
    void notUtf8(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.nn");
        byte[] head = "input x: [2]\ny = x # caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // Latin-1 'é'
        bytes[head.length + 1] = '\n';
        Files.write(f, bytes);
        CheckResult r = Frontend.check(f);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("the file is not valid UTF-8: byte 0xe9 cannot start or continue a character", d.message());
        assertEquals(2, d.line());
        assertEquals(12, d.column());
    }

    @Test
    void intParamRejected() {
        error("param w: int[2]\n", 1, 10, "param 'w' cannot be an integer tensor");
    }

    @Test
    void symbolicParamRejected() {
        error("param w: [B, 2]\n", 1, 10, "param 'w' has a symbolic dimension: [B, 2]");
    }

    @Test
    void inputDefaultsAgreeOnBatch() {
        error("input x: [B, 2] = [[1, 2], [3, 4]]\ninput t: [B] = [1, 2, 3]\n", 2, 16,
                "the default value of 't' makes B = 3, but the default of 'x' makes it 2");
    }

    @Test
    void functionNameUsedAsValue() {
        error("input x: [2]\ny = sigmoid + x\n", 2, 5, "'sigmoid' is a built-in function; call it as sigmoid(...)");
    }

    @Test
    void builtinCannotBeRedefined() {
        error("input x: [2]\nexp = x\n", 2, 1, "'exp' is a built-in function and cannot be redefined");
    }

    @Test
    void axisOutOfRange() {
        error("input x: [2, 3]\ny = sum(x, axis = 2)\n", 2, 9, "axis 2 is out of range for a tensor of rank 2");
    }

    @Test
    void crossEntropyNeedsIntegerLabels() {
        error("input z: [4, 3]\ninput t: [4]\nl = cross_entropy(z, t)\n", 3, 22,
                "cross_entropy needs integer class labels, found a float tensor");
    }

    @Test
    void manyErrorsInOneRun() {
        CheckResult r = Diagnose.check("input x: [2]\na = x + q\nb = sigmod(x)\nc = x @ [1, 2, 3]\n");
        assertEquals(3, r.diagnostics().stream().filter(Diagnostic::isError).count(),
                DiagnosticPrinter.render(r.diagnostics()));
    }

    @Test
    void aFailedDeclarationDoesNotCascade() {
        CheckResult r = Diagnose.check("input x: [2]\nparam w: [2] = he_unifrom\nh = x * w\nloss = sum(h * w)\n");
        assertEquals(1, r.diagnostics().size(), DiagnosticPrinter.render(r.diagnostics()));
    }

    @Test
    void oneMistakeOneDiagnostic() {
        CheckResult r = Diagnose.check("input x: [2]\na = x + q\nb = a * 2\nc = b + a\n");
        assertEquals(1, r.diagnostics().size(), DiagnosticPrinter.render(r.diagnostics()));
    }
}
