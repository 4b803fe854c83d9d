package dev.nnc.runtime.data;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link Dataset}: the chosen feature columns as
 * numbers, one example per row, and the label column as class indices (written as integers
 * or as class names) or as numbers. See {@link CsvReader} for the syntax accepted and
 * {@link CsvOptions} for the choices. The file is UTF-8, optionally gzip-compressed.
 *
 * <p>Cells are trimmed of surrounding whitespace before they are read as numbers or names,
 * and so are header names.
 */
public final class Csv {
    private Csv() {}

    public static Dataset load(Path path, CsvOptions options) {
        DataFile.Opened file = DataFile.open(path);
        String name = path.toString();
        try {
            InputStreamReader text = new InputStreamReader(file.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
            return read(new CsvReader(text, name), name, options);
        } catch (MalformedInputException e) {
            // The decoder reads ahead of the parser, so find the byte again to name its row.
            throw new DataException(name + " is not UTF-8 text: " + firstInvalidByte(path), e);
        } catch (IOException e) {
            throw DataFile.ioError(path, file.gzip, e);
        } finally {
            try {
                file.close();
            } catch (IOException ignored) {
                // Everything has been read: a failure to close loses nothing.
            }
        }
    }

    /** "byte 0xE9 in row 2", found by decoding the file again on this error path only. */
    private static String firstInvalidByte(Path path) {
        try (DataFile.Opened again = DataFile.open(path)) {
            ByteBuffer bytes = ByteBuffer.wrap(again.in.readAllBytes());
            CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
            CharBuffer chars = CharBuffer.allocate(1 << 12);
            int row = 1;
            while (true) {
                int start = bytes.position();
                CoderResult r = decoder.decode(bytes, chars, true);
                for (int i = start; i < bytes.position(); i++) {
                    row += bytes.get(i) == '\n' ? 1 : 0;
                }
                chars.clear();
                if (r.isError()) {
                    return String.format("byte 0x%02X in row %d", bytes.get(bytes.position()) & 0xFF, row);
                }
                if (r.isUnderflow()) {
                    return "an invalid byte";
                }
            }
        } catch (IOException e) {
            return "an invalid byte";
        }
    }

    private static Dataset read(CsvReader reader, String file, CsvOptions options) throws IOException {
        if (!reader.next()) {
            throw new DataException(file + " is empty: expected a header row naming the columns");
        }
        List<String> header = new ArrayList<>();
        for (String h : reader.fields()) {
            header.add(h.strip());
        }
        int labelColumn = resolveLabel(header, file, options);
        int[] featureColumns = resolveFeatures(header, file, options, labelColumn);

        ValueBuffer features = new ValueBuffer(options.featureType());
        CsvLabels labels = labelColumn < 0 ? null
                : new CsvLabels(file, header, labelColumn, options, options.featureType());
        double scale = options.scale();
        while (reader.next()) {
            List<String> row = reader.fields();
            if (row.size() != header.size()) {
                throw new DataException(file + ": row " + reader.row() + " has " + row.size()
                        + (row.size() == 1 ? " field" : " fields") + " but the header has " + header.size());
            }
            for (int c : featureColumns) {
                features.add(number(row.get(c), file, reader.row(c), header, c) * scale);
            }
            if (labels != null) {
                labels.add(row.get(labelColumn), reader.row(labelColumn));
            }
        }
        int n = labels != null ? labels.size() : features.size() / featureColumns.length;
        if (n == 0) {
            throw new DataException(file + " has a header but no data rows");
        }
        Field x = features.toField(file, featureColumns.length);
        if (labels == null) {
            return Dataset.unlabeled(x);
        }
        return labels.finish(x);
    }

    private static int resolveLabel(List<String> header, String file, CsvOptions options) {
        if (options.label() == null) {
            return -1;
        }
        if (options.labelIsLast()) {
            if (header.size() < 2) {
                throw new DataException(file + " has a single column, " + Column.describe(header, 0)
                        + ": with the label in the last column, no column is left for features");
            }
            return header.size() - 1;
        }
        return options.label().resolve(header, file);
    }

    private static int[] resolveFeatures(List<String> header, String file, CsvOptions options, int labelColumn) {
        List<Integer> chosen = new ArrayList<>();
        if (options.features().isEmpty()) {
            for (int i = 0; i < header.size(); i++) {
                if (i != labelColumn) {
                    chosen.add(i);
                }
            }
        } else {
            for (Column c : options.features()) {
                int i = c.resolve(header, file);
                if (i == labelColumn) {
                    throw new DataException(file + ": column " + Column.describe(header, i)
                            + " is chosen both as a feature and as the label");
                }
                if (chosen.contains(i)) {
                    throw new DataException(file + ": column " + Column.describe(header, i)
                            + " is chosen twice as a feature");
                }
                chosen.add(i);
            }
        }
        if (chosen.isEmpty()) {
            throw new DataException(file + ": no column is left for features");
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A cell as a finite number, or a DataException naming the row and column. */
    static double number(String cell, String file, int row, List<String> header, int column) {
        String t = cell.strip();
        String where = file + ": row " + row + ", column " + Column.describe(header, column);
        if (t.isEmpty()) {
            throw new DataException(where + " is empty; every feature needs a number");
        }
        // Double.parseDouble also takes "NaN", "Infinity", hex and a trailing 'd' or 'f':
        // none of them is a number a data file means, so only these characters get through.
        boolean digit = false;
        boolean plausible = true;
        for (int i = 0; i < t.length() && plausible; i++) {
            char ch = t.charAt(i);
            digit |= ch >= '0' && ch <= '9';
            plausible = (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E';
        }
        plausible &= digit;
        double v;
        try {
            v = plausible ? Double.parseDouble(t) : Double.NaN;
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (Double.isNaN(v)) {
            throw new DataException(where + ": '" + cell + "' is not a number");
        }
        if (Double.isInfinite(v)) {
            throw new DataException(where + ": '" + cell + "' is too large for a number");
        }
        return v;
    }
}
