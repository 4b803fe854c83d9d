package dev.nnc.runtime.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records, RFC 4180 style: fields separated by commas; a field in double
 * quotes may hold commas, line breaks and doubled quotes ({@code ""} for one {@code "}); lines
 * end in LF, CRLF or a lone CR; the last line may lack its line break; a byte-order mark at
 * the start is skipped. Blank lines are skipped. A quote in the middle of an unquoted field
 * is kept as an ordinary character, as spreadsheets do.
 *
 * <p>Tracks line numbers so errors can say "row 17" and mean what a text editor shows: the
 * line on which the record (or the cell) starts, counting the header as row 1.
 */
final class CsvReader {
    private static final int EOF = -1;

    private final Reader in;
    private final String file;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private int line = 1;

    private final List<String> fields = new ArrayList<>();
    private int[] fieldLines = new int[16];
    private int recordLine;
    private final StringBuilder cell = new StringBuilder();

    CsvReader(Reader in, String file) throws IOException {
        this.in = in;
        this.file = file;
        if (peek() == '\uFEFF') {
            pos++;
        }
    }

    /** Reads the next record that is not blank; false at the end of the text. */
    boolean next() throws IOException {
        while (readRecord()) {
            if (!isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** The fields of the current record; reused by the next call. */
    List<String> fields() {
        return fields;
    }

    /** The line on which the current record starts. */
    int row() {
        return recordLine;
    }

    /** The line on which field {@code i} of the current record starts. */
    int row(int i) {
        return fieldLines[i];
    }

    private boolean isBlank() {
        return fields.size() == 1 && fields.get(0).isBlank();
    }

    private boolean readRecord() throws IOException {
        fields.clear();
        int c = read();
        if (c == EOF) {
            return false;
        }
        recordLine = line;
        while (true) {
            int fieldLine = line;
            cell.setLength(0);
            if (c == '"') {
                c = readQuoted(fieldLine);
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    cell.append((char) c);
                    c = read();
                }
            }
            addField(fieldLine);
            if (c == ',') {
                c = read();
                continue;
            }
            endLine(c);
            return true;
        }
    }

    /** Reads a quoted field whose opening quote was just read; returns the character after it. */
    private int readQuoted(int fieldLine) throws IOException {
        while (true) {
            int c = read();
            if (c == EOF) {
                throw new DataException(file + ": row " + fieldLine + ", column " + (fields.size() + 1)
                        + ": the quoted field that starts here is never closed (a quote inside a quoted"
                        + " field is written twice: \"\")");
            }
            if (c == '"') {
                c = read();
                if (c == '"') {
                    cell.append('"');
                    continue;
                }
                if (c != ',' && c != '\n' && c != '\r' && c != EOF) {
                    throw new DataException(file + ": row " + line + ", column " + (fields.size() + 1)
                            + ": unexpected " + describe(c) + " after the closing quote of a field (a quote"
                            + " inside a quoted field is written twice: \"\")");
                }
                return c;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            cell.append((char) c);
        }
    }

    private void addField(int fieldLine) {
        if (fields.size() == fieldLines.length) {
            fieldLines = java.util.Arrays.copyOf(fieldLines, 2 * fieldLines.length);
        }
        fieldLines[fields.size()] = fieldLine;
        fields.add(cell.toString());
    }

    /** Consumes the end of a line: LF, CRLF, a lone CR, or the end of the text. */
    private void endLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != EOF) {
            line++;
        }
    }

    private static String describe(int c) {
        return Character.isWhitespace(c) ? "whitespace" : "'" + (char) c + "'";
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
