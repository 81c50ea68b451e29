package io.segmenter.trainer.fraud;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One purchase as the fraud model sees it: its causal FRAUD vector (what the stream computes for
 * it, seeing only earlier events) and, when the dataset has one, its label.
 *
 * @param userId    the purchasing user (the key of the split by user)
 * @param orderId   the order
 * @param eventTime when the purchase happened
 * @param vector    the FRAUD vector
 * @param label     1 fraud, 0 legitimate; empty when unknown
 */
public record FraudSample(String userId, String orderId, Instant eventTime, FeatureVector vector, OptionalInt label) {

    public FraudSample {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(label, "label");
        if (vector.kind() != FeatureDefinition.FRAUD) {
            throw new IllegalArgumentException("a fraud sample holds a FRAUD vector, got " + vector.kind());
        }
        if (label.isPresent() && label.getAsInt() != 0 && label.getAsInt() != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label.getAsInt());
        }
    }

    public boolean hasLabel() {
        return label.isPresent();
    }

    /** Whether the purchase is labelled fraud; {@link IllegalStateException} when unlabelled. */
    public boolean isFraud() {
        if (label.isEmpty()) {
            throw new IllegalStateException("purchase " + orderId + " has no label");
        }
        return label.getAsInt() == 1;
    }

    /** Labelled legitimate, or unlabelled: what the autoencoder learns "normal" from. */
    public boolean isPresumedLegitimate() {
        return label.isEmpty() || label.getAsInt() == 0;
    }
}
