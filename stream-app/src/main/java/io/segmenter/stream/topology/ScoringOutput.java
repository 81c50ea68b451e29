package io.segmenter.stream.topology;

import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.SegmentChange;

/** What the scoring processor emits, keyed by user id; routed to one output topic each. */
sealed interface ScoringOutput permits ScoringOutput.Change, ScoringOutput.Anomaly {

    /** A segment change; a null change is the tombstone of a forgotten user. */
    record Change(SegmentChange change) implements ScoringOutput {
    }

    record Anomaly(FraudAnomaly anomaly) implements ScoringOutput {
    }

    static boolean isChange(String user, ScoringOutput output) {
        return output instanceof Change;
    }

    static boolean isAnomaly(String user, ScoringOutput output) {
        return output instanceof Anomaly;
    }

    static SegmentChange change(ScoringOutput output) {
        return ((Change) output).change();
    }

    static FraudAnomaly anomaly(ScoringOutput output) {
        return ((Anomaly) output).anomaly();
    }
}
