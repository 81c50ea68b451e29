package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.FeatureDefinition;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the scorer's outputs for fixed vectors on a checked-in bundle (format 1), so a change in
 * bundle reading, normalization or scoring arithmetic shows up here. When the feature definition or
 * the format changes on purpose, regenerate the bundle and the pinned values with
 * {@link GoldenFixtureWriter}.
 */
class GoldenVectorTest {

    private static final String FIXTURE = "demo-bundle-format1.zip";
    private static final double TOLERANCE = 1e-5;

    private static byte[] fixture;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE + " on the test classpath").isNotNull();
            fixture = in.readAllBytes();
        }
    }

    @Test
    void checkedInBundleWasTrainedOnTheRunningFeatureDefinition() throws Exception {
        String hash = BundleJson.MAPPER.readTree(TestBundles.entries(fixture).get(ModelBundle.MANIFEST))
                .get("featureDefinitionHash").asText();

        assertThat(hash)
                .as("the feature definition changed; regenerate %s with GoldenFixtureWriter and update the pinned values",
                        FIXTURE)
                .isEqualTo(FeatureDefinition.versionHash());
    }

    @Test
    void fixedSegmentVectorGivesPinnedProbabilities() throws Exception {
        SegmentScore score = ModelBundle.read(fixture).newScorer().scoreSegment(FixedVectors.frequentBuyer());

        assertThat(score.best()).isZero();
        assertThat(score.probabilities()).containsExactly(
                new double[] {0.998554647, 0.000238529537, 0.000860518136, 0.000346238725}, within(TOLERANCE));
    }

    @Test
    void fixedFraudVectorsGivePinnedScores() throws Exception {
        BatchScorer scorer = ModelBundle.read(fixture).newScorer();

        AnomalyScore fresh = scorer.scoreFraud(FixedVectors.freshAccountOnSharedDevice());
        AnomalyScore ordinary = scorer.scoreFraud(FixedVectors.ordinaryPurchase());

        assertThat(fresh.reconstructionError()).isCloseTo(8.50445888, within(TOLERANCE * 8.50445888));
        assertThat(fresh.supervisedProbability()).isCloseTo(0.997161388, within(TOLERANCE));
        assertThat(fresh.score()).isEqualTo(1.0);
        assertThat(ordinary.reconstructionError()).isCloseTo(0.0519111701, within(TOLERANCE));
        assertThat(ordinary.supervisedProbability()).isCloseTo(0.00185288826, within(TOLERANCE));
        assertThat(ordinary.score()).isCloseTo(0.00471238082, within(TOLERANCE));
    }

    @Test
    void checkedInBundleReproducesItsOwnGoldenCases() {
        // ModelBundle.read already does this; a rejection would throw with GOLDEN_MISMATCH
        assertThatCode(() -> ModelBundle.read(fixture)).doesNotThrowAnyException();
    }
}
