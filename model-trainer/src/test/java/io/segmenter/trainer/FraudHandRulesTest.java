package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudHandRulesTest {

    private static final Instant AT = Instant.parse("2024-03-04T00:00:00Z");

    private static FeatureVector fraud(Map<String, Double> values) {
        double[] v = new double[FeatureDefinition.FRAUD.size()];
        v[FeatureDefinition.FRAUD.indexOf("account_age_known")] = 1;
        v[FeatureDefinition.FRAUD.indexOf("account_age_hours")] = 1_000;
        values.forEach((name, value) -> v[FeatureDefinition.FRAUD.indexOf(name)] = value);
        return new FeatureVector(FeatureDefinition.FRAUD, v, AT);
    }

    private static FeatureVector ageSeconds(double seconds) {
        return fraud(Map.of("account_age_hours", seconds / 3600));
    }

    @Test
    void signupWithinAMinuteNeedsAKnownAgeUnderSixtySeconds() {
        assertThat(FraudHandRules.SIGNUP_WITHIN_A_MINUTE.flags().test(ageSeconds(1))).isTrue();
        assertThat(FraudHandRules.SIGNUP_WITHIN_A_MINUTE.flags().test(ageSeconds(59.9))).isTrue();
        assertThat(FraudHandRules.SIGNUP_WITHIN_A_MINUTE.flags().test(ageSeconds(60))).isFalse();
        FeatureVector unknown = fraud(Map.of("account_age_known", 0.0, "account_age_hours", -1.0));
        assertThat(FraudHandRules.SIGNUP_WITHIN_A_MINUTE.flags().test(unknown)).isFalse();
    }

    @Test
    void reportsEachRulesPrecisionAndRecallSideBySide() {
        List<FeatureVector> vectors = List.of(
                ageSeconds(1),                                   // fraud, quick sign-up
                ageSeconds(2),                                   // fraud, quick sign-up
                fraud(Map.of("device_users_24h", 1.0)),          // fraud, device seen
                fraud(Map.of()),                                 // fraud, nothing
                fraud(Map.of("device_purchases_24h", 2.0)),      // legitimate, device seen
                fraud(Map.of("ip_users_24h", 3.0)),              // legitimate, IP seen
                fraud(Map.of()));                                // legitimate, nothing
        boolean[] isFraud = {true, true, true, true, false, false, false};

        List<FraudHandRules.RuleResult> results = FraudHandRules.evaluate(vectors, isFraud);

        assertThat(results).extracting(r -> r.rule().name())
                .containsExactly("signup-within-1m", "device-seen-24h", "ip-seen-24h", "signup-within-1m-or-device-seen-24h");
        assertThat(results.get(0).outcome()).isEqualTo(new BinaryOutcome(2, 0, 2, 3));
        assertThat(results.get(1).outcome()).isEqualTo(new BinaryOutcome(1, 1, 3, 2));
        assertThat(results.get(2).outcome()).isEqualTo(new BinaryOutcome(0, 1, 4, 2));
        assertThat(results.get(3).outcome()).isEqualTo(new BinaryOutcome(3, 1, 1, 2));
        assertThat(results.get(3).precision()).isEqualTo(0.75);
        assertThat(results.get(3).recall()).isEqualTo(0.75);
    }

    @Test
    void readsOnlyFraudVectors() {
        FeatureVector segment = new FeatureVector(FeatureDefinition.SEGMENT, new double[FeatureDefinition.SEGMENT.size()], AT);
        assertThatThrownBy(() -> FraudHandRules.evaluate(List.of(segment), new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
