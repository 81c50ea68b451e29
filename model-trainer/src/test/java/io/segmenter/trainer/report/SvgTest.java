package io.segmenter.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> marks(Document doc, String tag, String cssClass) {
        NodeList nodes = doc.getElementsByTagNameNS(Svg.NS, tag);
        List<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void barsAreScaledToTheLargestValueAndLabelsAreEscaped() throws Exception {
        Document doc = parse(Svg.bars("sizes <&>", List.of("a & b", "<c>", "d"), new double[] {10, 5, 0}, "%.0f"));

        List<Element> bars = marks(doc, "rect", "bar");
        assertThat(bars).hasSize(3);
        double full = Double.parseDouble(bars.get(0).getAttribute("width"));
        assertThat(Double.parseDouble(bars.get(1).getAttribute("width"))).isEqualTo(full / 2);
        assertThat(Double.parseDouble(bars.get(2).getAttribute("width"))).isZero();
        assertThat(doc.getDocumentElement().getTextContent()).contains("sizes <&>", "a & b", "<c>");
    }

    @Test
    void aNonFiniteBarIsDrawnEmptyAndSaysSo() throws Exception {
        Document doc = parse(Svg.bars("rates", List.of("x", "y"), new double[] {Double.NaN, 2}, "%.1f"));
        assertThat(Double.parseDouble(marks(doc, "rect", "bar").get(0).getAttribute("width"))).isZero();
        assertThat(doc.getDocumentElement().getTextContent()).contains("n/a", "2.0");
    }

    @Test
    void heatMapHasOneCellPerValueColouredBySign() throws Exception {
        Document doc = parse(Svg.heatMap("z", List.of("s1", "s2"), List.of("f1", "f2", "f3"),
                new double[][] {{2, 0, -2}, {0.5, -0.5, 9}}, 2));

        List<Element> cells = marks(doc, "rect", "cell");
        assertThat(cells).hasSize(6);
        assertThat(cells.get(0).getAttribute("fill")).isEqualTo("#d62728"); // +2: full red
        assertThat(cells.get(1).getAttribute("fill")).isEqualTo("#ffffff"); // 0: white
        assertThat(cells.get(2).getAttribute("fill")).isEqualTo("#1f77b4"); // -2: full blue
        assertThat(cells.get(5).getAttribute("fill")).isEqualTo("#d62728"); // saturated
    }

    @Test
    void confusionMatrixPrintsEveryCount() throws Exception {
        Document doc = parse(Svg.confusion("cm", List.of("a", "b"), new int[][] {{7, 1}, {0, 3}}));
        assertThat(marks(doc, "rect", "cell")).hasSize(4);
        assertThat(doc.getDocumentElement().getTextContent()).contains("7", "1", "0", "3");
    }

    @Test
    void linesDrawOnePathPerSeriesAndOnePointPerMarker() throws Exception {
        Document doc = parse(Svg.lines("roc", "fpr", "tpr",
                List.of(new Svg.Series("model", new double[] {0, 0.5, 1}, new double[] {0, 0.9, 1}),
                        new Svg.Series("other", new double[] {0, 1}, new double[] {0, 1})),
                List.of(new Svg.Point("rule", 0.2, 0.8)), true));
        List<Element> paths = marks(doc, "path", "line");
        assertThat(paths).hasSize(2);
        assertThat(paths.get(0).getAttribute("d")).startsWith("M").contains(" L");
        assertThat(marks(doc, "circle", "point")).hasSize(1);
    }

    @Test
    void histogramHasOneBarPerBinAndSeries() throws Exception {
        Document doc = parse(Svg.histogram("scores", "score", 0, 1, List.of("legit", "fraud"),
                List.of(new long[] {5, 0, 1}, new long[] {0, 2, 2})));
        assertThat(marks(doc, "rect", "bar")).hasSize(6);
    }

    @Test
    void rejectsMismatchedInputs() {
        assertThatThrownBy(() -> Svg.bars("x", List.of("a"), new double[] {1, 2}, "%f"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Svg.Series("s", new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
