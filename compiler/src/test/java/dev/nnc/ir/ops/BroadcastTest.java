package dev.nnc.ir.ops;

import static dev.nnc.ir.ops.OpAssertions.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.ir.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Test
    void staticTable() {
        assertEquals(shape("B", 10), Broadcast.shape("add", List.of(shape("B", 10), shape(10))));
        assertEquals(shape(2, 3), Broadcast.shape("add", List.of(shape(2, 1), shape(1, 3))));
        assertEquals(shape("B", 4), Broadcast.shape("add", List.of(shape(), shape("B", 4))));
        assertEquals(shape("B"), Broadcast.shape("add", List.of(shape("B"), shape(1))));
        assertEquals(shape("B"), Broadcast.shape("add", List.of(shape(1), shape("B"))));
        assertEquals(shape("B", 5), Broadcast.shape("add", List.of(shape("B", 1), shape(1, 5))));
        assertEquals(shape(4, 2, 3), Broadcast.shape("add", List.of(shape(4, 1, 3), shape(2, 1))));
        assertEquals(shape(0, 3), Broadcast.shape("add", List.of(shape(0, 1), shape(3))));
        assertEquals(shape(), Broadcast.shape("add", List.of(shape(), shape())));
        assertEquals(shape(2, 3), Broadcast.shape("add", List.of(shape(2, 1), shape(3), shape())));
    }

    @Test
    void clashesNameTheOperandAndTheDimensions() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Broadcast.shape("add", List.of(shape(2, 1), shape(3), shape(4))));
        assertEquals("cannot add [2, 1], [3] and [4]: dimensions 3 and 4 do not broadcast", e.getMessage());
        assertEquals(2, e.operand());
        e = assertThrows(ShapeException.class, () -> Broadcast.shape("add", List.of(shape("B"), shape(3))));
        assertEquals("a symbolic dimension such as B matches only itself or 1", e.hint());
    }

    @Test
    void concreteShapes() {
        assertArrayEquals(new int[] {2, 3}, Broadcast.shape(new int[] {2, 1}, new int[] {1, 3}));
        assertArrayEquals(new int[] {2, 3}, Broadcast.shape(new int[0], new int[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Broadcast.shape(new int[] {2}, new int[] {3}));
    }

    @Test
    void indexMaps() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, Broadcast.indexMap(new int[] {3}, new int[] {2, 3}));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, Broadcast.indexMap(new int[] {2, 1}, new int[] {2, 3}));
        assertArrayEquals(new int[] {0, 0, 0, 0}, Broadcast.indexMap(new int[0], new int[] {2, 2}));
        assertArrayEquals(new int[] {0, 1, 2, 3}, Broadcast.indexMap(new int[] {2, 2}, new int[] {2, 2}));
        // [2, 1, 2] read as [2, 3, 2]: each row of two is repeated three times.
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3},
                Broadcast.indexMap(new int[] {2, 1, 2}, new int[] {2, 3, 2}));
        assertThrows(IllegalArgumentException.class, () -> Broadcast.indexMap(new int[] {2}, new int[] {3}));
    }

    @Test
    void stretchedAxesUndoTheBroadcast() {
        assertArrayEquals(new int[] {0}, Broadcast.stretchedAxes(shape(10), shape("B", 10)));
        assertArrayEquals(new int[] {1}, Broadcast.stretchedAxes(shape("B", 1), shape("B", 5)));
        assertArrayEquals(new int[] {0, 1}, Broadcast.stretchedAxes(shape(), shape(2, 3)));
        assertArrayEquals(new int[0], Broadcast.stretchedAxes(shape(2, 3), shape(2, 3)));
        assertArrayEquals(new int[] {0, 2}, Broadcast.stretchedAxes(shape(1, 3, 1), shape(2, 3, 4)));
    }
}
