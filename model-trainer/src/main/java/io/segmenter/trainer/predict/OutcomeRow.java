package io.segmenter.trainer.predict;

import java.time.Instant;
import java.util.Objects;

/**
 * One user at one cut: the segment vector the stream would score at that time, and what the user
 * did after it. Which labels a consumer may use depends on how far the data is observed
 * ({@link #purchaseObservedBy}, {@link #churnObservedBy}): a period that runs past the observed
 * data is censored, not "nothing happened".
 *
 * @param source          the source's name
 * @param userId          the user
 * @param cut             t; the vector sees the events up to it: at an {@link CutKind#EVENT} cut the events at
 *                        t are history and the periods are {@code (t, t + H]}; at a {@link CutKind#DAILY} cut
 *                        they are future and the periods are {@code [t, t + H)}
 * @param kind            a cut at one of the user's events, or a daily cut
 * @param features        the segment vector as of t, in {@code FeatureDefinition.SEGMENT} order (not copied)
 * @param purchases       orders in the purchase period
 * @param eventsInChurn   events of any kind in the churn period
 * @param purchaseEnd     t + H
 * @param churnEnd        t + C
 */
public record OutcomeRow(String source, String userId, Instant cut, CutKind kind, double[] features, int purchases,
        int eventsInChurn, Instant purchaseEnd, Instant churnEnd) {

    /** Where a cut is placed. */
    public enum CutKind {
        /** Right after one of the user's events, as the stream scores. */
        EVENT,
        /** At midnight of the source's day, for every user seen before it (the evaluation protocols). */
        DAILY
    }

    public OutcomeRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(cut, "cut");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(purchaseEnd, "purchaseEnd");
        Objects.requireNonNull(churnEnd, "churnEnd");
        if (purchases < 0 || eventsInChurn < 0) {
            throw new IllegalArgumentException("counts cannot be negative: " + purchases + ", " + eventsInChurn);
        }
    }

    /** Whether events at the cut's own instant are history (event cuts) rather than future (daily cuts). */
    public boolean cutIncludesItsInstant() {
        return kind == CutKind.EVENT;
    }

    public boolean purchased() {
        return purchases > 0;
    }

    public boolean churned() {
        return eventsInChurn == 0;
    }

    /** Whether the purchase period ends no later than {@code observedUntil}. */
    public boolean purchaseObservedBy(Instant observedUntil) {
        return !purchaseEnd.isAfter(observedUntil);
    }

    /** Whether the churn period ends no later than {@code observedUntil}. */
    public boolean churnObservedBy(Instant observedUntil) {
        return !churnEnd.isAfter(observedUntil);
    }
}
