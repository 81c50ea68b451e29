package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void writeThenReadGivesIdenticalOutputs(@TempDir Path dir) throws Exception {
        ModelBundle original = TestBundles.demo();
        Path file = dir.resolve("bundles/model.zip");
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(300, 7, AS_OF);
        List<FeatureVector> purchases = DemoBundles.fraudVectors(300, 7, AS_OF);

        original.write(file);
        ModelBundle loaded = ModelBundle.read(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(original.toBytes());
        assertThat(loaded.fileSha256()).isEqualTo(original.fileSha256());
        assertThat(loaded.manifest()).usingRecursiveComparison().isEqualTo(original.manifest());
        assertThat(loaded.newScorer().scoreSegments(shoppers)).isEqualTo(original.newScorer().scoreSegments(shoppers));
        assertThat(loaded.newScorer().scoreFraud(purchases)).isEqualTo(original.newScorer().scoreFraud(purchases));
    }

    @Test
    void sameSeedGivesTheSameBundleBytes() {
        ModelBundle again = DemoBundles.build(DemoBundles.DEFAULT_SEED);

        // Same machine and native thread count: DL4J's CPU training is then bit-for-bit repeatable.
        assertThat(again.fileSha256()).isEqualTo(TestBundles.demo().fileSha256());
        assertThat(again.contentChecksum()).isEqualTo(TestBundles.demo().contentChecksum());
    }

    @Test
    void bundleHasTheDocumentedEntries() {
        assertThat(TestBundles.demo().entries().keySet()).containsExactly(
                "anomaly-autoencoder.json", "anomaly-autoencoder.params", "anomaly-calibration.json", "checksum.sha256",
                "fraud-classifier.json", "fraud-classifier.params", "manifest.json", "normalizers.json",
                "segment-classifier.json", "segment-classifier.params");
    }

    @Test
    void checksumEntryIsTheSha256OfTheOtherEntriesInNameOrder() throws Exception {
        Map<String, byte[]> entries = TestBundles.demo().entries();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
            if (!e.getKey().equals("checksum.sha256")) {
                digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(ByteBuffer.allocate(8).putLong(e.getValue().length).array());
                digest.update(e.getValue());
            }
        }

        String expected = HexFormat.of().formatHex(digest.digest());
        assertThat(new String(entries.get("checksum.sha256"), StandardCharsets.US_ASCII)).isEqualTo(expected + "\n");
        assertThat(TestBundles.demo().contentChecksum()).isEqualTo(expected);
    }

    @Test
    void manifestCarriesVersionHashCatalogueThresholdMetricsAndGoldenCases() {
        ModelBundle bundle = TestBundles.demo();
        BundleManifest manifest = bundle.manifest();

        assertThat(manifest.formatVersion()).isEqualTo(ModelBundle.FORMAT_VERSION);
        assertThat(bundle.modelVersion()).isEqualTo("demo-synthetic-seed42");
        assertThat(bundle.createdTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(bundle.featureDefinitionHash()).isEqualTo(FeatureDefinition.versionHash());
        assertThat(manifest.segmentFeatures()).isEqualTo(FeatureDefinition.SEGMENT.names());
        assertThat(bundle.segments()).extracting(SegmentInfo::id)
                .containsExactly("frequent-high-spenders", "window-shoppers", "cart-abandoners", "dormant");
        assertThat(bundle.segment(0).featureMeans()).containsOnlyKeys(FeatureDefinition.SEGMENT.names());
        assertThat(bundle.segment(0).definingFeatures()).contains("purchase_days_30d");
        assertThat(bundle.fraudThreshold()).isEqualTo(0.99);
        assertThat(bundle.fraudScoreSource()).isEqualTo(FraudScoreSource.RECONSTRUCTION);
        assertThat(bundle.hasSupervisedFraudHead()).isTrue();
        assertThat(bundle.trainingMetrics()).containsKeys("segmentHoldoutAccuracy", "anomalyHoldoutRecallAtThreshold");
        assertThat(manifest.golden().segment()).hasSize(4);
        assertThat(manifest.golden().fraud()).hasSize(3);
        assertThat(bundle.segmentNormalizer().size()).isEqualTo(FeatureDefinition.SEGMENT.size());
        assertThat(bundle.fraudNormalizer().size()).isEqualTo(FeatureDefinition.FRAUD.size());
        assertThat(bundle.anomalyCalibration().points()).isEqualTo(ScoreCalibration.DEFAULT_POINTS);
    }

    @Test
    void readChecksTheFileSha256ThatAReleaseAnnounced() throws Exception {
        byte[] bytes = TestBundles.demo().toBytes();

        assertThat(ModelBundle.read(bytes, ModelBundle.sha256Hex(bytes)).modelVersion()).isEqualTo("demo-synthetic-seed42");
        assertThatThrownBy(() -> ModelBundle.read(bytes, "0".repeat(64)))
                .isInstanceOfSatisfying(BundleRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleRejectedException.Reason.FILE_CHECKSUM_MISMATCH));
    }

    @Test
    void builderRejectsPartsThatWouldNotLoad() {
        ModelBundle.Builder builder = DemoBundles.builder(3);

        assertThatThrownBy(() -> builder.fraudThreshold(1.5, FraudScoreSource.RECONSTRUCTION).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INVALID_THRESHOLD")
                .hasCauseInstanceOf(BundleRejectedException.class);
        assertThatThrownBy(() -> builder.fraudThreshold(0.5, FraudScoreSource.SUPERVISED).fraudClassifier(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no supervised head");
        assertThatThrownBy(() -> builder.fraudThreshold(0.5, FraudScoreSource.RECONSTRUCTION).modelVersion("has space").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modelVersion");
        assertThatThrownBy(() -> ModelBundle.builder().modelVersion("v1").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("createdTime not set");
    }

    @Test
    void bundleWithoutSupervisedHeadScoresWithNaNProbability() {
        ModelBundle bundle = DemoBundles.builder(5).fraudClassifier(null).build();

        AnomalyScore score = bundle.newScorer().scoreFraud(FixedVectors.freshAccountOnSharedDevice());

        assertThat(bundle.hasSupervisedFraudHead()).isFalse();
        assertThat(bundle.entries()).doesNotContainKey("fraud-classifier.params");
        assertThat(score.hasSupervisedProbability()).isFalse();
        assertThat(score.supervisedProbability()).isNaN();
        assertThat(score.score()).isEqualTo(score.reconstructionScore());
    }

    @Test
    void thresholdOnTheSupervisedHeadScoresWithItsProbability() {
        ModelBundle bundle = DemoBundles.builder(5).fraudThreshold(0.5, FraudScoreSource.SUPERVISED).build();

        List<AnomalyScore> scores = bundle.newScorer().scoreFraud(DemoBundles.fraudVectors(50, 11, AS_OF));

        assertThat(scores).allSatisfy(s -> assertThat(s.score()).isEqualTo(s.supervisedProbability()));
    }

    @Test
    void calibratingOnRowsMakesTheirScoresUniform() {
        double[][] rows = DemoBundles.fraudVectors(2000, 13, AS_OF).stream().map(FeatureVector::values)
                .toArray(double[][]::new);

        ModelBundle bundle = DemoBundles.builder(5).calibrateAnomalyOn(rows).build();
        List<AnomalyScore> scores = bundle.newScorer().scoreFraud(rows);

        assertThat(bundle.anomalyCalibration().points()).isEqualTo(ScoreCalibration.DEFAULT_POINTS);
        assertThat(scores.stream().filter(s -> s.reconstructionScore() <= 0.5).count()).isBetween(980L, 1020L);
        assertThat(scores.stream().filter(s -> s.reconstructionScore() >= 0.9).count()).isBetween(190L, 210L);
    }
}
