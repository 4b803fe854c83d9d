package dev.nnc.runtime.app;

import dev.nnc.runtime.CheckpointException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What training did to the data before the model saw it, recorded in the weights file
 * ({@code --weights-out}) so that {@code eval} and {@code predict} do the same: the scale
 * factor, each input's normalisation, and the class names the labels were numbered by.
 *
 * <p>In the file's metadata, next to the model's identity:
 *
 * <pre>
 *   nnc.app.scale        the factor, as Double.toString writes it ("0.00392156862745098")
 *   nnc.app.mean.INPUT   the means of an input's features, space-separated
 *   nnc.app.std.INPUT    their standard deviations
 *   nnc.app.classes      the class names in index order, each URL-encoded, comma-separated
 * </pre>
 *
 * <p>Numbers are written with Double.toString and read with Double.parseDouble, so they come
 * back bit for bit and eval standardises exactly as training did.
 *
 * @param scale the factor features were multiplied by as they loaded (1 for none)
 * @param normalization each normalised input's statistics, by input name
 * @param classNames the class names, or empty when the labels were integers
 */
record Preprocessing(double scale, Map<String, Normalization> normalization, List<String> classNames) {
    static final String SCALE = "nnc.app.scale";
    static final String MEAN = "nnc.app.mean.";
    static final String STD = "nnc.app.std.";
    static final String CLASSES = "nnc.app.classes";

    static final Preprocessing NONE = new Preprocessing(1, Map.of(), List.of());

    Preprocessing {
        normalization = Map.copyOf(normalization);
        classNames = List.copyOf(classNames);
    }

    /** Adds this record to metadata about to be written. */
    void stamp(Map<String, String> metadata) {
        if (scale != 1) {
            metadata.put(SCALE, Double.toString(scale));
        }
        normalization.forEach((input, n) -> {
            metadata.put(MEAN + input, numbers(n.mean()));
            metadata.put(STD + input, numbers(n.std()));
        });
        if (!classNames.isEmpty()) {
            List<String> encoded = new ArrayList<>();
            for (String name : classNames) {
                encoded.add(URLEncoder.encode(name, StandardCharsets.UTF_8));
            }
            metadata.put(CLASSES, String.join(",", encoded));
        }
    }

    /** What a weights file's metadata records; {@link #NONE}'s values for what it does not. */
    static Preprocessing read(Path file, Map<String, String> metadata) throws CheckpointException {
        double scale = 1;
        if (metadata.containsKey(SCALE)) {
            scale = parse(file, SCALE, metadata.get(SCALE))[0];
        }
        Map<String, Normalization> normalization = new LinkedHashMap<>();
        for (String key : metadata.keySet()) {
            if (key.startsWith(MEAN)) {
                String input = key.substring(MEAN.length());
                String std = metadata.get(STD + input);
                if (std == null) {
                    throw new CheckpointException(file, "weights file " + file + " records the means of input '" + input
                            + "' (" + key + ") but not their standard deviations (" + STD + input + ")");
                }
                double[] m = parse(file, key, metadata.get(key));
                double[] s = parse(file, STD + input, std);
                if (m.length != s.length) {
                    throw new CheckpointException(file, "weights file " + file + " records " + m.length + " means but "
                            + s.length + " standard deviations for input '" + input + "'");
                }
                normalization.put(input, new Normalization(m, s));
            }
        }
        List<String> classes = new ArrayList<>();
        String names = metadata.get(CLASSES);
        if (names != null && !names.isEmpty()) {
            for (String name : names.split(",", -1)) {
                classes.add(URLDecoder.decode(name, StandardCharsets.UTF_8));
            }
        }
        return new Preprocessing(scale, normalization, classes);
    }

    private static String numbers(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.length() == 0 ? "" : " ").append(v);
        }
        return s.toString();
    }

    private static double[] parse(Path file, String key, String text) throws CheckpointException {
        try {
            return Arrays.stream(text.strip().split(" +")).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "weights file " + file + " has '" + key + "' in its metadata, but it is"
                    + " not a list of numbers");
        }
    }
}
