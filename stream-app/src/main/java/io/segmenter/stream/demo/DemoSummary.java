package io.segmenter.stream.demo;

import java.util.List;
import java.util.Map;

/**
 * What a demo run did, as printed and as written by {@code --summary-json}. The invariants are
 * checked by {@link #problems()}; the demo exits non-zero when any fails.
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
        boolean oneEventPerAcceptedLine,
        long elapsedMillis,
        List<String> malformedExamples,
        List<String> deadLetterExamples) {

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
        return problems;
    }
}
