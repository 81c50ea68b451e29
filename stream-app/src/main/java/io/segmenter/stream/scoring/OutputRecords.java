package io.segmenter.stream.scoring;

import io.segmenter.model.AnomalyScore;
import io.segmenter.model.Reason;
import io.segmenter.model.SegmentInfo;
import io.segmenter.model.SegmentScore;
import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The records the scoring stage emits, assembled from scores and reasons. Pure. */
public final class OutputRecords {

    private OutputRecords() {
    }

    /**
     * The change a decision emits.
     *
     * @param reasons             why the user is in {@code decision.next()}, strongest first
     * @param triggeringEventTime event time of the newest event in the scored features
     * @param emittedTime         wall-clock time of the emit
     */
    public static SegmentChange segmentChange(String userId, SegmentDecision decision, SegmentScore score,
                                              List<SegmentInfo> catalogue, List<Reason> reasons, String modelVersion,
                                              Instant triggeringEventTime, Instant emittedTime) {
        if (!decision.emits()) {
            throw new IllegalArgumentException("a " + decision.kind() + " decision emits no segment change");
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int k = 0; k < catalogue.size(); k++) {
            probabilities.put(catalogue.get(k).id(), score.probability(k));
        }
        CurrentSegment previous = decision.previous();
        CurrentSegment next = decision.next();
        return SegmentChange.newBuilder()
                .setUserId(userId)
                .setPreviousSegmentId(previous == null ? null : previous.segmentId())
                .setPreviousSegmentName(previous == null ? null : previous.segmentName())
                .setSegmentId(next.segmentId())
                .setSegmentName(next.segmentName())
                .setConfidence(next.probability())
                .setProbabilities(probabilities)
                .setReasons(reasons.stream()
                        .map(r -> new io.segmenter.schemas.avro.Reason(r.feature(), r.value(), r.text()))
                        .toList())
                .setModelVersion(modelVersion)
                .setTriggeringEventTime(triggeringEventTime)
                .setEmittedTime(emittedTime)
                .build();
    }

    /**
     * The anomaly of a purchase scored at or above {@code threshold}.
     *
     * @param reasons the features with the largest share of the score, strongest first
     */
    public static FraudAnomaly fraudAnomaly(PurchaseEvent purchase, AnomalyScore score, double threshold,
                                            List<Reason> reasons, String modelVersion, Instant emittedTime) {
        return FraudAnomaly.newBuilder()
                .setUserId(purchase.getUserId())
                .setOrderId(purchase.getOrderId())
                .setEventId(purchase.getEventId())
                .setAmountMinor(purchase.getAmountMinor())
                .setCurrency(purchase.getCurrency())
                .setDeviceId(purchase.getDeviceId())
                .setIp(purchase.getIp())
                .setScore(score.score())
                .setThreshold(threshold)
                .setSupervisedProbability(score.hasSupervisedProbability() ? score.supervisedProbability() : null)
                .setContributions(reasons.stream()
                        .map(r -> new FeatureContribution(r.feature(), r.value(), r.weight(), r.text()))
                        .toList())
                .setModelVersion(modelVersion)
                .setEventTime(purchase.getEventTime())
                .setEmittedTime(emittedTime)
                .build();
    }
}
