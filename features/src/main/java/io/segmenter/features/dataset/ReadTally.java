package io.segmenter.features.dataset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Mutable counters of one read, turned into a {@link ReadReport} at the end. Not thread-safe. */
final class ReadTally {

    private final DatasetFormat format;
    private final String source;
    private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    private final List<MalformedLine> firstMalformed = new ArrayList<>();
    private long linesRead;
    private long accepted;
    private long skippedTotal;
    private long malformed;
    private long events;
    private long blank;
    private Instant first;
    private Instant last;

    ReadTally(DatasetFormat format, String source) {
        this.format = format;
        this.source = source;
    }

    void blankLine() {
        blank++;
    }

    void accepted() {
        linesRead++;
        accepted++;
    }

    void skipped(SkipReason reason) {
        linesRead++;
        skippedTotal++;
        skipped.merge(reason, 1L, Long::sum);
    }

    void malformed(long lineNumber, String reason, String line) {
        linesRead++;
        malformed++;
        if (firstMalformed.size() < ReadReport.MAX_MALFORMED_KEPT) {
            firstMalformed.add(MalformedLine.of(lineNumber, reason, line));
        }
    }

    void event(DatasetEvent event) {
        events++;
        Instant t = event.eventTime();
        if (first == null || t.isBefore(first)) {
            first = t;
        }
        if (last == null || t.isAfter(last)) {
            last = t;
        }
    }

    ReadReport report() {
        return new ReadReport(source, format, linesRead, accepted, skippedTotal, skipped, malformed, firstMalformed,
                events, blank, Optional.ofNullable(first), Optional.ofNullable(last));
    }
}
