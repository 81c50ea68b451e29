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
 */
public record CurrentSegment(String segmentId, String segmentName, double probability, Instant since,
                             String modelVersion) {

    public CurrentSegment {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(segmentName, "segmentName");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(modelVersion, "modelVersion");
    }
}
