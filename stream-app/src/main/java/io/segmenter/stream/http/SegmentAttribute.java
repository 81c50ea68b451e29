package io.segmenter.stream.http;

import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.topology.SegmentationTopology;
import java.util.Optional;

/**
 * The {@code segment} field of a user document: the user's current segment from
 * {@value SegmentationTopology#USER_SEGMENT_STORE}, left out while the user has none.
 * <pre>{@code "segment": {"id": "window-shoppers", "name": "window shoppers", "confidence": 0.82,
 *             "since": "2019-10-03T10:15:00Z", "modelVersion": "demo-synthetic-seed42"}}</pre>
 * {@code confidence} is the segment's probability at the user's latest scoring; {@code since}
 * the event time at which the user entered it; {@code modelVersion} the model that scored last.
 */
public final class SegmentAttribute implements UserAttribute {

    /** The JSON value. */
    public record Segment(String id, String name, double confidence, String since, String modelVersion) {
    }

    @Override
    public String name() {
        return "segment";
    }

    @Override
    public Optional<Segment> read(UserSnapshot user, LocalStores stores) {
        byte[] bytes = stores.<byte[]>keyValueStore(SegmentationTopology.USER_SEGMENT_STORE).get(user.userId());
        if (bytes == null) {
            return Optional.empty();
        }
        CurrentSegment segment = CurrentSegmentCodec.decode(bytes);
        return Optional.of(new Segment(segment.segmentId(), segment.segmentName(), segment.probability(),
                segment.since().toString(), segment.modelVersion()));
    }
}
