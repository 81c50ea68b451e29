package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.model.ModelBundle;
import io.segmenter.trainer.report.HtmlReport;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code train} and {@code evaluate} through the command line on the bundled sample, with the
 * default options: the command gives byte for byte the bundle the library gave in another run
 * with the same seed ({@link TrainedSample}), its files, and evaluate reproduces its figures.
 */
class TrainAndEvaluateCommandTest {

    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static CliRunner train;
    private static Path out;

    @BeforeAll
    static void train() {
        TrainedSample.data(); // skips without the bundled sample
        out = dir.resolve("train");
        train = CliRunner.run("train", "--out", out.toString());
    }

    @Test
    void theSameSeedGivesTheSameBundleBytes() throws Exception {
        assertThat(train.exitCode()).as(train.err()).isZero();
        Trainer.Run library = TrainedSample.run();

        assertThat(Files.readAllBytes(out.resolve("model.zip"))).isEqualTo(library.bundle().toBytes());
        assertThat(Files.readAllBytes(out.resolve("baseline.json"))).isEqualTo(library.baseline().toJson());
    }

    @Test
    void trainWritesTheBundleBaselineMetricsAndReport() throws Exception {
        assertThat(train.exitCode()).as(train.err()).isZero();
        ModelBundle bundle = ModelBundle.read(out.resolve("model.zip"));
        SegmentBaseline baseline = SegmentBaseline.read(out.resolve("baseline.json"));
        assertThat(baseline.bundleSha256()).isEqualTo(bundle.fileSha256());
        assertThat(baseline.clustering().k()).isEqualTo(bundle.segmentCount());

        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("modelVersion").asText()).isEqualTo(bundle.modelVersion());
        assertThat(metrics.get("seed").asLong()).isEqualTo(TrainedSample.SEED);
        assertThat(metrics.at("/segments/k").asInt()).isEqualTo(bundle.segmentCount());
        JsonNode heldOut = metrics.at("/segments/heldOut/againstLabels");
        assertThat(heldOut.get("dl4jMacroF1").asDouble()).isBetween(0.0, 1.0)
                .isEqualTo(bundle.trainingMetrics().get("segmentMacroF1"));
        assertThat(heldOut.get("naiveBayesMacroF1").asDouble()).isEqualTo(bundle.trainingMetrics().get("segmentBaselineMacroF1"));
        assertThat(metrics.at("/segments/heldOut/outcomesByPredictedSegment")).hasSize(bundle.segmentCount());
        assertThat(metrics.at("/fraud/heldOut/handRules")).hasSize(FraudHandRules.RULES.size());
        assertThat(metrics.at("/targets/segmentMacroF1Margin/met").isBoolean()).isTrue();

        assertThat(train.out()).contains(bundle.modelVersion(), "macro-F1 DL4J", "naive Bayes", "highest/lowest", "PR-AUC");
        assertThat(train.err()).as("progress on stderr").contains("segment classifier epoch 30/30 loss", "fraud head epoch");
    }

    @Test
    void theReportIsOneSelfContainedXmlPageWithTheExpectedPlots() throws Exception {
        ModelBundle bundle = ModelBundle.read(out.resolve("model.zip"));
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain("<script", "http://cdn", "https://", "src=\"http");

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(out.resolve("report.html").toFile());
        NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
        int k = bundle.segmentCount();
        assertThat(marks(svg(svgs, "Segment sizes"), "bar")).isEqualTo(k);
        assertThat(marks(svg(svgs, "Mean silhouette per k"), "bar")).isEqualTo(5); // k = 2..6
        assertThat(marks(svg(svgs, "Feature profiles"), "cell")).isEqualTo(k * HtmlReport.PROFILE_FEATURES);
        assertThat(marks(svg(svgs, "DL4J classifier vs segment labels"), "cell")).isEqualTo(k * k);
        assertThat(marks(svg(svgs, "Naive Bayes baseline vs segment labels"), "cell")).isEqualTo(k * k);
        assertThat(marks(svg(svgs, "Purchase rate in the period after the cut"), "bar")).isEqualTo(k);
        assertThat(marks(svg(svgs, "ROC curve"), "line")).isEqualTo(1);
        assertThat(marks(svg(svgs, "Precision-recall curve"), "point")).isEqualTo(FraudHandRules.RULES.size() + 1);
        assertThat(marks(svg(svgs, "Score distribution"), "bar")).isEqualTo(2 * 50);
    }

    @Test
    void evaluateOnTheSameHeldOutUsersReproducesTrainingsFigures() throws Exception {
        Path evaluated = dir.resolve("evaluate");
        CliRunner r = CliRunner.run("evaluate", "--model", out.resolve("model.zip").toString(), "--held-out-seed", Long.toString(TrainedSample.SEED),
                "--out", evaluated.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode trained = JSON.readTree(out.resolve("metrics.json").toFile()).at("/segments/heldOut");
        JsonNode measured = JSON.readTree(evaluated.resolve("metrics.json").toFile());
        assertThat(measured.get("baselineKnown").asBoolean()).isTrue();
        assertThat(measured.get("segments")).isEqualTo(trained);
        assertThat(measured.at("/fraud/prAuc").asDouble())
                .isEqualTo(JSON.readTree(out.resolve("metrics.json").toFile()).at("/fraud/heldOut/prAuc").asDouble());
        assertThat(evaluated.resolve("report.html")).isRegularFile();
        assertThat(r.out()).contains("macro-F1 DL4J", "fraud on");
    }

    @Test
    void evaluateMeasuresTheShippedHeadsOnTheTrainingsTestCutsAsTrainingDid() throws Exception {
        Path evaluated = dir.resolve("evaluate-predictions");
        CliRunner r = CliRunner.run("evaluate", "--model", out.resolve("model.zip").toString(), "--resamples", "100",
                "--out", evaluated.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode trained = JSON.readTree(out.resolve("predictions.json").toFile()).at("/results/0/models/0");
        assertThat(trained.get("model").asText()).isEqualTo("DL4J");
        String auc = String.format(java.util.Locale.ROOT, "%.3f", trained.at("/purchase/rocAuc/point").asDouble());
        assertThat(r.out()).contains("DL4J: the bundle's heads", "naive Bayes", "logistic/Poisson regression",
                "the bundle's notes say its heads were trained on the cuts before")
                .containsPattern("DL4J +" + java.util.regex.Pattern.quote(auc) + " \\[");
    }

    @Test
    void evaluateWithoutTheBaselineStillMeasuresWhatTheBundleAlonePermits() throws Exception {
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Files.copy(out.resolve("model.zip"), alone.resolve("model.zip"));
        Path evaluated = dir.resolve("evaluate-alone");
        CliRunner r = CliRunner.run("evaluate", "--model", alone.resolve("model.zip").toString(), "--out",
                evaluated.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode measured = JSON.readTree(evaluated.resolve("metrics.json").toFile());
        assertThat(measured.get("baselineKnown").asBoolean()).isFalse();
        assertThat(measured.at("/segments/againstLabels").isMissingNode()).isTrue();
        assertThat(measured.at("/segments/outcomesByPredictedSegment").size()).isPositive();
        assertThat(r.err()).contains("macro-F1 against the segment labels is not measured");
    }

    private static Element svg(NodeList svgs, String titlePrefix) {
        for (int i = 0; i < svgs.getLength(); i++) {
            Element e = (Element) svgs.item(i);
            if (e.getElementsByTagNameNS(SVG, "title").item(0).getTextContent().startsWith(titlePrefix)) {
                return e;
            }
        }
        throw new AssertionError("no plot titled " + titlePrefix);
    }

    private static int marks(Element svg, String cssClass) {
        int n = 0;
        for (String tag : new String[] {"rect", "path", "circle"}) {
            NodeList nodes = svg.getElementsByTagNameNS(SVG, tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                n += cssClass.equals(((Element) nodes.item(i)).getAttribute("class")) ? 1 : 0;
            }
        }
        return n;
    }
}
