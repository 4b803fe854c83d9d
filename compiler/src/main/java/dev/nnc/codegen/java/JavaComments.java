package dev.nnc.codegen.java;

import java.util.List;

/**
 * Comment text made safe for Java source, and otherwise left as it is. javac replaces Unicode
 * escapes before it sees comments, so a {@code \}{@code u} in a comment (a Windows path, say)
 * would be read as an escape and could end the comment or fail to compile; it gets one more
 * backslash. A {@code *}{@code /} would end a javadoc comment; its slash becomes {@code &#47;},
 * which javadoc shows as a slash.
 */
final class JavaComments {

    private JavaComments() {}

    /** The lines of a comment's text, split at any line end. */
    static List<String> lines(String text) {
        return List.of(text.split("\\R", -1));
    }

    /** The text of a line comment: a space after the {@code //}, then the line. */
    static String line(String text) {
        return " " + withoutUnicodeEscapes(text);
    }

    /** The text of a javadoc comment, which may span lines. */
    static String javadoc(String text) {
        return withoutUnicodeEscapes(text).replace("*/", "*&#47;");
    }

    /**
     * {@code text} with a backslash added to every run of backslashes that javac would read as
     * the start of a Unicode escape: an odd-length run followed by {@code u}.
     */
    static String withoutUnicodeEscapes(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'u' && run % 2 == 1) {
                out.append('\\');
            }
            run = c == '\\' ? run + 1 : 0;
            out.append(c);
        }
        return out.toString();
    }
}
