package io.segmenter.stream.scoring;

import java.util.Objects;

/**
 * What {@link SegmentDecider} decided for one scored user.
 *
 * @param kind         why the user is where they are now
 * @param previous     the segment before the decision; null on the first assignment
 * @param next         the segment after it (equal id to {@code previous} when the user stays), with the
 *                     latest probability and model version
 * @param segmentIndex index of {@code next} in the deciding model's catalogue (its classifier column)
 */
public record SegmentDecision(Kind kind, CurrentSegment previous, CurrentSegment next, int segmentIndex) {

    /** The reasons a decision emits a segment change, or does not. */
    public enum Kind {
        /** The user had no segment: always emitted, previous = none. */
        FIRST,
        /** The new best segment beat the current one by the margin after the minimum dwell. */
        SWITCH,
        /**
         * The current segment is not in the deciding model's catalogue (a model with another catalogue
         * was installed): the new model's best segment is a fresh assignment, emitted at once with
         * previous = the old segment, without margin or dwell.
         */
        CATALOGUE_CHANGE,
        /** The user stays in the current segment; nothing is emitted. */
        STAY
    }

    public SegmentDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(next, "next");
        if ((previous == null) != (kind == Kind.FIRST)) {
            throw new IllegalArgumentException("a " + kind + " decision " + (previous == null ? "needs" : "has no") + " previous segment");
        }
    }

    /** Whether a segment change is emitted. */
    public boolean emits() {
        return kind != Kind.STAY;
    }
}
