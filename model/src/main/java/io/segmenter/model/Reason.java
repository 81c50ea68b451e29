package io.segmenter.model;

/**
 * One feature behind a decision, for people: the shape of {@code SegmentChange.reasons} and
 * {@code FraudAnomaly.contributions}.
 *
 * @param feature feature name from the definition
 * @param value   the scored value, in the feature's unit
 * @param typical the segment's mean (segment reasons) or the training mean (fraud reasons), same unit
 * @param weight  how strongly it counts: the alignment score for segments, the share of the
 *                reconstruction error (0..1) for fraud
 * @param text    one sentence, e.g. {@code distinct UTC days with an order in the last 30 days: 6 (segment typical: 5)}
 */
public record Reason(String feature, double value, double typical, double weight, String text) {
}
