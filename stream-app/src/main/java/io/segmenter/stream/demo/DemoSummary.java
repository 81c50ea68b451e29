package io.segmenter.stream.demo;

import java.util.List;
import java.util.Map;

/**
 * What a demo run did, as printed and as written by {@code --summary-json}. The invariants are
 * checked by {@link #problems()}; the demo exits non-zero when any fails.
 *
 * <p>Scoring counts come from the output topics: {@code usersScored} is the number of distinct
 * users with a segment change (every user's first assignment is one), {@code segmentChanges} the
 * segment-change records with a value, {@code segmentsForgotten} the tombstones of evicted users,
 * {@code anomalies} the fraud-anomaly records; {@code modelVersion} is the live model at the end,
 * {@code outputModelVersions} the versions the outputs name.
 */
public record DemoSummary(
        List<String> sources,
        long linesRead,
        long linesAccepted,
        long malformedLines,
        long skippedLines,
        long eventsPublished,
        long eventsProcessed,
        long deadLettered,
        Map<String, Long> deadLetteredByReason,
        long lateDropped,
        long usersWithFeatures,
        long usersInStore,
        long usersEvicted,
        long usersScored,
        long segmentChanges,
        long segmentsForgotten,
        long anomalies,
        String modelVersion,
        List<String> outputModelVersions,
        boolean oneEventPerAcceptedLine,
        long elapsedMillis,
        List<String> malformedExamples,
        List<String> deadLetterExamples,
        List<String> segmentChangeExamples,
        List<String> anomalyExamples) {

    /** Broken invariants, in words; empty when the run is consistent. */
    public List<String> problems() {
        List<String> problems = new java.util.ArrayList<>();
        if (linesRead != linesAccepted + malformedLines + skippedLines) {
            problems.add("linesRead " + linesRead + " != linesAccepted " + linesAccepted + " + malformedLines " + malformedLines
                    + " + skippedLines " + skippedLines);
        }
        if (oneEventPerAcceptedLine && linesAccepted != eventsPublished) {
            problems.add("linesAccepted " + linesAccepted + " != eventsPublished " + eventsPublished);
        }
        if (eventsPublished != eventsProcessed + deadLettered) {
            problems.add("eventsPublished " + eventsPublished + " != eventsProcessed " + eventsProcessed
                    + " + deadLettered " + deadLettered);
        }
        if (usersScored != usersWithFeatures) {
            problems.add("usersScored " + usersScored + " != usersWithFeatures " + usersWithFeatures);
        }
        if (segmentChanges < usersScored) {
            problems.add("segmentChanges " + segmentChanges + " < usersScored " + usersScored
                    + ": every scored user's first assignment is a segment change");
        }
        if (!outputModelVersions.stream().allMatch(modelVersion::equals)) {
            problems.add("outputs name model versions " + outputModelVersions + ", the live model is " + modelVersion);
        }
        return problems;
    }
}
