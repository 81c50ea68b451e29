package io.segmenter.model;

import static io.segmenter.model.BundleRejectedException.Reason.GOLDEN_MISMATCH;
import static io.segmenter.model.BundleRejectedException.Reason.INVALID_CALIBRATION;
import static io.segmenter.model.BundleRejectedException.Reason.MISSING_ENTRY;
import static io.segmenter.model.BundleRejectedException.Reason.UNEXPECTED_ENTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.features.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The optional predictive heads of a bundle: stored, restored bit-exactly, and validated like every other part. */
class PredictiveHeadsBundleTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModelBundle withHeads() {
        return DemoBundles.withPredictions(DemoBundles.DEFAULT_SEED);
    }

    @Test
    void aBundleWithoutHeadsHasNone() {
        assertThat(TestBundles.demo().predictiveHeads()).isEmpty();
    }

    @Test
    void headsRoundTripToTheSamePredictions() throws Exception {
        ModelBundle original = withHeads();
        ModelBundle loaded = ModelBundle.read(original.toBytes());
        double[][] rows = DemoBundles.segmentVectors(200, 9, AS_OF).stream().map(FeatureVector::values)
                .toArray(double[][]::new);

        PredictiveHeads a = original.predictiveHeads().orElseThrow();
        PredictiveHeads b = loaded.predictiveHeads().orElseThrow();
        assertThat(b.purchaseHorizon()).isEqualTo(Duration.ofDays(1));
        assertThat(b.churnHorizon()).isEqualTo(Duration.ofDays(3));
        assertThat(b.predict(rows)).isEqualTo(a.predict(rows));
        assertThat(loaded.fileSha256()).isEqualTo(original.fileSha256());
    }

    @Test
    void headsPredictWhatTheirNamesSay() {
        List<PredictiveHeads.Prediction> p = withHeads().predictiveHeads().orElseThrow().predict(
                DemoBundles.segmentVectors(400, 5, AS_OF).stream().map(FeatureVector::values).toArray(double[][]::new));
        assertThat(p).allSatisfy(one -> {
            assertThat(one.purchaseProbability()).isBetween(0.0, 1.0);
            assertThat(one.churnProbability()).isBetween(0.0, 1.0);
            assertThat(one.expectedPurchases()).isGreaterThanOrEqualTo(0.0);
        });
        double meanPurchase = p.stream().mapToDouble(PredictiveHeads.Prediction::purchaseProbability).average().orElseThrow();
        double synthetic = java.util.Arrays.stream(DemoBundles.SYNTHETIC_PURCHASE_RATE).average().orElseThrow();
        assertThat(meanPurchase).isCloseTo(synthetic, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aScorerPredictsInOneBatchWhatTheHeadsPredict() {
        ModelBundle bundle = withHeads();
        List<FeatureVector> vectors = DemoBundles.segmentVectors(50, 4, AS_OF);
        double[][] rows = vectors.stream().map(FeatureVector::values).toArray(double[][]::new);

        assertThat(bundle.newScorer().predict(vectors)).contains(bundle.predictiveHeads().orElseThrow().predict(rows));
        assertThat(TestBundles.demo().newScorer().predict(vectors)).isEmpty();
    }

    @Test
    void theHeadsEntriesAreListedAndChecksummed() {
        assertThat(withHeads().entries().keySet()).contains("predictive-heads.json", "predictive-member-0.json",
                "predictive-member-0.params");
    }

    @Test
    void aMemberWithoutItsSpecIsAnUnexpectedEntry() {
        Map<String, byte[]> entries = new TreeMap<>(withHeads().entries());
        entries.remove("predictive-heads.json");
        assertRejected(TestBundles.signed(entries), UNEXPECTED_ENTRY, "predictive-member-0");
    }

    @Test
    void aSpecWithoutItsMembersIsAMissingEntry() {
        Map<String, byte[]> entries = new TreeMap<>(withHeads().entries());
        entries.remove("predictive-member-0.params");
        assertRejected(TestBundles.signed(entries), MISSING_ENTRY, "predictive-member-0.params");
    }

    @Test
    void changedGoldenOutputsAreRejected() throws Exception {
        Map<String, byte[]> entries = edited(spec -> {
            ArrayNode raw = (ArrayNode) spec.get("golden").get(0).get("raw");
            raw.set(0, raw.get(0).asDouble() + 0.01);
        });
        assertRejected(TestBundles.signed(entries), GOLDEN_MISMATCH, "predictive golden case 0 purchase");
    }

    @Test
    void aProbabilityCalibrationAboveOneIsRejected() throws Exception {
        Map<String, byte[]> entries = edited(spec -> {
            ArrayNode values = (ArrayNode) spec.get("purchase").get("values");
            values.set(values.size() - 1, 1.5);
        });
        assertRejected(TestBundles.signed(entries), INVALID_CALIBRATION, "purchase calibration");
    }

    private static Map<String, byte[]> edited(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        Map<String, byte[]> entries = new TreeMap<>(withHeads().entries());
        ObjectNode spec = (ObjectNode) JSON.readTree(new String(entries.get("predictive-heads.json"), StandardCharsets.UTF_8));
        edit.accept(spec);
        entries.put("predictive-heads.json", JSON.writeValueAsBytes(spec));
        return entries;
    }

    private static void assertRejected(byte[] bundle, BundleRejectedException.Reason reason, String messagePart) {
        assertThatThrownBy(() -> ModelBundle.read(bundle))
                .isInstanceOfSatisfying(BundleRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
