package io.segmenter.trainer;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The hand rules a fraud analyst would write on Fraud_Data-style purchases, expressed on the
 * causal fraud features, so that any model can be shown side by side with them on the same rows.
 *
 * <p>What the features allow: the device and IP counts look back 24 hours (and 10 minutes) from
 * each purchase, at earlier purchases only. The published analyses of this dataset count a
 * device's users over the whole file, which also sees later purchases; here "device already seen"
 * means "an earlier purchase on this device in the last 24 hours", which can only be weaker.
 */
public final class FraudHandRules {

    /**
     * One rule.
     *
     * @param name        kebab-case identifier for reports
     * @param description one line for a reader
     * @param flags       whether the rule flags a fraud vector
     */
    public record HandRule(String name, String description, Predicate<FeatureVector> flags) {
        public HandRule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(flags, "flags");
        }

        public HandRule or(HandRule other) {
            return new HandRule(name + "-or-" + other.name, description + ", or " + other.description,
                    flags.or(other.flags));
        }
    }

    /** A rule and how it did. */
    public record RuleResult(HandRule rule, BinaryOutcome outcome) {
        public double precision() {
            return outcome.precision();
        }

        public double recall() {
            return outcome.recall();
        }
    }

    /** Purchase within a minute of sign-up: the account age is known and under 60 seconds. */
    public static final HandRule SIGNUP_WITHIN_A_MINUTE = new HandRule("signup-within-1m",
            "purchase within a minute of sign-up (account_age_hours * 3600 < 60)",
            v -> v.get("account_age_known") == 1 && v.get("account_age_hours") * 3600 < 60);

    /** Another purchase on the same device in the 24 hours before. */
    public static final HandRule DEVICE_SEEN_24H = new HandRule("device-seen-24h",
            "device used by an earlier purchase in the last 24 h (device_users_24h > 0 or device_purchases_24h > 0)",
            v -> v.get("device_users_24h") > 0 || v.get("device_purchases_24h") > 0);

    /** Another purchase from the same IP address in the 24 hours before. */
    public static final HandRule IP_SEEN_24H = new HandRule("ip-seen-24h",
            "IP address used by an earlier purchase in the last 24 h (ip_users_24h > 0 or ip_purchases_24h > 0)",
            v -> v.get("ip_users_24h") > 0 || v.get("ip_purchases_24h") > 0);

    /** The rules reported, in order: each alone, then the combination the issue quotes. */
    public static final List<HandRule> RULES = List.of(SIGNUP_WITHIN_A_MINUTE, DEVICE_SEEN_24H, IP_SEEN_24H,
            SIGNUP_WITHIN_A_MINUTE.or(DEVICE_SEEN_24H));

    private FraudHandRules() {
    }

    /** Each of {@link #RULES} on {@code vectors} against {@code fraud}. */
    public static List<RuleResult> evaluate(List<FeatureVector> vectors, boolean[] fraud) {
        return evaluate(RULES, vectors, fraud);
    }

    /**
     * Each rule on {@code vectors} (fraud vectors) against {@code fraud}.
     *
     * @throws IllegalArgumentException on a length mismatch or a vector that is not a fraud vector
     */
    public static List<RuleResult> evaluate(List<HandRule> rules, List<FeatureVector> vectors, boolean[] fraud) {
        if (vectors.size() != fraud.length) {
            throw new IllegalArgumentException(vectors.size() + " vectors but " + fraud.length + " labels");
        }
        for (FeatureVector v : vectors) {
            if (v.kind() != FeatureDefinition.FRAUD) {
                throw new IllegalArgumentException("hand rules read fraud vectors, got " + v.kind());
            }
        }
        return rules.stream().map(rule -> {
            boolean[] flagged = new boolean[vectors.size()];
            for (int i = 0; i < flagged.length; i++) {
                flagged[i] = rule.flags().test(vectors.get(i));
            }
            return new RuleResult(rule, BinaryOutcome.of(flagged, fraud));
        }).toList();
    }
}
