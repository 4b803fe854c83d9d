package dev.nnc.runtime.app;

/**
 * One option a command accepts: a flag ({@code --json}) or an option with a value
 * ({@code --epochs N}), given once or, when repeatable, any number of times
 * ({@code --data x=FILE --data y=FILE}).
 *
 * @param name the long name, {@code --epochs}
 * @param shortName a one-letter alias such as {@code -o}, or null
 * @param value what the value stands for in help ({@code N}, {@code FILE}); null for a flag
 * @param repeatable whether it may be given more than once
 * @param help one sentence for {@code --help}
 */
record Option(String name, String shortName, String value, boolean repeatable, String help) {

    static Option flag(String name, String help) {
        return new Option(name, null, null, false, help);
    }

    static Option value(String name, String value, String help) {
        return new Option(name, null, value, false, help);
    }

    static Option repeated(String name, String value, String help) {
        return new Option(name, null, value, true, help);
    }

    /** The same option, also spelt {@code shortName}. */
    Option alias(String shortName) {
        return new Option(name, shortName, value, repeatable, help);
    }

    boolean takesValue() {
        return value != null;
    }

    /** {@code -o, --output FILE} or {@code --json}: how help shows it. */
    String synopsis() {
        return (shortName == null ? "" : shortName + ", ") + name + (value == null ? "" : " " + value);
    }
}
