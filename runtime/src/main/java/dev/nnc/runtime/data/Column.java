package dev.nnc.runtime.data;

import dev.nnc.runtime.Spelling;
import java.util.List;

/**
 * A CSV column chosen by its header name or by its 0-based index. In messages, columns are
 * shown by name and by 1-based number, as a spreadsheet counts them: {@code 'sepal_length' (1)}.
 */
public final class Column {
    private final String name;
    private final int index;

    private Column(String name, int index) {
        this.name = name;
        this.index = index;
    }

    public static Column named(String name) {
        return new Column(name, -1);
    }

    /** @param index 0-based */
    public static Column at(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("column indices count from 0, not " + index);
        }
        return new Column(null, index);
    }

    /**
     * Text from a command line: a header name, or a 0-based index when it is a number that
     * is not also a header name.
     */
    public static Column parse(String text) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() < 10) {
            return new Column(t, Integer.parseInt(t));
        }
        return named(t);
    }

    /** The 0-based index of this column in the header, or a DataException naming the file. */
    int resolve(List<String> header, String file) {
        if (name != null) {
            int found = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equals(name)) {
                    if (found >= 0) {
                        throw new DataException(file + ": the header names two columns '" + name + "' ("
                                + (found + 1) + " and " + (i + 1) + "); choose one by its 0-based index");
                    }
                    found = i;
                }
            }
            if (found >= 0) {
                return found;
            }
            if (index < 0) {
                throw new DataException(file + " has no column '" + name + "'" + Spelling.didYouMean(name, header)
                        + " (the header has " + String.join(", ", header) + ")");
            }
        }
        if (index >= header.size()) {
            throw new DataException(file + ": there is no column at index " + index + "; the header has "
                    + header.size() + " columns (indices 0.." + (header.size() - 1) + ")");
        }
        return index;
    }

    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : "#" + index;
    }

    /** {@code 'sepal_length' (1)}: the way messages name column {@code i} (0-based). */
    static String describe(List<String> header, int i) {
        return "'" + header.get(i) + "' (" + (i + 1) + ")";
    }
}
