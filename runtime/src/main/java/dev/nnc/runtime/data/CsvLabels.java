package dev.nnc.runtime.data;

import dev.nnc.runtime.DType;
import dev.nnc.runtime.Spelling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The label cells, kept as text until the end of the file, because whether AUTO means
 * integers or names, and how names are numbered, depends on all of them.
 */
final class CsvLabels {
    private final String file;
    private final List<String> header;
    private final int column;
    private final CsvOptions options;
    private final ValueBuffer numbers;
    private final List<String> cells = new ArrayList<>();
    private final Map<String, String> interned = new HashMap<>();
    private int[] rows = new int[1024];
    private int count;

    CsvLabels(String file, List<String> header, int column, CsvOptions options, DType numberType) {
        this.file = file;
        this.header = header;
        this.column = column;
        this.options = options;
        this.numbers = options.labelKind() == CsvOptions.LabelKind.NUMBER ? new ValueBuffer(numberType) : null;
    }

    void add(String cell, int row) {
        String t = cell.strip();
        if (t.isEmpty()) {
            throw new DataException(where(row) + " is empty; every row needs a label");
        }
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, 2 * rows.length);
        }
        rows[count++] = row;
        if (numbers != null) {
            numbers.add(Csv.number(cell, file, row, header, column));
        } else {
            cells.add(interned.computeIfAbsent(t, k -> k));
        }
    }

    int size() {
        return count;
    }

    Dataset finish(Field features) {
        CsvOptions.LabelKind kind = options.labelKind();
        if (kind == CsvOptions.LabelKind.NUMBER) {
            return Dataset.of(features, numbers.toField(file, 1).reshape("label"));
        }
        if (kind == CsvOptions.LabelKind.AUTO) {
            kind = interned.keySet().stream().allMatch(CsvLabels::isInteger)
                    ? CsvOptions.LabelKind.INTEGER : CsvOptions.LabelKind.CLASS_NAMES;
        }
        return kind == CsvOptions.LabelKind.INTEGER ? integers(features) : names(features);
    }

    private Dataset integers(Field features) {
        int classCount = options.classCount();
        int[] y = new int[cells.size()];
        for (int i = 0; i < y.length; i++) {
            String t = cells.get(i);
            if (!isInteger(t)) {
                throw new DataException(where(rows[i]) + ": '" + t + "' is not an integer label");
            }
            long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            if (v < 0 && classCount == 0) {
                throw new DataException(file + ": label " + v + " in row " + rows[i]
                        + " is negative; class labels count from 0");
            }
            if (v < 0 || (classCount > 0 && v >= classCount)) {
                throw new DataException(file + ": label " + v + " in row " + rows[i] + " is out of range for "
                        + classCount + " classes (0.." + (classCount - 1) + ")");
            }
            if (v > Integer.MAX_VALUE) {
                throw new DataException(file + ": label " + v + " in row " + rows[i] + " is too large");
            }
            y[i] = (int) v;
        }
        return Dataset.of(features, Field.ofInts(file, y));
    }

    private Dataset names(Field features) {
        List<String> classes = options.classes();
        boolean fixed = classes != null;
        if (!fixed) {
            classes = new ArrayList<>(new TreeSet<>(interned.keySet()));
        }
        int classCount = options.classCount();
        if (classCount > 0 && classes.size() > classCount) {
            throw new DataException(file + ": column " + Column.describe(header, column) + " holds "
                    + classes.size() + " class names (" + String.join(", ", classes) + ") but the model has "
                    + classCount + " classes");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] y = new int[cells.size()];
        for (int i = 0; i < y.length; i++) {
            Integer c = index.get(cells.get(i));
            if (c == null) {
                throw new DataException(where(rows[i]) + ": '" + cells.get(i) + "' is not one of the classes "
                        + String.join(", ", classes) + Spelling.didYouMean(cells.get(i), classes));
            }
            y[i] = c;
        }
        return Dataset.of(features, Field.ofInts(file, y), classes);
    }

    private String where(int row) {
        return file + ": row " + row + ", column " + Column.describe(header, column);
    }

    private static boolean isInteger(String t) {
        int start = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        return t.length() > start && t.length() - start <= 18
                && t.substring(start).chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }
}
