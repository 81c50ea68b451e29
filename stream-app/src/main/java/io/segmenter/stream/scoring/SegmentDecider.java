package io.segmenter.stream.scoring;

import io.segmenter.model.SegmentInfo;
import io.segmenter.model.SegmentScore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Hysteresis over segment scores, so users do not flap between segments. The first assignment is
 * immediate. Afterwards a user moves to the new best segment only when both hold:
 * <ul>
 *   <li>its probability beats the current segment's by at least {@code margin}, and</li>
 *   <li>the user has been in the current segment for at least {@code minDwell} of event time.</li>
 * </ul>
 * Segments are matched by id, so a new model with the same catalogue keeps every user where they
 * are. When the current segment is not in the deciding model's catalogue, the user gets the new
 * model's best segment at once ({@link SegmentDecision.Kind#CATALOGUE_CHANGE}).
 *
 * <p>Pure and immutable; no Kafka, no DL4J.
 */
public final class SegmentDecider {

    /** Probabilities come from float networks: a difference this close to the margin counts as reaching it. */
    private static final double TOLERANCE = 1e-9;

    private final double margin;
    private final Duration minDwell;

    public SegmentDecider(double margin, Duration minDwell) {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be in 0..1: " + margin);
        }
        if (minDwell.isNegative()) {
            throw new IllegalArgumentException("minimum dwell must not be negative: " + minDwell);
        }
        this.margin = margin;
        this.minDwell = minDwell;
    }

    /**
     * @param current      the user's segment, or null when the user has none
     * @param score        the model's probabilities for the user, in catalogue order
     * @param catalogue    the deciding model's segments
     * @param modelVersion the deciding model's version
     * @param at           event time of the scored features (the user's newest event)
     */
    public SegmentDecision decide(CurrentSegment current, SegmentScore score, List<SegmentInfo> catalogue,
                                  String modelVersion, Instant at) {
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(at, "at");
        if (score.probabilities().length != catalogue.size()) {
            throw new IllegalArgumentException("score has " + score.probabilities().length + " probabilities, the catalogue "
                    + catalogue.size() + " segments");
        }
        int best = score.best();
        if (current == null) {
            return new SegmentDecision(SegmentDecision.Kind.FIRST, null, entered(catalogue, best, score, modelVersion, at), best);
        }
        int held = indexOf(catalogue, current.segmentId());
        if (held < 0) {
            return new SegmentDecision(SegmentDecision.Kind.CATALOGUE_CHANGE, current,
                    entered(catalogue, best, score, modelVersion, at), best);
        }
        boolean beatsByMargin = score.probability(best) - score.probability(held) >= margin - TOLERANCE;
        boolean dwelt = Duration.between(current.since(), at).compareTo(minDwell) >= 0;
        if (best != held && beatsByMargin && dwelt) {
            return new SegmentDecision(SegmentDecision.Kind.SWITCH, current, entered(catalogue, best, score, modelVersion, at), best);
        }
        CurrentSegment stays = new CurrentSegment(current.segmentId(), catalogue.get(held).name(), score.probability(held),
                current.since(), modelVersion);
        return new SegmentDecision(SegmentDecision.Kind.STAY, current, stays, held);
    }

    private static CurrentSegment entered(List<SegmentInfo> catalogue, int index, SegmentScore score, String modelVersion,
                                          Instant at) {
        SegmentInfo segment = catalogue.get(index);
        return new CurrentSegment(segment.id(), segment.name(), score.probability(index), at, modelVersion);
    }

    private static int indexOf(List<SegmentInfo> catalogue, String segmentId) {
        for (int i = 0; i < catalogue.size(); i++) {
            if (catalogue.get(i).id().equals(segmentId)) {
                return i;
            }
        }
        return -1;
    }
}
