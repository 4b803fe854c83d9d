package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SpanTest {

    @Test
    void linesAndColumnsAreOneBased() {
        SourceFile f = new SourceFile("m.nn", "ab\ncd\r\nef");
        assertEquals(1, f.lineOf(0));
        assertEquals(2, f.lineOf(3));
        assertEquals(2, f.columnOf(4));
        assertEquals(3, f.lineOf(7));
        assertEquals("cd", f.lineText(2));
        assertEquals("m.nn:3:2", new Span(f, 8, 1).toString());
    }

    @Property(tries = 200)
    void everyOffsetMapsBackToItself(@ForAll String text) {
        SourceFile f = new SourceFile("p.nn", text);
        for (int i = 0; i <= text.length(); i++) {
            int line = f.lineOf(i);
            assertEquals(i, f.lineStart(line) + f.columnOf(i) - 1);
        }
    }
}
