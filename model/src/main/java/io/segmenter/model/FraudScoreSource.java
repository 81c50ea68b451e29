package io.segmenter.model;

/** Which number the fraud threshold is compared to; stored in the bundle. */
public enum FraudScoreSource {
    /** The calibrated reconstruction score of the autoencoder (unsupervised). */
    RECONSTRUCTION,
    /** The fraud probability of the supervised head; only for bundles that have one. */
    SUPERVISED
}
