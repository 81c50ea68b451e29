package io.segmenter.model;

import static io.segmenter.model.BundleRejectedException.Reason.CHECKSUM_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.FEATURE_HASH_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.GOLDEN_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_CALIBRATION;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_CATALOGUE;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_GOLDEN;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_NORMALIZER;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_THRESHOLD;
import static io.segmenter.model.BundleRejectedException.Reason.MALFORMED_MANIFEST;
import static io.segmenter.model.BundleRejectedException.Reason.MALFORMED_NETWORK;
import static io.segmenter.model.BundleRejectedException.Reason.MISSING_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.SHAPE_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.UNEXPECTED_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.UNREADABLE;
import static io.segmenter.model.BundleRejectedException.Reason.UNSUPPORTED_FORMAT_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.features.FeatureDefinition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class BundleValidatorTest {

    private static Map<String, byte[]> demoEntries() {
        return TestBundles.entries(TestBundles.demo().toBytes());
    }

    private static void assertRejected(byte[] bundle, BundleRejectedException.Reason reason, String messagePart) {
        assertThatThrownBy(() -> ModelBundle.read(bundle))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith(reason.name()).contains(messagePart);
                });
    }

    @Test
    void validBundleLoads() throws Exception {
        assertThat(ModelBundle.read(TestBundles.demo().toBytes()).modelVersion()).isEqualTo("demo-synthetic-seed42");
    }

    @Test
    void tamperedEntryIsRejectedByTheChecksum() {
        Map<String, byte[]> entries = demoEntries();
        byte[] params = entries.get("segment-classifier.params");
        params[params.length - 1] ^= 1;

        assertRejected(TestBundles.zipAsIs(entries), CHECKSUM_MISMATCH, "changed, added or removed after signing");
    }

    @Test
    void entryAddedAfterSigningIsRejectedByTheChecksum() {
        Map<String, byte[]> entries = demoEntries();
        entries.put("report.html", "<html/>".getBytes(StandardCharsets.UTF_8));

        assertRejected(TestBundles.zipAsIs(entries), CHECKSUM_MISMATCH, "after signing");
    }

    @Test
    void bundleOfAnotherFeatureDefinitionIsRejected() {
        byte[] bundle = TestBundles.withManifest(m -> m.put("featureDefinitionHash", "0".repeat(64)));

        assertRejected(bundle, FEATURE_HASH_MISMATCH, "this instance runs " + FeatureDefinition.versionHash());
    }

    @Test
    void runningDefinitionThatDiffersFromTheBundlesIsRejected() {
        BundleValidator otherDefinition = new BundleValidator("f".repeat(64), BundleValidator.DEFAULT_TOLERANCE);

        assertThatThrownBy(() -> otherDefinition.load(TestBundles.demo().toBytes()))
                .isInstanceOfSatisfying(BundleRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FEATURE_HASH_MISMATCH));
    }

    @Test
    void featureHashMismatchNamesTheFeaturesThatDiffer() {
        byte[] bundle = TestBundles.withManifest(m -> {
            m.put("featureDefinitionHash", "0".repeat(64));
            ((ArrayNode) m.get("segmentFeatures")).remove(0);
        });

        assertRejected(bundle, FEATURE_HASH_MISMATCH, "bundle has 51 features, running 52, not in bundle [events_1m]");
    }

    @Test
    void classifierOfTheWrongInputWidthIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        putNetwork(entries, "segment-classifier", softmaxNetwork(FeatureDefinition.SEGMENT.size() - 1, 4));

        assertRejected(TestBundles.signed(entries), SHAPE_MISMATCH, "segment-classifier takes 51 inputs, the feature definition has 52");
    }

    @Test
    void classifierWhoseOutputsDoNotMatchTheCatalogueIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        putNetwork(entries, "segment-classifier", softmaxNetwork(FeatureDefinition.SEGMENT.size(), 5));

        assertRejected(TestBundles.signed(entries), SHAPE_MISMATCH, "has 5 outputs, expected 4 for the 4 catalogue segments");
    }

    @Test
    void autoencoderOfTheWrongWidthIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        putNetwork(entries, "anomaly-autoencoder", softmaxNetwork(FeatureDefinition.FRAUD.size(), 22));

        assertRejected(TestBundles.signed(entries), SHAPE_MISMATCH, "anomaly-autoencoder has 22 outputs");
    }

    @Test
    void changedWeightsThatNoLongerReproduceTheGoldenOutputsAreRejected() {
        Map<String, byte[]> entries = demoEntries();
        ByteBuffer params = ByteBuffer.wrap(entries.get("segment-classifier.params"));
        int firstValue = 4 + 1 + 8;
        for (int i = 0; i < 200; i++) {
            int at = firstValue + 4 * i;
            params.putFloat(at, params.getFloat(at) * 1.5f);
        }

        assertRejected(TestBundles.signed(entries), GOLDEN_MISMATCH, "SEGMENT golden case ");
    }

    @Test
    void editedGoldenOutputIsRejected() {
        byte[] bundle = TestBundles.withManifest(m -> {
            ObjectNode firstFraudCase = (ObjectNode) m.get("golden").get("fraud").get(0);
            firstFraudCase.put("reconstructionError", firstFraudCase.get("reconstructionError").asDouble() + 1e-3);
        });

        assertRejected(bundle, GOLDEN_MISMATCH, "FRAUD golden case 0 reconstruction error");
    }

    @Test
    void bundleWithoutGoldenCasesIsRejected() {
        byte[] bundle = TestBundles.withManifest(m -> ((ArrayNode) m.get("golden").get("segment")).removeAll());

        assertRejected(bundle, INVALID_GOLDEN, "at least one SEGMENT");
    }

    @Test
    void missingEntryIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        entries.remove("normalizers.json");

        assertRejected(TestBundles.signed(entries), MISSING_ENTRY, "no entry normalizers.json");
    }

    @Test
    void missingChecksumIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        entries.remove("checksum.sha256");

        assertRejected(TestBundles.zipAsIs(entries), MISSING_ENTRY, "checksum.sha256");
    }

    @Test
    void unknownEntryIsRejectedEvenWhenSigned() {
        Map<String, byte[]> entries = demoEntries();
        entries.put("report.html", "<html/>".getBytes(StandardCharsets.UTF_8));

        assertRejected(TestBundles.signed(entries), UNEXPECTED_ENTRY, "[report.html]");
    }

    @Test
    void garbageBytesAreRejected() {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);

        assertRejected(garbage, UNREADABLE, "not a zip archive");
        assertRejected(new byte[0], UNREADABLE, "not a zip archive");
    }

    @Test
    void truncatedZipIsRejected() {
        byte[] bytes = TestBundles.demo().toBytes();

        assertRejected(Arrays.copyOf(bytes, bytes.length / 2), UNREADABLE, "corrupt zip archive");
    }

    @Test
    void zipWithBadEntryNamesIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        entries.put("../escape", new byte[1]);

        assertRejected(TestBundles.zipAsIs(entries), UNREADABLE, "entry name not allowed");
    }

    @Test
    void unknownFormatVersionIsRejected() {
        assertRejected(TestBundles.withManifest(m -> m.put("formatVersion", 2)), UNSUPPORTED_FORMAT_VERSION,
                "bundle format 2, this code reads format 1");
    }

    @Test
    void manifestWithoutAThresholdIsRejectedRatherThanDefaulted() {
        assertRejected(TestBundles.withManifest(m -> ((ObjectNode) m.get("fraud")).remove("threshold")),
                MALFORMED_MANIFEST, "threshold");
    }

    @Test
    void manifestThatIsNotJsonIsRejected() {
        Map<String, byte[]> entries = demoEntries();
        entries.put("manifest.json", "{not json".getBytes(StandardCharsets.UTF_8));

        assertRejected(TestBundles.signed(entries), MALFORMED_MANIFEST, "manifest.json does not parse");
    }

    @Test
    void thresholdOutsideZeroToOneIsRejected() {
        assertRejected(TestBundles.withManifest(m -> ((ObjectNode) m.get("fraud")).put("threshold", 1.5)),
                INVALID_THRESHOLD, "1.5 is outside [0, 1]");
    }

    @Test
    void normalizerOfTheWrongWidthIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json", n -> {
            ((ArrayNode) n.get("fraud").get("mean")).remove(0);
            ((ArrayNode) n.get("fraud").get("std")).remove(0);
        });

        assertRejected(bundle, INVALID_NORMALIZER, "fraud normalizer has 22 means and 22 standard deviations, FRAUD has 23");
    }

    @Test
    void normalizerWithZeroStandardDeviationIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json", n -> ((ArrayNode) n.get("segment").get("std")).set(3, 0.0));

        assertRejected(bundle, INVALID_NORMALIZER, "feature events_1h");
    }

    @Test
    void normalizerWithAnUnknownTransformIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json",
                n -> ((ArrayNode) n.get("segment").get("transforms")).set(2, "LOG10"));

        assertRejected(bundle, INVALID_NORMALIZER, "unknown transform LOG10");
    }

    @Test
    void normalizerWithoutTransformsIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json", n -> ((ObjectNode) n.get("fraud")).remove("transforms"));

        assertRejected(bundle, INVALID_NORMALIZER, "fraud normalizer has no transforms");
    }

    @Test
    void normalizerWithoutConstantFlagsIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json", n -> ((ObjectNode) n.get("segment")).remove("constant"));

        assertRejected(bundle, INVALID_NORMALIZER, "segment normalizer has no constant");
    }

    @Test
    void normalizerWithFeaturesInAnotherOrderIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json", n -> {
            ArrayNode names = (ArrayNode) n.get("fraud").get("names");
            String first = names.get(0).asText();
            names.set(0, names.get(1));
            names.set(1, first);
        });

        assertRejected(bundle, INVALID_NORMALIZER, "fraud normalizer, feature 0 is");
    }

    @Test
    void normalizerWithNonFiniteMeanIsRejected() {
        byte[] bundle = TestBundles.withJson("normalizers.json",
                n -> ((ArrayNode) n.get("fraud").get("mean")).set(1, "NaN"));

        assertRejected(bundle, INVALID_NORMALIZER, "mean NaN");
    }

    @Test
    void unsortedCalibrationIsRejected() {
        byte[] bundle = TestBundles.withJson("anomaly-calibration.json",
                c -> ((ArrayNode) c.get("quantiles")).set(10, 1e9));

        assertRejected(bundle, INVALID_CALIBRATION, "not sorted at index 11");
    }

    @Test
    void catalogueWithDuplicateIdsIsRejected() {
        byte[] bundle = TestBundles.withManifest(m -> ((ObjectNode) m.get("segments").get(1)).put("id", "dormant"));

        assertRejected(bundle, INVALID_CATALOGUE, "duplicate id");
    }

    @Test
    void catalogueNamingAnUnknownFeatureIsRejected() {
        byte[] bundle = TestBundles.withManifest(m ->
                ((ArrayNode) m.get("segments").get(0).get("definingFeatures")).add("loyalty_points"));

        assertRejected(bundle, INVALID_CATALOGUE, "loyalty_points is not a SEGMENT feature");
    }

    @Test
    void parametersThatDoNotFitTheConfigurationAreRejected() {
        Map<String, byte[]> entries = demoEntries();
        entries.put("fraud-classifier.params", NetworkCodec.parameters(softmaxNetwork(FeatureDefinition.FRAUD.size(), 3)));

        assertRejected(TestBundles.signed(entries), MALFORMED_NETWORK, "fraud-classifier");
    }

    @Test
    void bundleFileThatDoesNotLoadLeavesNothingLoaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.zip");
        Files.write(file, "not a bundle".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> ModelBundle.read(file)).isInstanceOf(BundleRejectedException.class);
    }

    private static void putNetwork(Map<String, byte[]> entries, String name, MultiLayerNetwork net) {
        entries.put(name + ".json", NetworkCodec.configuration(net));
        entries.put(name + ".params", NetworkCodec.parameters(net));
    }

    private static MultiLayerNetwork softmaxNetwork(int inputs, int outputs) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(8).nOut(outputs).activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }
}
