package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(p, text);
        return p;
    }

    private Dataset load(String text) throws IOException {
        return Csv.load(csv(text), CsvOptions.defaults());
    }

    @Test
    void classNamesAreNumberedInSortedOrder() throws IOException {
        Dataset d = load("x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n");
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {2, 0, 1, 0}, d.labels().ints());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().floats());
        assertArrayEquals(new int[] {1}, d.features().exampleShape());
    }

    @Test
    void givenClassesFixTheNumbering() throws IOException {
        Dataset d = Csv.load(csv("x,s\n1,b\n2,b\n"), CsvOptions.defaults().withClasses(List.of("c", "b", "a")));
        assertEquals(List.of("c", "b", "a"), d.classNames());
        assertArrayEquals(new int[] {1, 1}, d.labels().ints());
    }

    @Test
    void integerLabelsAreDetected() throws IOException {
        Dataset d = load("a,b,label\n1,2,3\n4,5,0\n6,7,+1\n");
        assertEquals(List.of(), d.classNames());
        assertArrayEquals(new int[] {3, 0, 1}, d.labels().ints());
        assertArrayEquals(new float[] {1, 2, 4, 5, 6, 7}, d.features().floats());
    }

    @Test
    void aMixOfNumbersAndNamesIsNames() throws IOException {
        Dataset d = load("a,label\n1,3\n2,cat\n");
        assertEquals(List.of("3", "cat"), d.classNames());
    }

    @Test
    void numericLabelsForRegression() throws IOException {
        Dataset d = Csv.load(csv("a,price\n1,2.5\n2,-1e3\n"),
                CsvOptions.defaults().withLabelKind(CsvOptions.LabelKind.NUMBER).withFeatureType(DType.F64));
        assertEquals(DType.F64, d.labels().type());
        assertArrayEquals(new double[] {2.5, -1000}, d.labels().doubles());
        assertEquals(1, d.labels().width());
    }

    @Test
    void quotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        Dataset d = load("\"a, the first\",\"b \"\"quoted\"\"\",name\n"
                + "1,\"2\",\"New York, NY\"\n"
                + "\"3\",4,\"say \"\"hi\"\"\"\n"
                + "5,6,\"two\nlines\"\n");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.features().floats());
        assertEquals(List.of("New York, NY", "say \"hi\"", "two\nlines"), d.classNames());
    }

    @Test
    void headerNamesMayBeQuotedAndAreChosenByName() throws IOException {
        Path p = csv("\"a, the first\",\"b \"\"quoted\"\"\",y\n1,2,0\n");
        Dataset d = Csv.load(p, CsvOptions.defaults().withFeatures("b \"quoted\"").withLabel("y"));
        assertArrayEquals(new float[] {2}, d.features().floats());
    }

    @Test
    void crlfLoneCrAndNoTrailingNewline() throws IOException {
        for (String eol : new String[] {"\r\n", "\n", "\r"}) {
            Dataset d = load("a,b,y" + eol + "1,2,0" + eol + "3,4,1");
            assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().floats(), eol);
            assertArrayEquals(new int[] {0, 1}, d.labels().ints());
        }
    }

    @Test
    void byteOrderMarkIsSkipped() throws IOException {
        Path p = dir.resolve("bom.csv");
        Files.write(p, "\uFEFFsepal_length,species\r\n5.1,setosa\r\n".getBytes(StandardCharsets.UTF_8));
        Dataset d = Csv.load(p, CsvOptions.defaults().withFeatures("sepal_length"));
        assertArrayEquals(new float[] {5.1f}, d.features().floats());
    }

    @Test
    void blankLinesAreIgnoredAndRowsCountThem() throws IOException {
        Dataset d = load("\n\na,y\n\n1,0\n   \n\r\n2,1\n\n");
        assertEquals(2, d.size());
        // Rows in messages are the lines a text editor shows, blank ones included.
        Path p = csv("\na,y\n\n1,0\n\nx,1\n");
        assertEquals(p + ": row 6, column 'a' (1): 'x' is not a number",
                org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                        () -> Csv.load(p, CsvOptions.defaults())).getMessage());
    }

    @Test
    void rowNumbersCountLinesInsideQuotedFields() throws IOException {
        Path p = csv("a,b,y\n1,\"two\r\nlines\",0\n1,2\n");
        assertEquals(p + ": row 4 has 2 fields but the header has 3",
                org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                        () -> Csv.load(p, CsvOptions.defaults().withFeatures("a"))).getMessage());
    }

    @Test
    void columnsByIndexAndInTheOrderGiven() throws IOException {
        Path p = csv("a,b,c,d\n1,2,3,0\n4,5,6,1\n");
        Dataset d = Csv.load(p, CsvOptions.defaults().withFeatures(Column.at(2), Column.at(0)).withLabel(Column.at(3)));
        assertArrayEquals(new float[] {3, 1, 6, 4}, d.features().floats());
        assertArrayEquals(new int[] {0, 1}, d.labels().ints());
    }

    @Test
    void parsedColumnsPreferAHeaderNameOverAnIndex() throws IOException {
        Path p = csv("0,2,y\n10,20,1\n");
        Dataset byName = Csv.load(p, CsvOptions.defaults().withFeatures(Column.parse("2")));
        assertArrayEquals(new float[] {20}, byName.features().floats());
        Dataset byIndex = Csv.load(p, CsvOptions.defaults().withFeatures(Column.parse("1")));
        assertArrayEquals(new float[] {20}, byIndex.features().floats());
    }

    @Test
    void withoutALabelEveryColumnIsAFeature() throws IOException {
        Dataset d = Csv.load(csv("a,b\n1,2\n"), CsvOptions.defaults().withoutLabel());
        assertFalse(d.hasLabels());
        assertNull(d.labels());
        assertArrayEquals(new float[] {1, 2}, d.features().floats());
    }

    @Test
    void cellsAreTrimmedAndScaled() throws IOException {
        Dataset d = Csv.load(csv(" a , y \n 51 , 0 \n255,1\n"), CsvOptions.defaults().withFeatures("a").withLabel("y")
                .withScale(1 / 255.0));
        assertArrayEquals(new float[] {0.2f, 1f}, d.features().floats());
    }

    @Test
    void doublesKeepFullPrecision() throws IOException {
        Dataset d = Csv.load(csv("a,y\n0.1,0\n"), CsvOptions.defaults().withFeatureType(DType.F64));
        assertEquals(0.1, d.features().doubles()[0]);
    }

    @Test
    void gzippedCsv() throws IOException {
        Path p = dir.resolve("d.csv.gz");
        Files.write(p, IdxWriter.gzip("a,y\n1,0\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, Csv.load(p, CsvOptions.defaults()).size());
    }

    @Test
    void manyRowsGrowTheBuffers() throws IOException {
        StringBuilder s = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 5000; i++) {
            s.append(i).append(',').append(-i).append(',').append(i % 3).append('\n');
        }
        Dataset d = load(s.toString());
        assertEquals(5000, d.size());
        assertEquals(4999f, d.features().floats()[2 * 4999]);
        assertEquals(4999 % 3, d.labels().ints()[4999]);
    }
}
