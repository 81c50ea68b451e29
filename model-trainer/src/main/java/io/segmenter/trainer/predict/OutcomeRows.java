package io.segmenter.trainer.predict;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.Hashing;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.UserFeatureState;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One source's prediction rows, from one pass of the stream's own replay code
 * ({@link OfflineFeatureReplay}), so the vectors are those the stream computes:
 * <ul>
 *   <li><b>Event cuts</b>, as the stream scores: right after one of the user's events (every event at
 *       that instant folded in), at most one per user and day of the source's zone. Which event of
 *       the day is chosen by a seeded hash of (user, instant), so that busy users do not outweigh
 *       the rest and the choice does not favour the day's first or last event.</li>
 *   <li><b>Daily cuts</b> at midnight of the source's zone (weekly for sources longer than
 *       {@link #LONG_SOURCE}; aligned on an anchor when one is given), with every user the stream still holds then (seen within the last 30
 *       days): the evaluation protocols (next-day purchase on Taobao) and the idle users the stream
 *       re-scores.</li>
 * </ul>
 * Outcomes are counted on each user's accepted events ({@link UserTimeline}). Every cut inside the
 * data is kept; which labels are observed is decided by the consumer against
 * {@link #observedUntil()}.
 *
 * @param source        the source's name
 * @param zone          the zone of its days
 * @param firstEvent    its first accepted event time
 * @param lastEvent     its last accepted event time
 * @param observedUntil periods ending by then count as observed: the last event time plus 1% of the
 *                      purchase horizon, because an export of whole days ends just before midnight
 * @param rows          event cuts and daily cuts, in cut order
 * @param timelines     every user's accepted events and orders
 */
public record OutcomeRows(String source, ZoneId zone, Instant firstEvent, Instant lastEvent, Instant observedUntil,
        List<OutcomeRow> rows, Map<String, UserTimeline> timelines) {

    /** Sources longer than this get weekly instead of daily cuts (at midnight, every 7 days). */
    public static final Duration LONG_SOURCE = Duration.ofDays(62);

    public OutcomeRows {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(zone, "zone");
        rows = List.copyOf(rows);
        timelines = Map.copyOf(timelines);
    }

    /**
     * Replays {@code events} (event-time order) and takes the cuts.
     *
     * @throws IllegalArgumentException with no accepted event, or when events are out of order
     */
    public static OutcomeRows build(String source, List<? extends ReplayEvent> events, PredictionTargets targets,
            ZoneId zone, Optional<Instant> anchor, long seed) {
        Duration cutEvery = bulkSpan(events).compareTo(LONG_SOURCE) <= 0 ? Duration.ofDays(1) : Duration.ofDays(7);
        OfflineFeatureReplay replay = OfflineFeatureReplay.builder().build();
        Map<String, Long> lastInstant = new HashMap<>();
        Map<String, Long> pendingHash = new HashMap<>();
        Map<UserDay, EventCut> chosen = new HashMap<>();
        Map<String, List<Long>> eventTimes = new HashMap<>();
        Map<String, List<Long>> purchaseTimes = new HashMap<>();
        List<Cut> daily = new ArrayList<>();
        Instant first = null;
        Instant previous = null;
        Instant nextMidnight = null;
        long seedHash = Hashing.hash64(Long.toString(seed));
        for (int i = 0; i < events.size(); i++) {
            ReplayEvent e = events.get(i);
            Instant t = e.eventTime();
            if (previous != null && t.isBefore(previous)) {
                throw new IllegalArgumentException(source + ": events are not in event-time order at index " + i);
            }
            previous = t;
            if (nextMidnight != null) {
                while (!t.isBefore(nextMidnight)) {
                    daily.add(new Cut(nextMidnight, activeUsers(replay.snapshot(nextMidnight), lastInstant, nextMidnight)));
                    nextMidnight = nextMidnight.plus(cutEvery);
                }
            }
            String user = e.userId();
            Long last = lastInstant.get(user);
            if (last != null && t.toEpochMilli() > last) {
                close(replay, user, last, pendingHash, chosen, zone);
            }
            if (replay.accept(e).isPresent()) {
                continue;
            }
            if (first == null) {
                first = t;
                nextMidnight = firstCut(t, zone, anchor, cutEvery);
            }
            long millis = t.toEpochMilli();
            lastInstant.put(user, millis);
            pendingHash.put(user, seedHash ^ Hashing.hash64(user + '@' + millis));
            eventTimes.computeIfAbsent(user, u -> new ArrayList<>()).add(millis);
            if (e instanceof ReplayEvent.Purchase) {
                purchaseTimes.computeIfAbsent(user, u -> new ArrayList<>()).add(millis);
            }
        }
        if (first == null) {
            throw new IllegalArgumentException(source + " has no accepted event");
        }
        for (Map.Entry<String, Long> open : new TreeMap<>(lastInstant).entrySet()) {
            close(replay, open.getKey(), open.getValue(), pendingHash, chosen, zone);
        }

        Map<String, UserTimeline> timelines = new HashMap<>();
        for (Map.Entry<String, List<Long>> u : eventTimes.entrySet()) {
            timelines.put(u.getKey(), new UserTimeline(toArray(u.getValue()),
                    toArray(purchaseTimes.getOrDefault(u.getKey(), List.of()))));
        }
        List<OutcomeRow> rows = new ArrayList<>();
        for (Cut cut : daily) {
            for (Map.Entry<String, FeatureVector> v : cut.vectors().entrySet()) {
                rows.add(row(source, v.getKey(), cut.at(), CutKind.DAILY, v.getValue(), timelines.get(v.getKey()), targets));
            }
        }
        chosen.values().stream()
                .sorted((a, b) -> a.at().equals(b.at()) ? a.user().compareTo(b.user()) : a.at().compareTo(b.at()))
                .forEach(c -> rows.add(row(source, c.user(), c.at(), CutKind.EVENT, c.vector(), timelines.get(c.user()),
                        targets)));
        rows.sort((a, b) -> a.cut().equals(b.cut()) ? a.userId().compareTo(b.userId()) : a.cut().compareTo(b.cut()));
        long tolerance = targets.purchaseHorizon().toMillis() / 100;
        return new OutcomeRows(source, zone, first, previous, previous.plusMillis(tolerance), rows, timelines);
    }

    /**
     * The users the stream still holds at {@code cut}: seen within the longest feature window before
     * it ({@link UserFeatureState#LONGEST_WINDOW}); an idler user has been evicted there, so scoring
     * it here would describe nothing the stream can serve.
     */
    private static Map<String, FeatureVector> activeUsers(Map<String, FeatureVector> all, Map<String, Long> lastInstant,
            Instant cut) {
        long oldest = cut.minus(UserFeatureState.LONGEST_WINDOW).toEpochMilli();
        Map<String, FeatureVector> out = new TreeMap<>();
        all.forEach((user, v) -> {
            if (lastInstant.get(user) >= oldest) {
                out.put(user, v);
            }
        });
        return out;
    }

    /**
     * The time from the event at the 1st percentile to the last event: the period the data covers,
     * without the stray early timestamps some exports carry (the Taobao file has a few from September
     * in a collection of late November).
     */
    public static Duration bulkSpan(List<? extends ReplayEvent> events) {
        if (events.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(bulkStart(events), events.get(events.size() - 1).eventTime());
    }

    /** The time of the event at the 1st percentile: where the bulk of the data begins ({@link #bulkSpan}). */
    public static Instant bulkStart(List<? extends ReplayEvent> events) {
        return events.get(events.size() / 100).eventTime();
    }

    /** The user's events at {@code millis} are all folded: offer that instant as the user's cut of its day. */
    private static void close(OfflineFeatureReplay replay, String user, long millis, Map<String, Long> pendingHash,
            Map<UserDay, EventCut> chosen, ZoneId zone) {
        Long hash = pendingHash.remove(user);
        if (hash == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(millis);
        UserDay key = new UserDay(user, LocalDate.ofInstant(at, zone));
        EventCut best = chosen.get(key);
        if (best == null || Long.compareUnsigned(hash, best.hash()) < 0) {
            FeatureVector v = replay.segmentVector(user, at).orElseThrow();
            chosen.put(key, new EventCut(user, at, hash, v));
        }
    }

    private static OutcomeRow row(String source, String user, Instant cut, CutKind kind, FeatureVector v,
            UserTimeline timeline, PredictionTargets targets) {
        boolean inclusive = kind == CutKind.EVENT;
        Instant purchaseEnd = cut.plus(targets.purchaseHorizon());
        Instant churnEnd = cut.plus(targets.churnHorizon());
        return new OutcomeRow(source, user, cut, kind, v.values(), timeline.purchasesIn(cut, purchaseEnd, inclusive),
                timeline.eventsIn(cut, churnEnd, inclusive), purchaseEnd, churnEnd);
    }

    static Instant midnightAfter(Instant t, ZoneId zone) {
        return LocalDate.ofInstant(t, zone).plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The first cut after {@code first}: the next midnight, or the earliest of anchor - k * every after it. */
    static Instant firstCut(Instant first, ZoneId zone, Optional<Instant> anchor, Duration every) {
        if (anchor.isEmpty()) {
            return midnightAfter(first, zone);
        }
        Instant cut = anchor.get();
        while (cut.isAfter(first)) {
            cut = cut.minus(every);
        }
        return cut.plus(every);
    }

    private static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private record UserDay(String user, LocalDate day) {
    }

    private record EventCut(String user, Instant at, long hash, FeatureVector vector) {
    }

    private record Cut(Instant at, Map<String, FeatureVector> vectors) {
    }
}
