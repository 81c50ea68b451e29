package io.segmenter.features.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why an input event was not folded into features. {@link #code()} is the stable kebab-case value
 * of the dead-letter {@code reason} header and of metric tags; never rename one.
 */
public enum RejectionReason {
    MISSING_USER_ID,
    MISSING_EVENT_ID,
    MISSING_ORDER_ID,
    /** A click whose type is {@code UNKNOWN} (a symbol this reader does not know). */
    UNKNOWN_EVENT_TYPE,
    NEGATIVE_PRICE,
    /** Above {@link ValidationPolicy#maxUnitPriceMinor()} or {@link ValidationPolicy#maxOrderAmountMinor()}. */
    ABSURD_PRICE,
    INVALID_ITEM_COUNT,
    TIMESTAMP_IN_FUTURE,
    TIMESTAMP_TOO_OLD,
    /** Account created more than the allowed clock skew after the purchase. */
    ACCOUNT_CREATED_AFTER_PURCHASE,
    // Set by the stream itself, not by EventValidator:
    /** Bytes that do not deserialize. */
    UNDECODABLE,
    /** Event time older than stream time minus the grace period. */
    LATE_EVENT,
    /** An exception inside an operator. */
    PROCESSING_ERROR,
    /** An eventId already processed. */
    DUPLICATE_EVENT,
    /** The record key is not the event's user id (state is partitioned by key). */
    KEY_MISMATCH,
    /** A record with no value (a tombstone) on an input topic. */
    EMPTY_VALUE,
    /** A value larger than the configured maximum event size, rejected before it is decoded. */
    OVERSIZED;

    private static final Map<String, RejectionReason> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RejectionReason::code, Function.identity()));

    /** Kebab-case code, e.g. {@code missing-user-id}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The reason with this code; {@link IllegalArgumentException} for an unknown one. */
    public static RejectionReason fromCode(String code) {
        RejectionReason reason = BY_CODE.get(code);
        if (reason == null) {
            throw new IllegalArgumentException("unknown rejection reason code: " + code);
        }
        return reason;
    }
}
