package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScoreExplainerTest {

    @Test
    void segmentReasonsAreFeaturesWhereUserAndSegmentStandOutTogether() {
        ModelBundle bundle = TestBundles.demo();

        List<Reason> reasons = bundle.explainer().segmentReasons(FixedVectors.frequentBuyer(), 0, 3);

        assertThat(reasons).hasSize(3);
        assertThat(reasons).extracting(Reason::weight).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(reasons).allSatisfy(r -> {
            assertThat(r.weight()).isPositive();
            assertThat(r.typical()).isEqualTo(bundle.segment(0).featureMeans().get(r.feature()));
            assertThat(r.text()).startsWith(FeatureDefinition.SEGMENT.spec(FeatureDefinition.SEGMENT.indexOf(r.feature()))
                    .description()).contains("(segment typical: ");
        });
    }

    @Test
    void segmentReasonReadsLikeASentence() {
        ModelBundle bundle = TestBundles.demo();

        List<Reason> reasons = bundle.explainer().segmentReasons(FixedVectors.frequentBuyer(), 0, 52);

        assertThat(reasons).filteredOn(r -> r.feature().equals("purchase_days_30d")).singleElement()
                .satisfies(r -> assertThat(r.text()).matches(
                        "distinct UTC days with an order in the last 30 days: 30 \\(segment typical: [0-9.]+\\)"));
    }

    @Test
    void fraudReasonsAreTheLargestSharesOfTheReconstructionError() {
        ModelBundle bundle = TestBundles.demo();
        AnomalyScore score = bundle.newScorer().scoreFraud(FixedVectors.freshAccountOnSharedDevice());

        List<Reason> reasons = bundle.explainer().fraudReasons(FixedVectors.freshAccountOnSharedDevice(), score, 4);

        assertThat(reasons).hasSize(4);
        assertThat(reasons.get(0).weight()).isEqualTo(maxOf(score.contributions()));
        assertThat(reasons).extracting(Reason::weight).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(reasons).allSatisfy(r -> assertThat(r.text()).contains("(typical: "));
    }

    @Test
    void valuesAreWrittenInTheirUnits() {
        FeatureDefinition seg = FeatureDefinition.SEGMENT;
        FeatureDefinition fraud = FeatureDefinition.FRAUD;

        assertThat(FeatureText.value(seg.spec(seg.indexOf("purchase_days_30d")), 6)).isEqualTo("6");
        assertThat(FeatureText.value(seg.spec(seg.indexOf("views_30d")), 4.5)).isEqualTo("4.5");
        assertThat(FeatureText.value(seg.spec(seg.indexOf("spend_30d")), 1234.5)).isEqualTo("1,234.50");
        assertThat(FeatureText.value(seg.spec(seg.indexOf("cart_abandonment_rate_30d")), 0.354)).isEqualTo("35%");
        assertThat(FeatureText.value(seg.spec(seg.indexOf("hours_since_last_purchase")), 3.5)).isEqualTo("3.5 h");
        assertThat(FeatureText.value(fraud.spec(fraud.indexOf("account_age_hours")), 0.01)).isEqualTo("1 min");
        assertThat(FeatureText.value(fraud.spec(fraud.indexOf("hour_of_day")), 3)).isEqualTo("03:00 UTC");
        assertThat(FeatureText.value(fraud.spec(fraud.indexOf("is_first_purchase")), 1)).isEqualTo("yes");
        assertThat(FeatureText.typical(fraud.spec(fraud.indexOf("is_first_purchase")), 0.3)).isEqualTo("30% yes");
    }

    @Test
    void strongestKeepsWhatAStableSortOfThePositiveWeightsKeeps() {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 2_000; round++) {
            // few distinct values, so that ties are common; zeros, negatives, NaN and infinity never or always win
            double[] weights = random.doubles(random.nextInt(0, 60), -3, 4).map(Math::floor).toArray();
            if (weights.length > 2) {
                weights[random.nextInt(weights.length)] = random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            }
            int limit = random.nextInt(0, 8);

            int[] top = ScoreExplainer.strongest(weights, limit);

            int[] expected = IntStream.range(0, weights.length).filter(i -> weights[i] > 0).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> weights[i]).reversed())
                    .limit(limit).mapToInt(Integer::intValue).toArray();
            assertThat(top).as("weights %s, limit %d", Arrays.toString(weights), limit).containsExactly(expected);
        }
    }

    @Test
    void reasonsOfASmallerLimitAreTheFirstOfALargerOne() {
        ModelBundle bundle = TestBundles.demo();
        List<Reason> all = bundle.explainer().segmentReasons(FixedVectors.frequentBuyer(), 0, FeatureDefinition.SEGMENT.size());

        for (int limit = 0; limit <= 5; limit++) {
            assertThat(bundle.explainer().segmentReasons(FixedVectors.frequentBuyer(), 0, limit))
                    .isEqualTo(all.subList(0, Math.min(limit, all.size())));
        }
        assertThat(all).allSatisfy(r -> assertThat(r.weight()).isPositive());
    }

    private static double maxOf(double[] values) {
        double max = values[0];
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
