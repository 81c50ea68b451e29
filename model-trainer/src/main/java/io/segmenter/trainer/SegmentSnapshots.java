package io.segmenter.trainer;

import io.segmenter.features.ReplayEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One behaviour source's snapshots: a main cut that leaves the outcome horizon after it, and up to
 * {@code historyDays} daily cuts before it (for more training rows and for segment stability).
 * Each source is cut on its own time line, so sources of different periods can train together.
 *
 * <p>Horizon: the configured one, but at most {@code maxHorizonShare} of the source's time span,
 * so that a source of three hours (the REES46 head) still has history before its cut.
 *
 * @param source    the source's name
 * @param horizon   the outcome period actually used for this source
 * @param snapshots the daily cuts in increasing time, the main cut last
 */
public record SegmentSnapshots(String source, Duration horizon, List<Snapshot> snapshots) {

    /** Never more than this share of a source's time span is left after the main cut. */
    public static final double MAX_HORIZON_SHARE = 1.0 / 3;

    public SegmentSnapshots {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(horizon, "horizon");
        snapshots = List.copyOf(snapshots);
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshot");
        }
    }

    /** The main cut's snapshot. */
    public Snapshot main() {
        return snapshots.get(snapshots.size() - 1);
    }

    /** The daily cuts before the main one. */
    public List<Snapshot> history() {
        return snapshots.subList(0, snapshots.size() - 1);
    }

    /**
     * Replays {@code events} (event-time order) once and takes the cuts.
     *
     * @param horizon     the wanted outcome period
     * @param historyDays daily cuts before the main cut, at most; only cuts after the first event are taken
     */
    public static SegmentSnapshots of(String source, List<? extends ReplayEvent> events, Duration horizon, int historyDays) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException(source + " has no events");
        }
        Instant first = events.get(0).eventTime();
        Instant last = events.get(events.size() - 1).eventTime();
        Duration span = Duration.between(first, last);
        Duration cap = Duration.ofMillis((long) (span.toMillis() * MAX_HORIZON_SHARE));
        Duration used = horizon.compareTo(cap) > 0 ? cap : horizon;
        if (used.isZero() || used.isNegative()) {
            throw new IllegalArgumentException(source + " spans " + span + ": too short to leave an outcome period");
        }
        Instant main = last.minus(used);
        List<Instant> cuts = new ArrayList<>();
        for (int d = historyDays; d >= 1; d--) {
            Instant cut = main.minus(Duration.ofDays(d));
            if (cut.isAfter(first)) {
                cuts.add(cut);
            }
        }
        cuts.add(main);
        List<Snapshot> snapshots = SnapshotBuilder.builder().horizon(used).build().build(events, cuts);
        return new SegmentSnapshots(source, used, snapshots);
    }
}
