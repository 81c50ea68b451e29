package io.segmenter.stream.topology;

import io.segmenter.features.FeatureVector;
import io.segmenter.schemas.avro.PurchaseEvent;

/** A purchase with its complete, causal fraud vector: what the fraud scorer reads. */
public record PurchaseFeatures(PurchaseEvent purchase, FeatureVector fraudVector) implements FeatureUpdate {
}
