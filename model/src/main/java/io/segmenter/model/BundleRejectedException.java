package io.segmenter.model;

import java.util.Objects;

/**
 * A model bundle failed validation and was not loaded. {@link #reason()} says which check failed,
 * the message says what exactly; nothing of the bundle is usable.
 */
public final class BundleRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which check rejected the bundle, in the order {@link BundleValidator} runs them. */
    public enum Reason {
        /** Not a zip archive, an empty or oversized archive, a duplicate or badly named entry. */
        UNREADABLE,
        /** The bytes do not have the SHA-256 the release announced ({@code ModelRelease.checksumSha256}). */
        FILE_CHECKSUM_MISMATCH,
        /** A required entry is absent. */
        MISSING_ENTRY,
        /** An entry this format version does not define. */
        UNEXPECTED_ENTRY,
        /** The content checksum does not match the entries (tampered or truncated), or is malformed. */
        CHECKSUM_MISMATCH,
        /** The manifest or a JSON entry does not parse, or a required field is missing. */
        MALFORMED_MANIFEST,
        /** The bundle's format version is not one this code reads. */
        UNSUPPORTED_FORMAT_VERSION,
        /** The bundle was trained on a different feature definition than the running one. */
        FEATURE_HASH_MISMATCH,
        /** Segment catalogue empty, duplicated ids, unknown feature names, missing or non-finite means. */
        INVALID_CATALOGUE,
        /**
         * A normalizer lacks a field (names, transforms, mean, std, constant), has the wrong width or names,
         * an unknown transform, a non-finite mean or a non-positive standard deviation.
         */
        INVALID_NORMALIZER,
        /** The fraud threshold is outside [0, 1] or names a score the bundle cannot produce. */
        INVALID_THRESHOLD,
        /** The anomaly calibration is empty, unsorted or non-finite. */
        INVALID_CALIBRATION,
        /** A network's configuration or parameters do not restore, or its output layer is of the wrong kind. */
        MALFORMED_NETWORK,
        /** A network's input or output width does not match the feature definition or the catalogue. */
        SHAPE_MISMATCH,
        /** Golden cases absent, of the wrong width or non-finite. */
        INVALID_GOLDEN,
        /** The loaded networks do not reproduce the golden outputs within tolerance. */
        GOLDEN_MISMATCH
    }

    private final Reason reason;

    public BundleRejectedException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    public BundleRejectedException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
