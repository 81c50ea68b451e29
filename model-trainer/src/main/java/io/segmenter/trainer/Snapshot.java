package io.segmenter.trainer;

import io.segmenter.features.FeatureVector;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every user's segment vector at a cut time, built only from events strictly before the cut, and
 * what each of those users did in {@code [cut, cut + horizon)}.
 *
 * @param cut             the snapshot instant; the vectors are as of it
 * @param horizon         length of the outcome period after it
 * @param vectors         segment vector by user id (sorted), for every user with an accepted event before the cut
 * @param outcomes        outcome by user id, for exactly the users of {@code vectors} (zero when they did nothing)
 * @param eventsBefore    accepted events before the cut
 * @param eventsInHorizon accepted events in the outcome period, of any user
 * @param newUsers        users first seen in the outcome period (no vector, so no outcome either)
 */
public record Snapshot(Instant cut, Duration horizon, Map<String, FeatureVector> vectors,
        Map<String, FutureOutcome> outcomes, long eventsBefore, long eventsInHorizon, int newUsers) {

    public Snapshot {
        Objects.requireNonNull(cut, "cut");
        Objects.requireNonNull(horizon, "horizon");
        vectors = Collections.unmodifiableMap(new TreeMap<>(vectors));
        outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
        if (!vectors.keySet().equals(outcomes.keySet())) {
            throw new IllegalArgumentException("every user with a vector needs an outcome, and only those");
        }
    }

    public Instant horizonEnd() {
        return cut.plus(horizon);
    }

    /** User ids in sorted order, the row order of {@link #rows(List)}. */
    public List<String> userIds() {
        return List.copyOf(vectors.keySet());
    }

    /** The vectors' values of {@code userIds}, one row each, in that order. */
    public double[][] rows(List<String> userIds) {
        double[][] rows = new double[userIds.size()][];
        for (int i = 0; i < rows.length; i++) {
            FeatureVector v = vectors.get(userIds.get(i));
            if (v == null) {
                throw new IllegalArgumentException("no vector for user " + userIds.get(i));
            }
            rows[i] = v.values();
        }
        return rows;
    }

    public FutureOutcome outcome(String userId) {
        return outcomes.get(userId);
    }
}
