package io.segmenter.features.dataset;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one or several {@link DatasetSource}s fully into memory and returns their events sorted by
 * event time, for replaying files as a stream (the files are not in time order: Taobao is grouped
 * by user, Fraud_Data is shuffled). Parsing streams line by line; the events are held (about
 * 100 MB per million events), so this suits the bundled and shared files, not full datasets.
 *
 * <p><b>Order.</b> Ascending event time; ties keep source order (the order sources were added),
 * then line order within a source (a stable sort of the sources' events concatenated in line order).
 *
 * <p><b>Ids.</b> Each source's {@link DatasetSource#idPrefix()} namespaces its ids. With more than
 * one source, no prefix may be a prefix of another (so none is empty and none repeats); otherwise
 * user {@code 1} of one dataset would be user {@code 1} of another.
 *
 * <p><b>Time alignment</b> (optional, off by default). {@link Builder#alignEnds()} shifts every
 * source, as a whole, so that its last event falls on the same instant as the latest-ending
 * source's last event: a multi-dataset demo then overlaps in event time, while each source keeps
 * its own spacing and order (its time of day moves with the shift). {@link Builder#alignEndsTo(Instant)} shifts them
 * all to end at a given instant instead. Event times and account-creation times move together; the
 * shift of each source is reported in {@link SourceResult#shift()}.
 */
public final class DatasetReplay {

    private static final Logger log = LoggerFactory.getLogger(DatasetReplay.class);

    private final List<DatasetSource> sources;
    private final boolean alignEnds;
    private final Instant alignTo;

    private DatasetReplay(Builder b) {
        this.sources = List.copyOf(b.sources);
        this.alignEnds = b.alignEnds;
        this.alignTo = b.alignTo;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One source, sorted by event time, not shifted. */
    public static Result sorted(DatasetSource source) throws IOException {
        return builder().add(source).build().load();
    }

    public List<DatasetSource> sources() {
        return sources;
    }

    /** Reads every source (in order), shifts it if asked, and sorts all events by time. */
    public Result load() throws IOException {
        List<ReadResult> reads = new ArrayList<>(sources.size());
        for (DatasetSource source : sources) {
            ReadResult read = source.read();
            log.debug("{}", read.report().describe());
            reads.add(read);
        }
        Instant target = alignTo;
        if (target == null && alignEnds) {
            target = reads.stream().map(r -> r.report().lastEventTime()).flatMap(Optional::stream)
                    .max(Instant::compareTo).orElse(null);
        }
        List<SourceResult> results = new ArrayList<>(sources.size());
        List<DatasetEvent> all = new ArrayList<>(reads.stream().mapToInt(r -> r.events().size()).sum());
        for (int i = 0; i < sources.size(); i++) {
            ReadResult read = reads.get(i);
            Optional<Instant> end = read.report().lastEventTime();
            Duration shift = target == null || end.isEmpty() ? Duration.ZERO : Duration.between(end.get(), target);
            results.add(new SourceResult(sources.get(i), read.report(), shift));
            for (DatasetEvent e : read.events()) {
                all.add(e.shiftedBy(shift));
            }
            reads.set(i, null); // let the unshifted copies go
        }
        all.sort(DatasetEvent.BY_EVENT_TIME);
        return new Result(all, results);
    }

    /**
     * @param source the source
     * @param report its read report (times before any shift)
     * @param shift  how far its events were moved in time; zero without alignment
     */
    public record SourceResult(DatasetSource source, ReadReport report, Duration shift) {
        public SourceResult {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(shift, "shift");
        }
    }

    /** All events in replay order, and what each source contributed. */
    public record Result(List<DatasetEvent> events, List<SourceResult> sources) {
        public Result {
            events = List.copyOf(events);
            sources = List.copyOf(sources);
        }

        public long linesRead() {
            return sources.stream().mapToLong(s -> s.report().linesRead()).sum();
        }

        public long linesAccepted() {
            return sources.stream().mapToLong(s -> s.report().linesAccepted()).sum();
        }

        public long skippedLines() {
            return sources.stream().mapToLong(s -> s.report().skippedLines()).sum();
        }

        public long malformedLines() {
            return sources.stream().mapToLong(s -> s.report().malformedLines()).sum();
        }

        public List<ReadReport> reports() {
            return sources.stream().map(SourceResult::report).toList();
        }
    }

    public static final class Builder {
        private final List<DatasetSource> sources = new ArrayList<>();
        private boolean alignEnds;
        private Instant alignTo;

        private Builder() {
        }

        public Builder add(DatasetSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder addAll(Collection<DatasetSource> more) {
            more.forEach(this::add);
            return this;
        }

        /** Shift each source so that all end when the latest-ending one does. */
        public Builder alignEnds() {
            this.alignEnds = true;
            this.alignTo = null;
            return this;
        }

        /** Shift each source so that all end at {@code end}. */
        public Builder alignEndsTo(Instant end) {
            this.alignTo = Objects.requireNonNull(end, "end");
            this.alignEnds = true;
            return this;
        }

        /** @throws IllegalArgumentException with no source, or with id prefixes that could collide */
        public DatasetReplay build() {
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("a replay needs at least one source");
            }
            for (int i = 0; i < sources.size(); i++) {
                for (int j = 0; j < sources.size(); j++) {
                    String a = sources.get(i).idPrefix();
                    String b = sources.get(j).idPrefix();
                    if (i != j && b.startsWith(a)) {
                        throw new IllegalArgumentException("id prefixes of " + sources.get(i) + " and " + sources.get(j)
                                + " could collide: give each source a distinct prefix, none a prefix of another"
                                + " (e.g. \"tb-\", \"rees-\")");
                    }
                }
            }
            return new DatasetReplay(this);
        }
    }
}
