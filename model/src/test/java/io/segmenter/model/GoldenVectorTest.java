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
                new double[] {0.999223590, 9.31479080e-05, 0.000457822636, 0.000225509444}, within(TOLERANCE));
    }

    @Test
    void fixedFraudVectorsGivePinnedScores() throws Exception {
        BatchScorer scorer = ModelBundle.read(fixture).newScorer();

        AnomalyScore fresh = scorer.scoreFraud(FixedVectors.freshAccountOnSharedDevice());
        AnomalyScore ordinary = scorer.scoreFraud(FixedVectors.ordinaryPurchase());

        assertThat(fresh.reconstructionError()).isCloseTo(25.2085249, within(TOLERANCE * 25.2085249));
        assertThat(fresh.supervisedProbability()).isCloseTo(0.999423862, within(TOLERANCE));
        assertThat(fresh.score()).isEqualTo(1.0);
        assertThat(ordinary.reconstructionError()).isCloseTo(0.0364745803, within(TOLERANCE));
        assertThat(ordinary.supervisedProbability()).isCloseTo(0.00193636189, within(TOLERANCE));
        assertThat(ordinary.score()).isEqualTo(0.0);
    }

    @Test
    void checkedInBundleReproducesItsOwnGoldenCases() {
        // ModelBundle.read already does this; a rejection would throw with GOLDEN_MISMATCH
        assertThatCode(() -> ModelBundle.read(fixture)).doesNotThrowAnyException();
    }
}
