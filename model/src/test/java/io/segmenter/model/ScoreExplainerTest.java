package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import java.util.List;
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

    private static double maxOf(double[] values) {
        double max = values[0];
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
