package io.segmenter.stream.scoring;

import java.time.Instant;
import java.util.Objects;

/**
 * The segment a user is in, as kept in {@code user-segment-current-store}.
 *
 * @param segmentId    stable id from the catalogue of the model that assigned it
 * @param segmentName  its human name (kept so the segment can still be named after a model without it)
 * @param probability  the latest probability of this segment for the user, 0..1
 * @param since        event time at which the user entered the segment (what the minimum dwell counts from)
 * @param modelVersion version of the model that scored the user last
 * @param predictions  that model's predictions for the user; null when the model makes none
 */
public record CurrentSegment(String segmentId, String segmentName, double probability, Instant since,
                             String modelVersion, UserPredictions predictions) {

    public CurrentSegment {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(segmentName, "segmentName");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** A segment without predictions. */
    public CurrentSegment(String segmentId, String segmentName, double probability, Instant since, String modelVersion) {
        this(segmentId, segmentName, probability, since, modelVersion, null);
    }

    /** The same segment with {@code predictions} (null: none). */
    public CurrentSegment withPredictions(UserPredictions predictions) {
        return new CurrentSegment(segmentId, segmentName, probability, since, modelVersion, predictions);
    }
}
