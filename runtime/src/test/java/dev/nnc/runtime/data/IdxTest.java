package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IdxTest {
    @TempDir
    Path dir;

    /** Values every type can hold exactly, the extremes of each type included. */
    private static double[] samples(IdxType type) {
        switch (type) {
            case UBYTE: return new double[] {0, 1, 127, 128, 200, 255};
            case BYTE: return new double[] {-128, -1, 0, 1, 100, 127};
            case SHORT: return new double[] {-32768, -1, 0, 1, 1000, 32767};
            case INT: return new double[] {Integer.MIN_VALUE, -1, 0, 1, 1 << 24, Integer.MAX_VALUE};
            case FLOAT: return new double[] {-1.5, 0, 0.1f, 3.25, 1e30f, -7};
            default: return new double[] {-1.5, 0, 0.1, Math.PI, 1e300, -7};
        }
    }

    @ParameterizedTest
    @EnumSource(IdxType.class)
    void roundTripsEveryTypePlainAndGzipped(IdxType type) throws IOException {
        double[] values = samples(type);
        for (boolean gzip : new boolean[] {false, true}) {
            Path file = IdxWriter.write(dir.resolve(type + (gzip ? ".gz" : "")), type, new int[] {3, 2}, values, gzip);
            IdxArray a = Idx.read(file);
            assertEquals(type, a.type());
            assertArrayEquals(new int[] {3, 2}, a.shape());
            assertEquals(3, a.count());
            assertArrayEquals(new int[] {2}, a.exampleShape());

            Field f64 = a.features(DType.F64, 1);
            assertArrayEquals(values, f64.doubles());
            assertEquals(3, f64.size());
            assertEquals(2, f64.width());

            Field f32 = a.features(DType.F32, 1);
            for (int i = 0; i < values.length; i++) {
                assertEquals((float) values[i], f32.floats()[i]);
            }
        }
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path disguised = IdxWriter.write(dir.resolve("images.idx"), IdxType.UBYTE, new int[] {2, 2, 2},
                new double[] {1, 2, 3, 4, 5, 6, 7, 8}, true);
        Path plainNamedGz = IdxWriter.write(dir.resolve("labels.gz"), IdxType.UBYTE, new int[] {2},
                new double[] {0, 1}, false);
        assertArrayEquals(new int[] {2, 2, 2}, Idx.read(disguised).shape());
        assertArrayEquals(new int[] {0, 1}, Idx.labels(plainNamedGz, 2).ints());
    }

    /**
     * Two gzip members back to back are one valid gzip file, whose trailer gives only the
     * last member's size: the reader must not trust it for the whole.
     */
    @Test
    void concatenatedGzipMembers() throws IOException {
        double[] values = new double[3 * 5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 251;
        }
        byte[] whole = IdxWriter.bytes(IdxType.UBYTE, new int[] {3, 5000}, values);
        byte[] first = IdxWriter.gzip(java.util.Arrays.copyOf(whole, 7000));
        byte[] second = IdxWriter.gzip(java.util.Arrays.copyOfRange(whole, 7000, whole.length));
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        Path file = IdxWriter.writeBytes(dir.resolve("two.gz"), both, false);
        assertArrayEquals(values, Idx.features(file, DType.F64, 1).doubles());
    }

    @Test
    void scalesWhileConverting() throws IOException {
        Path file = IdxWriter.write(dir.resolve("px"), IdxType.UBYTE, new int[] {1, 3}, new double[] {0, 51, 255}, false);
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, Idx.features(file, DType.F32, 1 / 255.0).floats());
        assertArrayEquals(new double[] {0, 0.2, 1}, Idx.features(file, DType.F64, 1 / 255.0).doubles(), 1e-15);
    }

    @Test
    void loadsImagesAndLabelsAsOneDataSet() throws IOException {
        Path images = IdxWriter.write(dir.resolve("img.gz"), IdxType.UBYTE, new int[] {3, 2, 2},
                new double[12], true);
        Path labels = IdxWriter.write(dir.resolve("lab.gz"), IdxType.UBYTE, new int[] {3}, new double[] {2, 0, 1}, true);
        Dataset d = Idx.load(images, labels, DType.F32, 1 / 255.0, 3);
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2, 2}, d.features().exampleShape());
        assertArrayEquals(new int[] {2, 0, 1}, d.labels().ints());
    }

    @Test
    void reshapesWhenTheValuesPerExampleMatch() throws IOException {
        Path images = IdxWriter.write(dir.resolve("img"), IdxType.UBYTE, new int[] {2, 28, 28}, new double[2 * 784], false);
        Field x = Idx.features(images, DType.F32, 1).reshape("x", 784);
        assertArrayEquals(new int[] {784}, x.exampleShape());
        assertEquals(2, x.size());
    }
}
