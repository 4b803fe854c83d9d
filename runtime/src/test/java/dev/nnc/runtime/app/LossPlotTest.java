package dev.nnc.runtime.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG loss curve: well-formed XML in the SVG namespace, with the curves, axes and legend it should have. */
class LossPlotTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList nodes = d.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void aCurveWithValidationPointsAxesAndALegend() throws Exception {
        double[] losses = new double[300];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = 2 * Math.exp(-i / 50.0) + 0.1;
        }
        Document d = parse(LossPlot.svg("loss of <iris> & co", 0, losses, 300, new long[] {100, 200, 300},
                new double[] {0.9, 0.5, 0.4}, "validation"));
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG, root.getNamespaceURI());
        assertEquals("800", root.getAttribute("width"));
        assertEquals("loss of <iris> & co", d.getElementsByTagNameNS(SVG, "title").item(0).getTextContent());
        NodeList lines = d.getElementsByTagNameNS(SVG, "polyline");
        assertEquals(2, lines.getLength());
        assertEquals(300, ((Element) lines.item(0)).getAttribute("points").split(" ").length);
        assertEquals(3, ((Element) lines.item(1)).getAttribute("points").split(" ").length);
        assertEquals(3, d.getElementsByTagNameNS(SVG, "circle").getLength());
        List<String> texts = texts(d);
        assertTrue(texts.containsAll(List.of("step (updates applied)", "loss", "training loss (per step)",
                "validation loss (per epoch)", "0", "100", "200", "300", "0.0", "0.5", "1.0", "1.5", "2.0")), texts.toString());
        // Every point lies inside the plot area.
        for (int i = 0; i < lines.getLength(); i++) {
            for (String p : ((Element) lines.item(i)).getAttribute("points").split(" ")) {
                String[] xy = p.split(",");
                double x = Double.parseDouble(xy[0]);
                double y = Double.parseDouble(xy[1]);
                assertTrue(x >= 80 && x <= 770 && y >= 50 && y <= 440, p);
            }
        }
    }

    @Test
    void aLongRunIsDrawnThroughMeansAndANanLeavesAGap() throws Exception {
        double[] losses = new double[5000];
        java.util.Arrays.fill(losses, 1);
        losses[4000] = Double.NaN;
        Document d = parse(LossPlot.svg("t", 1000, losses, 5000, new long[0], new double[0], ""));
        NodeList lines = d.getElementsByTagNameNS(SVG, "polyline");
        assertEquals(2, lines.getLength(), "the NaN (its whole run's mean) breaks the line in two");
        int points = 0;
        for (int i = 0; i < lines.getLength(); i++) {
            points += ((Element) lines.item(i)).getAttribute("points").split(" ").length;
        }
        assertEquals(LossPlot.MAX_POINTS - 1, points);
        assertTrue(texts(d).containsAll(List.of("1,000", "5,000")), texts(d).toString());
        assertEquals(1, d.getElementsByTagNameNS(SVG, "rect").getLength() - 1, "one legend box, one entry");
    }

    @Test
    void noFiniteLossStillMakesAPicture() throws Exception {
        Document d = parse(LossPlot.svg("t", 0, new double[] {Double.NaN}, 1, new long[0], new double[0], ""));
        assertEquals(0, d.getElementsByTagNameNS(SVG, "polyline").getLength());
        assertTrue(texts(d).contains("loss"));
    }

    @Test
    void roundTicks() {
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, LossPlot.ticks(0, 2.1, 0), 1e-12);
        assertArrayEquals(new double[] {0, 1, 2, 3}, LossPlot.ticks(0, 3, 1), 1e-12);
        assertArrayEquals(new double[] {0.02, 0.03, 0.04, 0.05, 0.06, 0.07}, LossPlot.ticks(0.013, 0.07, 0), 1e-12);
        assertArrayEquals(new double[] {0, 2000, 4000, 6000, 8000}, LossPlot.ticks(0, 9000, 1), 1e-12);
        assertEquals("0.0", Double.toString(LossPlot.ticks(-0.1, 1, 0)[0]), "no -0");
    }

    @Test
    void trainingWritesThePlotAtomically(@TempDir Path dir) throws Exception {
        Path plot = dir.resolve("loss.svg");
        AppRun r = AppRun.of(new Flowers(), "train", "--data", TestFiles.iris().toString(), "--validation", "0.2",
                "--epochs", "2", "--plot", plot.toString());
        assertEquals(ModelApp.OK, r.code(), r.toString());
        assertTrue(r.out().endsWith("wrote loss plot to " + plot + "\n"), r.out());
        Document d = parse(Files.readString(plot));
        assertEquals(2, d.getElementsByTagNameNS(SVG, "circle").getLength());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(plot), files.toList(), "nothing but the plot, no temporary file");
        }
    }
}
