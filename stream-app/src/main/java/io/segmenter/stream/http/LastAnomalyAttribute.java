package io.segmenter.stream.http;

import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.stream.scoring.FraudAnomalyCodec;
import io.segmenter.stream.topology.SegmentationTopology;
import java.util.List;
import java.util.Optional;

/**
 * The {@code lastAnomaly} field of a user document: the user's anomaly with the latest purchase
 * time, from {@value SegmentationTopology#USER_ANOMALY_STORE}; left out while the user has none.
 * The fields of {@link FraudAnomaly}, times as ISO-8601 instants, {@code supervisedProbability}
 * null when the model has no supervised head.
 */
public final class LastAnomalyAttribute implements UserAttribute {

    /** The JSON value. */
    public record LastAnomaly(String orderId, String eventId, long amountMinor, String currency, String deviceId, String ip,
                              double score, double threshold, Double supervisedProbability,
                              List<Contribution> contributions, String modelVersion, String eventTime, String emittedTime) {
    }

    /** One feature behind the score: its value, its share of the score (0..1) and a sentence. */
    public record Contribution(String feature, double value, double contribution, String text) {
    }

    @Override
    public String name() {
        return "lastAnomaly";
    }

    @Override
    public Optional<LastAnomaly> read(UserSnapshot user, LocalStores stores) {
        byte[] bytes = stores.<byte[]>keyValueStore(SegmentationTopology.USER_ANOMALY_STORE).get(user.userId());
        if (bytes == null) {
            return Optional.empty();
        }
        FraudAnomaly a = FraudAnomalyCodec.decode(bytes);
        List<Contribution> contributions = a.getContributions().stream().map(LastAnomalyAttribute::contribution).toList();
        return Optional.of(new LastAnomaly(a.getOrderId(), a.getEventId(), a.getAmountMinor(), a.getCurrency(), a.getDeviceId(),
                a.getIp(), a.getScore(), a.getThreshold(), a.getSupervisedProbability(), contributions, a.getModelVersion(),
                a.getEventTime().toString(), a.getEmittedTime().toString()));
    }

    private static Contribution contribution(FeatureContribution c) {
        return new Contribution(c.getFeature(), c.getValue(), c.getContribution(), c.getText());
    }
}
