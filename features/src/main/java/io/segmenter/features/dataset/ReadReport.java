package io.segmenter.features.dataset;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What reading one source produced. Two accountings, both checked on construction:
 *
 * <ul>
 *   <li><b>lines</b>: {@code linesRead = linesAccepted + skippedLines + malformedLines}, where
 *       {@code linesRead} counts data lines: not the header, not blank lines ({@link #blankLines()});
 *   <li><b>events</b>: every event is made from accepted lines, so {@code events <= linesAccepted}.
 *       For every format but {@link DatasetFormat#ONLINE_RETAIL} one accepted line is one event
 *       ({@code events == linesAccepted}, see {@link #oneEventPerAcceptedLine()}) and nothing is
 *       skipped, so there {@code linesRead = events + malformedLines}. Online Retail groups its
 *       accepted lines into one event per (invoice, customer) and skips lines by
 *       {@link SkipReason}.
 * </ul>
 *
 * @param source          the name the caller gave the source (a path or resource name)
 * @param format          the format it was read as
 * @param linesRead       data lines seen
 * @param linesAccepted   data lines that went into events
 * @param skippedLines    well-formed lines that make no event, total of {@code skippedByReason}
 * @param skippedByReason skipped lines by reason; reasons with no line are absent
 * @param malformedLines  lines that could not be read
 * @param firstMalformed  the first {@value #MAX_MALFORMED_KEPT} malformed lines, in line order
 * @param events          events produced
 * @param blankLines      empty or all-blank lines, ignored (a file ending in an empty line has one)
 * @param firstEventTime  earliest event time, empty without events
 * @param lastEventTime   latest event time, empty without events
 */
public record ReadReport(
        String source,
        DatasetFormat format,
        long linesRead,
        long linesAccepted,
        long skippedLines,
        Map<SkipReason, Long> skippedByReason,
        long malformedLines,
        List<MalformedLine> firstMalformed,
        long events,
        long blankLines,
        Optional<Instant> firstEventTime,
        Optional<Instant> lastEventTime) {

    /** How many malformed lines a report keeps with their reasons; all are counted. */
    public static final int MAX_MALFORMED_KEPT = 20;

    public ReadReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(firstEventTime, "firstEventTime");
        Objects.requireNonNull(lastEventTime, "lastEventTime");
        EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        skipped.putAll(skippedByReason);
        skippedByReason = Collections.unmodifiableMap(skipped);
        firstMalformed = List.copyOf(firstMalformed);
        long skippedSum = skipped.values().stream().mapToLong(Long::longValue).sum();
        if (skippedSum != skippedLines) {
            throw new IllegalArgumentException("skippedLines " + skippedLines + " != sum of skippedByReason " + skipped);
        }
        if (linesRead != linesAccepted + skippedLines + malformedLines) {
            throw new IllegalArgumentException("linesRead " + linesRead + " != linesAccepted " + linesAccepted
                    + " + skippedLines " + skippedLines + " + malformedLines " + malformedLines);
        }
        if (events > linesAccepted || events < 0 || firstMalformed.size() > Math.min(malformedLines, MAX_MALFORMED_KEPT)) {
            throw new IllegalArgumentException("inconsistent counts: events " + events + ", linesAccepted "
                    + linesAccepted + ", malformed kept " + firstMalformed.size() + " of " + malformedLines);
        }
    }

    /** Skipped lines with this reason. */
    public long skipped(SkipReason reason) {
        return skippedByReason.getOrDefault(reason, 0L);
    }

    /** True when every accepted line made exactly one event, so {@code linesRead = events + skipped + malformed}. */
    public boolean oneEventPerAcceptedLine() {
        return events == linesAccepted;
    }

    /**
     * One line for logs and the demo, e.g. {@code taobao x.csv: 16506 lines = 16505 accepted + 0 skipped
     * + 1 malformed -> 16505 events; first malformed: line 16506: expected 5 fields, found 4 [...]}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder()
                .append(format.cliName()).append(' ').append(source).append(": ")
                .append(linesRead).append(" lines = ").append(linesAccepted).append(" accepted + ")
                .append(skippedLines).append(" skipped + ").append(malformedLines).append(" malformed -> ")
                .append(events).append(" events");
        if (!skippedByReason.isEmpty()) {
            sb.append("; skipped ").append(skippedByReason.entrySet().stream()
                    .map(e -> e.getKey().code() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        if (!firstMalformed.isEmpty()) {
            // line number and reason only: this line is logged, and the raw text holds user ids, devices and IPs
            MalformedLine first = firstMalformed.get(0);
            sb.append("; first malformed: line ").append(first.lineNumber()).append(": ").append(first.reason());
        }
        return sb.toString();
    }
}
