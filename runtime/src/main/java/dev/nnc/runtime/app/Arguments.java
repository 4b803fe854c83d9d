package dev.nnc.runtime.app;

import dev.nnc.runtime.Spelling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options, parsed by hand from the words after the command name. Options are
 * written {@code --name value} or {@code --name=value}; a flag takes no value; {@code --help}
 * (or {@code -h}) is always accepted. There are no positional arguments.
 *
 * <p>Every mistake is a {@link UsageException} that says what was wrong and, for a misspelt
 * option, which one was probably meant.
 */
final class Arguments {
    static final Option HELP = Option.flag("--help", "Show this help and exit.").alias("-h");

    private final String command;
    private final Map<String, List<String>> values;

    private Arguments(String command, Map<String, List<String>> values) {
        this.command = command;
        this.values = values;
    }

    /**
     * @param command the command's name, for messages
     * @throws UsageException for an unknown option, a missing value, a value given to a flag,
     *     a non-repeatable option given twice, or a word that is not an option
     */
    static Arguments parse(String command, List<Option> options, List<String> words) {
        Map<String, Option> byName = new LinkedHashMap<>();
        for (Option o : options) {
            byName.put(o.name(), o);
            if (o.shortName() != null) {
                byName.put(o.shortName(), o);
            }
        }
        byName.putIfAbsent(HELP.name(), HELP);
        byName.putIfAbsent(HELP.shortName(), HELP);

        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                throw new UsageException(command, "unexpected argument '" + word + "': " + command
                        + " takes options only" + (word.contains("=") || word.contains(".") ? " (a data file is given"
                        + " with --data " + word + ")" : ""));
            }
            int eq = word.indexOf('=');
            String name = eq > 0 && word.startsWith("--") ? word.substring(0, eq) : word;
            Option option = byName.get(name);
            if (option == null) {
                List<String> names = new ArrayList<>(byName.keySet());
                throw new UsageException(command, "unknown option '" + name + "'" + Spelling.didYouMean(name, names));
            }
            String value = null;
            if (option.takesValue()) {
                if (name.length() < word.length()) {
                    value = word.substring(eq + 1);
                } else if (i + 1 < words.size() && !isOption(words.get(i + 1))) {
                    value = words.get(++i);
                } else {
                    throw new UsageException(command, "option '" + name + "' needs a value (" + option.value() + ")");
                }
            } else if (name.length() < word.length()) {
                throw new UsageException(command, "option '" + name + "' takes no value, but was given '"
                        + word.substring(eq + 1) + "'");
            }
            List<String> given = values.computeIfAbsent(option.name(), k -> new ArrayList<>());
            if (!given.isEmpty() && !option.repeatable()) {
                throw new UsageException(command, "option '" + option.name() + "' is given more than once");
            }
            given.add(value);
        }
        return new Arguments(command, values);
    }

    /** A word that starts an option, as opposed to a value such as {@code -0.5}. */
    private static boolean isOption(String word) {
        return word.startsWith("--") || (word.startsWith("-") && word.length() == 2 && Character.isLetter(word.charAt(1)));
    }

    String command() {
        return command;
    }

    boolean has(String option) {
        return values.containsKey(option);
    }

    /** The value of a non-repeatable option, or null when it is not given. */
    String value(String option) {
        List<String> v = values.get(option);
        return v == null ? null : v.get(0);
    }

    /** Every value of a repeatable option, in order; empty when it is not given. */
    List<String> values(String option) {
        return values.getOrDefault(option, List.of());
    }

    /** The whole number given to {@code option}, at least {@code min}, or {@code fallback} when it is absent. */
    int intValue(String option, int fallback, int min) {
        if (!has(option)) {
            return fallback;
        }
        long v = longValue(option, fallback);
        if (v < min || v > Integer.MAX_VALUE) {
            throw new UsageException(command, "option '" + option + "' must be " + (v < min ? "at least " + min
                    : "at most " + Integer.MAX_VALUE) + ", not " + value(option));
        }
        return (int) v;
    }

    long longValue(String option, long fallback) {
        String text = value(option);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(command, "option '" + option + "' needs a whole number, not '" + text + "'");
        }
    }

    /** The number given to {@code option}, finite, or {@code fallback} when it is absent. */
    double doubleValue(String option, double fallback) {
        String text = value(option);
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(command, "option '" + option + "' needs a number, not '" + text + "'");
    }

    /** Refuses {@code option} unless {@code needed} is given too. */
    void requireWith(String option, String needed) {
        if (has(option) && !has(needed)) {
            throw new UsageException(command, "option '" + option + "' needs " + needed);
        }
    }

    /** Refuses the two options together. */
    void exclusive(String a, String b) {
        if (has(a) && has(b)) {
            throw new UsageException(command, "options '" + a + "' and '" + b + "' cannot be used together");
        }
    }
}
