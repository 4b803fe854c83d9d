package dev.nnc.front;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Diagnostics;
import dev.nnc.ir.Tensor;
import dev.nnc.ir.TensorType;
import dev.nnc.syntax.Parser;
import dev.nnc.syntax.Program;
import dev.nnc.syntax.SourceFile;
import dev.nnc.syntax.Span;
import dev.nnc.syntax.Stmt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/** The front end's entry points: .nn text in, a checked {@link dev.nnc.ir.Model} or diagnostics out. */
public final class Frontend {

    private Frontend() {}

    /** Reads and checks a file. A missing or non-UTF-8 file is a diagnostic, not an exception. */
    public static CheckResult check(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return failed(Diagnostic.fileError(name, "is a directory, not a .nn file"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return failed(Diagnostic.fileError(name, "no such file"));
        } catch (AccessDeniedException e) {
            return failed(Diagnostic.fileError(name, "permission denied"));
        } catch (IOException e) {
            return failed(Diagnostic.fileError(name, "cannot read the file: " + e.getMessage()));
        }
        return check(name, bytes);
    }

    /** Checks the bytes of a file named {@code name}; they must be UTF-8. */
    public static CheckResult check(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(notUtf8(name, bytes));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return check(new SourceFile(name, text));
    }

    public static CheckResult check(SourceFile file) {
        Diagnostics diagnostics = new Diagnostics();
        Program program = Parser.parse(file, diagnostics);
        if (diagnostics.hasErrors()) {
            // Checking what did parse would mostly report the consequences of the syntax errors.
            return new CheckResult(null, diagnostics.all());
        }
        var model = new Checker(program, diagnostics).check();
        return new CheckResult(diagnostics.hasErrors() ? null : model, diagnostics.all());
    }

    private static CheckResult failed(Diagnostic d) {
        return new CheckResult(null, List.of(d));
    }

    /** Points at the first byte that is not UTF-8, in a lossy decoding of the file. */
    private static Diagnostic notUtf8(String name, byte[] bytes) {
        int bad = firstMalformed(bytes);
        String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
        String lossy = new String(bytes, StandardCharsets.UTF_8);
        SourceFile file = new SourceFile(name, lossy);
        return Diagnostic.error(new Span(file, before.length(), 1),
                String.format("the file is not valid UTF-8: byte 0x%02x cannot start or continue a character", bytes[bad] & 0xff))
                .withHint("save the file as UTF-8");
    }

    private static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /**
     * Parses a literal typed on the command line ({@code --set x=[0.1, 0.2]}) as a value of
     * {@code type}; symbolic dimensions take the literal's sizes.
     *
     * @throws IllegalArgumentException with a message for the user when it does not parse or fit
     */
    public static Tensor literal(String text, TensorType type) {
        SourceFile file = new SourceFile("<value>", "__value = " + text + "\n");
        Diagnostics diagnostics = new Diagnostics();
        Program program = Parser.parse(file, diagnostics);
        if (diagnostics.hasErrors() || program.statements().size() != 1
                || !(program.statements().get(0) instanceof Stmt.Let let)) {
            String why = diagnostics.hasErrors() ? ": " + diagnostics.all().get(0).message() : "";
            throw new IllegalArgumentException("'" + text + "' is not a literal" + why);
        }
        try {
            Static value = Static.eval(let.value(), "the value");
            return Literals.fit(value, type, "", new HashMap<>());
        } catch (Static.NotStatic e) {
            throw new IllegalArgumentException("'" + text + "' is not a literal: " + e.getMessage());
        } catch (CheckError e) {
            throw new IllegalArgumentException(e.diagnostic.message());
        }
    }
}
