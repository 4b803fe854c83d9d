package dev.nnc.runtime.data;

/** The scale factor applied to features as they load, as written on a command line. */
public final class Scale {
    private Scale() {}

    /**
     * Reads "0.5", "1e-3" or a fraction such as "1/255" (the usual factor for 8-bit pixels,
     * which as a decimal would be a long, rounded number).
     *
     * @throws IllegalArgumentException with a message that quotes the text
     */
    public static double parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        double value;
        try {
            value = slash < 0
                    ? Double.parseDouble(t)
                    : Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a scale factor: write a number such as 0.5 or a fraction such as 1/255");
        }
        if (!Double.isFinite(value) || value == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a usable scale factor: it must be finite and not 0");
        }
        return value;
    }
}
