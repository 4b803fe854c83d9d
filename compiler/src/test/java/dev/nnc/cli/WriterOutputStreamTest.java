package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriterOutputStreamTest {

    @Test
    void aCharacterSplitAcrossWritesArrivesWhole() throws IOException {
        StringWriter text = new StringWriter();
        WriterOutputStream out = new WriterOutputStream(text);
        byte[] bytes = "loss → 0.5 ✓ 𝜃".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            out.write(b);
        }
        out.flush();
        assertEquals("loss → 0.5 ✓ 𝜃", text.toString());
    }

    @Test
    void moreThanTheBufferHoldsPassesThrough() throws IOException {
        StringWriter text = new StringWriter();
        String line = "é".repeat(10_000) + "\n";
        try (PrintStream print = new PrintStream(new WriterOutputStream(text), true, StandardCharsets.UTF_8)) {
            print.print(line);
        }
        assertEquals(line, text.toString());
    }

    @Test
    void printlnReachesTheWriterAtOnce() {
        StringWriter text = new StringWriter();
        PrintStream print = new PrintStream(new WriterOutputStream(text), true, StandardCharsets.UTF_8);
        print.println("epoch 1/5");
        assertEquals("epoch 1/5" + System.lineSeparator(), text.toString());
    }

    @Test
    void aTruncatedCharacterAtTheEndBecomesAReplacement() throws IOException {
        StringWriter text = new StringWriter();
        WriterOutputStream out = new WriterOutputStream(text);
        out.write(new byte[] {'a', (byte) 0xE2, (byte) 0x86});
        out.close();
        assertEquals("a\uFFFD", text.toString());
    }
}
