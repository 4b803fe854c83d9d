package dev.nnc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code nnc --version}: the project version Maven wrote into version.properties, and the JVM. */
final class Version implements IVersionProvider {

    static String number() {
        Properties props = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a version string is not worth failing for.
        }
        return props.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "nnc " + number(),
            "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
