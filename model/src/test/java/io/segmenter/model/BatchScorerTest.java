package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatchScorerTest {

    private static final Instant AS_OF = Instant.parse("2026-03-01T00:00:00Z");
    private static final double SAME = 1e-6;

    @Test
    void segmentBatchOf1024EqualsSingleRowCalls() {
        BatchScorer scorer = TestBundles.demo().newScorer();
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(1024, 1, AS_OF);

        List<SegmentScore> batch = scorer.scoreSegments(shoppers);

        assertThat(batch).hasSize(1024);
        for (int i = 0; i < shoppers.size(); i++) {
            SegmentScore single = scorer.scoreSegment(shoppers.get(i));
            assertThat(batch.get(i).probabilities()).as("row %d", i).containsExactly(single.probabilities(), within(SAME));
            assertThat(batch.get(i).best()).as("row %d", i).isEqualTo(single.best());
        }
    }

    @Test
    void fraudBatchOf1024EqualsSingleRowCalls() {
        BatchScorer scorer = TestBundles.demo().newScorer();
        List<FeatureVector> purchases = DemoBundles.fraudVectors(1024, 2, AS_OF);

        List<AnomalyScore> batch = scorer.scoreFraud(purchases);

        assertThat(batch).hasSize(1024);
        for (int i = 0; i < purchases.size(); i++) {
            AnomalyScore single = scorer.scoreFraud(purchases.get(i));
            AnomalyScore batched = batch.get(i);
            assertThat(batched.reconstructionError()).as("row %d", i)
                    .isCloseTo(single.reconstructionError(), within(SAME * Math.max(1, single.reconstructionError())));
            assertThat(batched.reconstructionScore()).as("row %d", i).isCloseTo(single.reconstructionScore(), within(SAME));
            assertThat(batched.supervisedProbability()).as("row %d", i).isCloseTo(single.supervisedProbability(), within(SAME));
            assertThat(batched.score()).as("row %d", i).isCloseTo(single.score(), within(SAME));
            assertThat(batched.contributions()).as("row %d", i).containsExactly(single.contributions(), within(SAME));
        }
    }

    @Test
    void scoringIsDeterministic() {
        ModelBundle bundle = TestBundles.demo();
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(500, 3, AS_OF);
        List<FeatureVector> purchases = DemoBundles.fraudVectors(500, 3, AS_OF);
        BatchScorer scorer = bundle.newScorer();

        assertThat(scorer.scoreSegments(shoppers)).isEqualTo(scorer.scoreSegments(shoppers))
                .isEqualTo(bundle.newScorer().scoreSegments(shoppers));
        assertThat(scorer.scoreFraud(purchases)).isEqualTo(scorer.scoreFraud(purchases))
                .isEqualTo(bundle.newScorer().scoreFraud(purchases));
        assertThat(DemoBundles.segmentVectors(500, 3, AS_OF)).isEqualTo(shoppers);
    }

    @Test
    void batchesLargerThanOneCallAreSplitWithoutChangingResults() {
        BatchScorer scorer = TestBundles.demo().newScorer();
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(BatchScorer.MAX_ROWS_PER_CALL + 10, 4, AS_OF);

        List<SegmentScore> all = scorer.scoreSegments(shoppers);
        List<SegmentScore> tail = scorer.scoreSegments(shoppers.subList(BatchScorer.MAX_ROWS_PER_CALL - 5, shoppers.size()));

        assertThat(all).hasSize(shoppers.size());
        for (int i = 0; i < tail.size(); i++) {
            assertThat(all.get(BatchScorer.MAX_ROWS_PER_CALL - 5 + i).probabilities())
                    .containsExactly(tail.get(i).probabilities(), within(SAME));
        }
    }

    @Test
    void scorersOfOneBundleRunOnSeparateThreadsIndependently() throws Exception {
        ModelBundle bundle = TestBundles.demo();
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(2000, 5, AS_OF);
        List<SegmentScore> expected = bundle.newScorer().scoreSegments(shoppers);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<SegmentScore>>> results = List.of(
                    pool.submit(() -> repeat(bundle.newScorer(), shoppers)),
                    pool.submit(() -> repeat(bundle.newScorer(), shoppers)));
            for (Future<List<SegmentScore>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<SegmentScore> repeat(BatchScorer scorer, List<FeatureVector> vectors) {
        List<SegmentScore> last = null;
        for (int i = 0; i < 20; i++) {
            last = scorer.scoreSegments(vectors);
        }
        return last;
    }

    @Test
    void outputsAreProbabilitiesScoresAndShares() {
        BatchScorer scorer = TestBundles.demo().newScorer();

        List<SegmentScore> segments = scorer.scoreSegments(DemoBundles.segmentVectors(200, 6, AS_OF));
        List<AnomalyScore> fraud = scorer.scoreFraud(DemoBundles.fraudVectors(200, 6, AS_OF));

        assertThat(segments).allSatisfy(s -> {
            assertThat(Arrays.stream(s.probabilities()).sum()).isCloseTo(1.0, within(1e-5));
            assertThat(s.bestProbability()).isEqualTo(Arrays.stream(s.probabilities()).max().orElseThrow());
        });
        assertThat(fraud).allSatisfy(s -> {
            assertThat(s.score()).isBetween(0.0, 1.0);
            assertThat(s.supervisedProbability()).isBetween(0.0, 1.0);
            assertThat(s.contributions()).hasSize(FeatureDefinition.FRAUD.size());
            assertThat(Arrays.stream(s.contributions()).sum()).isCloseTo(1.0, within(1e-9));
        });
    }

    @Test
    void demoModelFlagsTheSyntheticFraudPatternAndNotAnOrdinaryPurchase() {
        ModelBundle bundle = TestBundles.demo();
        BatchScorer scorer = bundle.newScorer();

        List<AnomalyScore> scores = scorer.scoreFraud(List.of(FixedVectors.freshAccountOnSharedDevice(),
                FixedVectors.ordinaryPurchase()));

        assertThat(scores.get(0).atOrAbove(bundle.fraudThreshold())).isTrue();
        assertThat(scores.get(1).atOrAbove(bundle.fraudThreshold())).isFalse();
        assertThat(scorer.scoreSegment(FixedVectors.frequentBuyer()).best()).isZero();
    }

    @Test
    void emptyBatchGivesNoScores() {
        BatchScorer scorer = TestBundles.demo().newScorer();

        assertThat(scorer.scoreSegments(List.of())).isEmpty();
        assertThat(scorer.scoreFraud(List.of())).isEmpty();
    }

    @Test
    void vectorsOfTheWrongKindOrWidthAreRefused() {
        BatchScorer scorer = TestBundles.demo().newScorer();

        assertThatThrownBy(() -> scorer.scoreSegments(List.of(FixedVectors.ordinaryPurchase())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vector 0 is FRAUD, expected SEGMENT");
        assertThatThrownBy(() -> scorer.scoreFraud(new double[][] {new double[3]}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 3 values, FRAUD has 23");
        double[] withNaN = FixedVectors.ordinaryPurchase().values();
        withNaN[0] = Double.NaN;
        assertThatThrownBy(() -> scorer.scoreFraud(new double[][] {withNaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature amount is NaN");
    }

    @Test
    void scorerNamesItsModelVersion() {
        assertThat(TestBundles.demo().newScorer().modelVersion()).isEqualTo("demo-synthetic-seed42");
    }

    @Test
    void trainerFittedNormalizerShippedInABundleStandardizesExactlyAsTheTrainerDid() throws Exception {
        for (FeatureDefinition def : List.of(FeatureDefinition.SEGMENT, FeatureDefinition.FRAUD)) {
            double[][] rows = (def == FeatureDefinition.SEGMENT
                    ? SyntheticShoppers.segmentRows(400, new java.util.Random(7))
                    : SyntheticShoppers.fraudRows(400, 0.1, new java.util.Random(8))).rows();
            // what the trainer does: fit with the unit policy, train on transformAll
            Standardizer trained = Standardizer.fit(def.specs(), rows);
            double[][] trainerRows = trained.transformAll(rows);
            // what serving does: read it back from normalizers.json, then the scorer's own standardization
            byte[] json = BundleJson.write(BundleJson.Normalizers.of(trained, trained));
            BundleJson.Normalizers stored = BundleJson.read(BundleJson.NORMALIZER_MAPPER, ModelBundle.NORMALIZERS, json,
                    BundleJson.Normalizers.class);
            Standardizer served = BundleValidator.checkNormalizer("test", stored.fraud(), def);
            double[] flat = new double[rows.length * def.size()];
            BatchScorer.standardizeRows(rows, 0, rows.length, served, flat);

            assertThat(served).isEqualTo(trained);
            assertThat(served.transforms()).contains(FeatureTransform.SIGNED_LOG1P);
            for (int i = 0; i < rows.length; i++) {
                assertThat(Arrays.copyOfRange(flat, i * def.size(), (i + 1) * def.size()))
                        .as("%s row %d", def, i).containsExactly(trainerRows[i]);
            }
        }
    }

    @Test
    void demoBundleReadBackStandardizesLikeItsFittedNormalizer() throws Exception {
        ModelBundle built = TestBundles.demo();
        ModelBundle read = ModelBundle.read(built.toBytes());
        double[][] rows = SyntheticShoppers.fraudRows(200, 0.1, new java.util.Random(9)).rows();
        double[] flat = new double[rows.length * FeatureDefinition.FRAUD.size()];

        BatchScorer.standardizeRows(rows, 0, rows.length, read.fraudNormalizer(), flat);

        assertThat(read.fraudNormalizer()).isEqualTo(built.fraudNormalizer());
        double[][] expected = built.fraudNormalizer().transformAll(rows);
        for (int i = 0; i < rows.length; i++) {
            int w = FeatureDefinition.FRAUD.size();
            assertThat(Arrays.copyOfRange(flat, i * w, (i + 1) * w)).as("row %d", i).containsExactly(expected[i]);
        }
    }
}
