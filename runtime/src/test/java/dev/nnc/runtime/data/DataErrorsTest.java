package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error a user's data can cause, with its whole message. */
class DataErrorsTest {
    @TempDir
    Path dir;

    private static String message(Runnable r) {
        return assertThrows(DataException.class, r::run).getMessage();
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.gz");
        assertEquals("file not found: " + p, message(() -> Idx.read(p)));
        assertEquals("file not found: " + p, message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void missingRelativeFileSaysWhereItLooked() {
        Path p = Path.of("no-such-dir", "train.csv");
        assertEquals("file not found: " + p + " (looked for " + p.toAbsolutePath() + ")",
                message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void directory() {
        assertEquals(dir + " is a directory, not a data file", message(() -> Idx.read(dir)));
    }

    @Test
    void badMagicShowsTheBytes() throws IOException {
        Path p = IdxWriter.writeBytes(dir.resolve("x.idx"), new byte[] {0x50, 0x4B, 0x03, 0x04, 1, 2}, false);
        assertEquals(p + " is not an IDX file: it starts with bytes 50 4B 03 04, but an IDX file starts with"
                + " 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions", message(() -> Idx.read(p)));
    }

    @Test
    void aTextFileGivenAsIdxIsRecognised() throws IOException {
        Path p = dir.resolve("iris.csv");
        Files.writeString(p, "sepal_length,species\n5.1,setosa\n");
        assertEquals(p + " is not an IDX file: it starts with bytes 73 65 70 61, but an IDX file starts with"
                + " 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions"
                + " (\"sepa\": it looks like a text file)", message(() -> Idx.read(p)));
    }

    @Test
    void unknownTypeCodeIsBadMagic() throws IOException {
        Path p = IdxWriter.writeBytes(dir.resolve("x"), new byte[] {0, 0, 0x07, 1, 0, 0, 0, 1, 5}, false);
        assertEquals(p + " is not an IDX file: it starts with bytes 00 00 07 01, but an IDX file starts with"
                + " 00 00, a type code (08, 09, 0B, 0C, 0D or 0E) and the number of dimensions", message(() -> Idx.read(p)));
    }

    @Test
    void emptyIdx() throws IOException {
        Path p = IdxWriter.writeBytes(dir.resolve("x"), new byte[0], false);
        assertEquals(p + " is empty: an IDX file starts with a 4-byte magic number", message(() -> Idx.read(p)));
    }

    @Test
    void truncatedIdxSaysExpectedAndPresentBytes() throws IOException {
        byte[] whole = IdxWriter.bytes(IdxType.UBYTE, new int[] {10, 28, 28}, new double[7840]);
        Path p = IdxWriter.writeBytes(dir.resolve("img"), Arrays.copyOf(whole, 16 + 1000), false);
        assertEquals(p + " is truncated: its header describes 10×28×28 = 7840 values of type unsigned byte (0x08),"
                + " 7840 bytes of data, but only 1000 bytes follow the header", message(() -> Idx.read(p)));

        Path gz = IdxWriter.writeBytes(dir.resolve("img.gz"), Arrays.copyOf(whole, 16 + 1000), true);
        assertEquals(gz + " is truncated: its header describes 10×28×28 = 7840 values of type unsigned byte (0x08),"
                + " 7840 bytes of data, but only 1000 bytes follow the header once decompressed",
                message(() -> Idx.read(gz)));
    }

    @Test
    void truncatedIdxHeader() throws IOException {
        Path p = IdxWriter.writeBytes(dir.resolve("x"), new byte[] {0, 0, 8, 3, 0, 0, 0, 10, 0, 0}, false);
        assertEquals(p + " is truncated: its header announces 3 dimensions (4 bytes each), but the file ends"
                + " 6 bytes into them", message(() -> Idx.read(p)));
    }

    @Test
    void zeroOrNegativeExampleDimensions() throws IOException {
        Path zero = IdxWriter.writeBytes(dir.resolve("z"), new byte[] {0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 0}, false);
        assertEquals(zero + " has a corrupt header: dimension 2 is 0", message(() -> Idx.read(zero)));
        Path neg = IdxWriter.writeBytes(dir.resolve("n"), new byte[] {0, 0, 8, 1, -1, -1, -1, -5}, false);
        assertEquals(neg + " has a corrupt header: dimension 1 is -5", message(() -> Idx.read(neg)));
    }

    @Test
    void extraBytesAfterTheData() throws IOException {
        byte[] whole = IdxWriter.bytes(IdxType.SHORT, new int[] {2}, new double[] {1, 2});
        Path p = IdxWriter.writeBytes(dir.resolve("x"), Arrays.copyOf(whole, whole.length + 3), false);
        assertEquals(p + " has 3 bytes more than its header describes 2 values of type short (0x0B), 4 bytes of"
                + " data: is the shape in the header right?", message(() -> Idx.read(p)));
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = IdxWriter.gzip(IdxWriter.bytes(IdxType.UBYTE, new int[] {100}, new double[100]));
        for (int i = 12; i < gz.length - 8; i++) {
            gz[i] ^= 0x5A; // scramble the deflate stream, keep the gzip header
        }
        Path p = IdxWriter.writeBytes(dir.resolve("x.gz"), gz, false);
        String m = message(() -> Idx.read(p));
        assertEquals(p + ": corrupt gzip data (", m.substring(0, m.indexOf('(') + 1), m);
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = IdxWriter.gzip(IdxWriter.bytes(IdxType.UBYTE, new int[] {1000}, new double[1000]));
        Path p = IdxWriter.writeBytes(dir.resolve("x.gz"), Arrays.copyOf(gz, gz.length - 12), false);
        assertEquals(p + ": the gzip data ends early: the file is truncated", message(() -> Idx.read(p)));
    }

    @Test
    void floatLabels() throws IOException {
        Path p = IdxWriter.write(dir.resolve("y"), IdxType.FLOAT, new int[] {2}, new double[] {0, 1}, false);
        assertEquals(p + " holds float (0x0D) values, but labels must be integers (IDX types 0x08, 0x09, 0x0B or 0x0C)",
                message(() -> Idx.labels(p, 10)));
    }

    @Test
    void idxLabelOutOfRange() throws IOException {
        Path p = IdxWriter.write(dir.resolve("y"), IdxType.UBYTE, new int[] {5}, new double[] {0, 1, 9, 12, 3}, false);
        assertEquals("label 12 at index 3 in " + p + " is out of range for 10 classes (0..9)",
                message(() -> Idx.labels(p, 10)));
        Path neg = IdxWriter.write(dir.resolve("n"), IdxType.BYTE, new int[] {2}, new double[] {0, -1}, false);
        assertEquals("label -1 at index 1 in " + neg + " is negative; class labels count from 0",
                message(() -> Idx.labels(neg, 0)));
    }

    @Test
    void imagesAndLabelsWithDifferentCounts() throws IOException {
        Path images = IdxWriter.write(dir.resolve("img"), IdxType.UBYTE, new int[] {3, 2}, new double[6], false);
        Path labels = IdxWriter.write(dir.resolve("lab"), IdxType.UBYTE, new int[] {2}, new double[2], false);
        assertEquals(images + " has 3 examples but " + labels + " has 2; features and labels must pair up one to one",
                message(() -> Idx.load(images, labels, DType.F32, 1, 10)));
    }

    @Test
    void emptyDataSet() throws IOException {
        Path images = IdxWriter.write(dir.resolve("img"), IdxType.UBYTE, new int[] {0, 2}, new double[0], false);
        Path labels = IdxWriter.write(dir.resolve("lab"), IdxType.UBYTE, new int[] {0}, new double[0], false);
        assertEquals(images + " holds no examples", message(() -> Idx.load(images, labels, DType.F32, 1, 10)));

        Path csv = dir.resolve("empty.csv");
        Files.writeString(csv, "");
        assertEquals(csv + " is empty: expected a header row naming the columns",
                message(() -> Csv.load(csv, CsvOptions.defaults())));
        Files.writeString(csv, "a,b\n\n\n");
        assertEquals(csv + " has a header but no data rows", message(() -> Csv.load(csv, CsvOptions.defaults())));
    }

    @Test
    void shapeThatDoesNotFitTheInput() throws IOException {
        Path images = IdxWriter.write(dir.resolve("img"), IdxType.UBYTE, new int[] {2, 28, 28}, new double[2 * 784], false);
        Field x = Idx.features(images, DType.F32, 1);
        assertEquals("examples in " + images + " have 28×28 = 784 values, but input 'x' needs 100",
                message(() -> x.reshape("x", 100)));
        assertEquals("examples in " + images + " have 28×28 = 784 values, but input 'x' needs 10×10 = 100",
                message(() -> x.reshape("x", 10, 10)));
    }

    @Test
    void raggedCsvRow() throws IOException {
        Path p = csv("a,b,c,d,e\n1,2,3,4,0\n1,2,3,4\n");
        assertEquals(p + ": row 3 has 4 fields but the header has 5", message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void nonNumericCell() throws IOException {
        Path p = csv("sepal_length,species\n5.1,setosa\n\nabc,setosa\n");
        assertEquals(p + ": row 4, column 'sepal_length' (1): 'abc' is not a number",
                message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void numbersJavaWouldAcceptButDataShouldNot() throws IOException {
        for (String bad : new String[] {"NaN", "Infinity", "1d", "0x10", "1f", "--1"}) {
            Path p = csv("a,y\n" + bad + ",0\n");
            assertEquals(p + ": row 2, column 'a' (1): '" + bad + "' is not a number",
                    message(() -> Csv.load(p, CsvOptions.defaults())), bad);
        }
        Path huge = csv("a,y\n1e999,0\n");
        assertEquals(huge + ": row 2, column 'a' (1): '1e999' is too large for a number",
                message(() -> Csv.load(huge, CsvOptions.defaults())));
    }

    @Test
    void emptyCells() throws IOException {
        Path p = csv("a,b,y\n1,,0\n");
        assertEquals(p + ": row 2, column 'b' (2) is empty; every feature needs a number",
                message(() -> Csv.load(p, CsvOptions.defaults())));
        Path q = csv("a,y\n1, \n");
        assertEquals(q + ": row 2, column 'y' (2) is empty; every row needs a label",
                message(() -> Csv.load(q, CsvOptions.defaults())));
    }

    @Test
    void unknownColumnSuggestsTheClosestName() throws IOException {
        Path p = csv("sepal_length,sepal_width,species\n1,2,a\n");
        assertEquals(p + " has no column 'sepal_lenght'; did you mean 'sepal_length'? (the header has sepal_length,"
                + " sepal_width, species)",
                message(() -> Csv.load(p, CsvOptions.defaults().withFeatures("sepal_lenght"))));
        assertEquals(p + " has no column 'Species'; did you mean 'species'? (the header has sepal_length,"
                + " sepal_width, species)",
                message(() -> Csv.load(p, CsvOptions.defaults().withLabel("Species"))));
        assertEquals(p + " has no column 'colour' (the header has sepal_length, sepal_width, species)",
                message(() -> Csv.load(p, CsvOptions.defaults().withLabel("colour"))));
    }

    @Test
    void columnIndexOutOfRange() throws IOException {
        Path p = csv("a,b,c\n1,2,3\n");
        assertEquals(p + ": there is no column at index 3; the header has 3 columns (indices 0..2)",
                message(() -> Csv.load(p, CsvOptions.defaults().withLabel(Column.at(3)))));
    }

    @Test
    void csvLabelOutOfRange() throws IOException {
        Path p = csv("a,label\n1,0\n2,12\n");
        assertEquals(p + ": label 12 in row 3 is out of range for 10 classes (0..9)",
                message(() -> Csv.load(p, CsvOptions.defaults().withClassCount(10))));
        Path neg = csv("a,label\n1,-1\n");
        assertEquals(neg + ": label -1 in row 2 is negative; class labels count from 0",
                message(() -> Csv.load(neg, CsvOptions.defaults())));
    }

    @Test
    void moreClassNamesThanTheModelHas() throws IOException {
        Path p = csv("a,s\n1,x\n2,y\n3,z\n");
        assertEquals(p + ": column 's' (2) holds 3 class names (x, y, z) but the model has 2 classes",
                message(() -> Csv.load(p, CsvOptions.defaults().withClassCount(2))));
    }

    @Test
    void classNameNotAmongTheGivenClasses() throws IOException {
        Path p = csv("a,species\n1,setosa\n2,setosaa\n");
        assertEquals(p + ": row 3, column 'species' (2): 'setosaa' is not one of the classes setosa, versicolor,"
                + " virginica; did you mean 'setosa'?",
                message(() -> Csv.load(p, CsvOptions.defaults()
                        .withClasses(java.util.List.of("setosa", "versicolor", "virginica")))));
    }

    @Test
    void integerLabelsAskedForButNamesFound() throws IOException {
        Path p = csv("a,y\n1,3\n2,cat\n");
        assertEquals(p + ": row 3, column 'y' (2): 'cat' is not an integer label",
                message(() -> Csv.load(p, CsvOptions.defaults().withLabelKind(CsvOptions.LabelKind.INTEGER))));
    }

    @Test
    void unclosedQuote() throws IOException {
        Path p = csv("a,b\n1,\"x\n2,3\n");
        assertEquals(p + ": row 2, column 2: the quoted field that starts here is never closed (a quote inside a"
                + " quoted field is written twice: \"\")", message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void textAfterAClosingQuote() throws IOException {
        Path p = csv("a,b\n\"1\"x,2\n");
        assertEquals(p + ": row 2, column 1: unexpected 'x' after the closing quote of a field (a quote inside a"
                + " quoted field is written twice: \"\")", message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "a,b\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(p + " is not UTF-8 text: byte 0xE9 in row 2", message(() -> Csv.load(p, CsvOptions.defaults())));
    }

    @Test
    void labelChosenAsAFeatureToo() throws IOException {
        Path p = csv("a,b\n1,2\n");
        assertEquals(p + ": column 'b' (2) is chosen both as a feature and as the label",
                message(() -> Csv.load(p, CsvOptions.defaults().withFeatures("a", "b"))));
    }

    @Test
    void duplicateHeaderNameChosenByName() throws IOException {
        Path p = csv("a,x,a,y\n1,2,3,0\n");
        assertEquals(p + ": the header names two columns 'a' (1 and 3); choose one by its 0-based index",
                message(() -> Csv.load(p, CsvOptions.defaults().withFeatures("a"))));
    }

    @Test
    void tooFewExamplesToSplit() throws IOException {
        Path p = csv("a,y\n1,0\n");
        Dataset d = Csv.load(p, CsvOptions.defaults());
        assertEquals(p + " has 1 example: too few to hold out 1 for validation and still train on the rest",
                message(() -> d.split(0.1, 1, false)));
    }

    private Path csv(String text) throws IOException {
        Path p = Files.createTempFile(dir, "data", ".csv");
        Files.writeString(p, text);
        return p;
    }
}
