package io.segmenter.trainer.predict;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the predictive heads predict, after a cut t: whether and how often the user buys in
 * {@code (t, t + purchaseHorizon]}, and whether the user sends no event at all in
 * {@code (t, t + churnHorizon]} (churn).
 *
 * @param purchaseHorizon H, the purchase period
 * @param churnHorizon    C, the churn period
 */
public record PredictionTargets(Duration purchaseHorizon, Duration churnHorizon) {

    /**
     * The defaults by time scale, longest first: {@link #forSpan} takes the first whose churn period
     * fits a third of the data's span, so that cuts before it still see history.
     */
    public static final List<PredictionTargets> LADDER = List.of(
            new PredictionTargets(Duration.ofDays(7), Duration.ofDays(30)),
            new PredictionTargets(Duration.ofDays(1), Duration.ofDays(3)),
            new PredictionTargets(Duration.ofHours(1), Duration.ofHours(1)));

    public PredictionTargets {
        Objects.requireNonNull(purchaseHorizon, "purchaseHorizon");
        Objects.requireNonNull(churnHorizon, "churnHorizon");
        if (purchaseHorizon.isNegative() || purchaseHorizon.isZero()) {
            throw new IllegalArgumentException("the purchase horizon must be positive: " + purchaseHorizon);
        }
        if (churnHorizon.isNegative() || churnHorizon.isZero()) {
            throw new IllegalArgumentException("the churn horizon must be positive: " + churnHorizon);
        }
    }

    /** The longer of the two periods: a cut needs this much observed data after it for both labels. */
    public Duration longest() {
        return purchaseHorizon.compareTo(churnHorizon) >= 0 ? purchaseHorizon : churnHorizon;
    }

    /**
     * The default for data spanning {@code span}: the first of {@link #LADDER} whose longest period
     * is at most a third of it.
     *
     * @throws IllegalArgumentException when even the shortest does not fit, saying why
     */
    public static PredictionTargets forSpan(Duration span) {
        for (PredictionTargets t : LADDER) {
            if (t.longest().multipliedBy(3).compareTo(span) <= 0) {
                return t;
            }
        }
        PredictionTargets shortest = LADDER.get(LADDER.size() - 1);
        throw new IllegalArgumentException("the data spans " + span + ": too short for predictions, which need at least"
                + " three times the longest outcome period (" + shortest.longest() + ") so that cuts have both history"
                + " and an observed future");
    }

    /** {@code purchase 1d, churn 3d}. */
    public String describe() {
        return "purchase within " + Durations.text(purchaseHorizon) + ", churn = no event within "
                + Durations.text(churnHorizon);
    }
}
