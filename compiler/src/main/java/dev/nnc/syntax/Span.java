package dev.nnc.syntax;

/**
 * A range of characters in a source file: where a token, an AST node or a graph node came
 * from. Lines and columns are 1-based, as compilers print them.
 */
public record Span(SourceFile file, int offset, int length) {

    public Span {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad span " + offset + "+" + length);
        }
    }

    public int end() {
        return offset + length;
    }

    public int line() {
        return file.lineOf(offset);
    }

    public int column() {
        return file.columnOf(offset);
    }

    /** The smallest span covering both. */
    public Span to(Span other) {
        int start = Math.min(offset, other.offset);
        int end = Math.max(end(), other.end());
        return new Span(file, start, end - start);
    }

    /** The source text under this span. */
    public String text() {
        return file.text().substring(offset, Math.min(end(), file.text().length()));
    }

    @Override
    public String toString() {
        return file.name() + ":" + line() + ":" + column();
    }
}
