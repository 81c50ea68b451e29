package io.segmenter.trainer;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.validation.EventValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds {@link Snapshot}s from events in event-time order, with no look-ahead: the events go
 * one by one through an {@link OfflineFeatureReplay} (the stream's validation, state and
 * extraction), and the user vectors are taken when the replay reaches the cut, i.e. before the
 * first event at or after it is processed. An event exactly at the cut is future, not history.
 * Events from the cut on only count toward the outcomes (validated by the same rules, so a
 * purchase the stream would reject does not count as one).
 *
 * <p>Several cuts are taken in one pass, for segment stability over a replay.
 */
public final class SnapshotBuilder {

    private final Duration horizon;
    private final EventValidator validator;

    private SnapshotBuilder(Builder b) {
        this.horizon = b.horizon;
        this.validator = b.validator;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cut that leaves exactly {@code horizon} of the events' time span after it: the last event time minus it. */
    public static Instant cutLeaving(List<? extends ReplayEvent> events, Duration horizon) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no events");
        }
        return events.get(events.size() - 1).eventTime().minus(horizon);
    }

    public Duration horizon() {
        return horizon;
    }

    /** The snapshot at {@code cut}. */
    public Snapshot build(List<? extends ReplayEvent> events, Instant cut) {
        return build(events, List.of(cut)).get(0);
    }

    /**
     * One snapshot per cut, in one pass over {@code events}.
     *
     * @param events in event-time order (ties in any order)
     * @param cuts   strictly increasing
     * @throws IllegalArgumentException when the events are out of order or the cuts not increasing
     */
    public List<Snapshot> build(List<? extends ReplayEvent> events, List<Instant> cuts) {
        if (cuts.isEmpty()) {
            throw new IllegalArgumentException("no cut");
        }
        for (int c = 1; c < cuts.size(); c++) {
            if (!cuts.get(c).isAfter(cuts.get(c - 1))) {
                throw new IllegalArgumentException("cuts must be strictly increasing: " + cuts);
            }
        }
        OfflineFeatureReplay replay = OfflineFeatureReplay.builder().validator(validator).build();
        List<Pending> pending = new ArrayList<>();
        int nextCut = 0;
        long accepted = 0;
        Instant previous = null;
        Instant lastCut = cuts.get(cuts.size() - 1);
        Instant lastHorizonEnd = lastCut.plus(horizon);
        for (int i = 0; i < events.size(); i++) {
            ReplayEvent e = events.get(i);
            Instant t = e.eventTime();
            if (previous != null && t.isBefore(previous)) {
                throw new IllegalArgumentException("events are not in event-time order at index " + i + ": " + t
                        + " after " + previous);
            }
            previous = t;
            while (nextCut < cuts.size() && !t.isBefore(cuts.get(nextCut))) {
                pending.add(new Pending(cuts.get(nextCut), replay, accepted, horizon));
                nextCut++;
            }
            if (!pending.isEmpty() && !t.isBefore(lastHorizonEnd)) {
                break; // every outcome period is over
            }
            boolean valid;
            if (nextCut < cuts.size()) {
                valid = replay.accept(e).isEmpty(); // still history for some cut
                accepted += valid ? 1 : 0;
            } else {
                valid = isValid(e); // history is complete: validate without folding into state
            }
            if (valid) {
                for (Pending p : pending) {
                    p.record(e);
                }
            }
        }
        while (nextCut < cuts.size()) {
            pending.add(new Pending(cuts.get(nextCut), replay, accepted, horizon));
            nextCut++;
        }
        return pending.stream().map(Pending::snapshot).toList();
    }

    private boolean isValid(ReplayEvent e) {
        return (e instanceof ReplayEvent.Purchase p
                ? validator.validate(p.event(), Long.MAX_VALUE)
                : validator.validate(((ReplayEvent.Click) e).event(), Long.MAX_VALUE)).isEmpty();
    }

    /** A cut whose vectors are taken and whose outcome period is being counted. */
    private static final class Pending {
        private final Instant cut;
        private final Instant end;
        private final Duration horizon;
        private final Map<String, FeatureVector> vectors;
        private final long eventsBefore;
        private final Map<String, FutureOutcome> outcomes = new HashMap<>();
        private final Set<String> newUsers = new HashSet<>();
        private long eventsInHorizon;

        Pending(Instant cut, OfflineFeatureReplay replay, long eventsBefore, Duration horizon) {
            this.cut = cut;
            this.end = cut.plus(horizon);
            this.horizon = horizon;
            this.vectors = replay.snapshot(cut);
            this.eventsBefore = eventsBefore;
            for (String user : vectors.keySet()) {
                outcomes.put(user, FutureOutcome.NONE);
            }
        }

        void record(ReplayEvent e) {
            Instant t = e.eventTime();
            if (t.isBefore(cut) || !t.isBefore(end)) {
                return;
            }
            eventsInHorizon++;
            FutureOutcome o = outcomes.get(e.userId());
            if (o == null) {
                newUsers.add(e.userId());
                return;
            }
            outcomes.put(e.userId(), e instanceof ReplayEvent.Purchase p
                    ? o.plusPurchase(p.event().getAmountMinor() / 100.0)
                    : o.plusEvent());
        }

        Snapshot snapshot() {
            return new Snapshot(cut, horizon, vectors, outcomes, eventsBefore, eventsInHorizon, newUsers.size());
        }
    }

    /** Configures a builder. */
    public static final class Builder {
        private Duration horizon = Duration.ofDays(7);
        private EventValidator validator = new EventValidator();

        private Builder() {
        }

        /** Length of the outcome period after each cut; default 7 days. */
        public Builder horizon(Duration horizon) {
            Objects.requireNonNull(horizon, "horizon");
            if (horizon.isNegative() || horizon.isZero()) {
                throw new IllegalArgumentException("horizon must be positive: " + horizon);
            }
            this.horizon = horizon;
            return this;
        }

        /** The validation the replay and the outcome counting apply; default {@link EventValidator#EventValidator()}. */
        public Builder validator(EventValidator validator) {
            this.validator = Objects.requireNonNull(validator, "validator");
            return this;
        }

        public SnapshotBuilder build() {
            return new SnapshotBuilder(this);
        }
    }
}
