package io.segmenter.features.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.AvroTestSupport;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2024-03-04T12:00:00Z");
    private static final long NOW_MILLIS = NOW.toEpochMilli();
    private final EventValidator validator = new EventValidator();

    static {
        AvroTestSupport.trustGeneratedClasses();
    }

    private static ClickEvent.Builder click() {
        return ClickEvent.newBuilder().setEventId("e1").setUserId("u1").setType(ClickType.VIEW).setEventTime(NOW);
    }

    private static PurchaseEvent.Builder purchase() {
        return PurchaseEvent.newBuilder().setEventId("e2").setOrderId("o1").setUserId("u1").setAmountMinor(1_000)
                .setItemCount(1).setEventTime(NOW);
    }

    private static LineItem line(int quantity, long unitPriceMinor) {
        return LineItem.newBuilder().setProductId("p").setQuantity(quantity).setUnitPriceMinor(unitPriceMinor).build();
    }

    private Optional<RejectionReason> reason(ClickEvent e) {
        return validator.validate(e, NOW_MILLIS).map(Rejection::reason);
    }

    private Optional<RejectionReason> reason(PurchaseEvent e) {
        return validator.validate(e, NOW_MILLIS).map(Rejection::reason);
    }

    @Test
    void acceptsValidEvents() {
        assertThat(validator.validate(click().setPriceMinor(0L).build(), NOW_MILLIS)).isEmpty();
        assertThat(validator.validate(purchase().setLineItems(List.of(line(2, 500)))
                .setAccountCreatedTime(NOW.minusSeconds(1)).build(), NOW_MILLIS)).isEmpty();
    }

    @Test
    void rejectsAMissingOrBlankUserId() {
        assertThat(reason(click().setUserId("").build())).contains(RejectionReason.MISSING_USER_ID);
        assertThat(reason(purchase().setUserId("  ").build())).contains(RejectionReason.MISSING_USER_ID);
    }

    @Test
    void rejectsAMissingEventIdAndOrderId() {
        assertThat(reason(click().setEventId("").build())).contains(RejectionReason.MISSING_EVENT_ID);
        assertThat(reason(purchase().setEventId("").build())).contains(RejectionReason.MISSING_EVENT_ID);
        assertThat(reason(purchase().setOrderId(" ").build())).contains(RejectionReason.MISSING_ORDER_ID);
    }

    @Test
    void rejectsAnUnknownClickType() {
        assertThat(reason(click().setType(ClickType.UNKNOWN).build())).contains(RejectionReason.UNKNOWN_EVENT_TYPE);
    }

    @Test
    void rejectsNegativePrices() {
        assertThat(reason(click().setPriceMinor(-1L).build())).contains(RejectionReason.NEGATIVE_PRICE);
        assertThat(reason(purchase().setAmountMinor(-1).build())).contains(RejectionReason.NEGATIVE_PRICE);
        assertThat(reason(purchase().setLineItems(List.of(line(1, -5))).build())).contains(RejectionReason.NEGATIVE_PRICE);
    }

    @Test
    void rejectsAbsurdPricesAboveTheConfiguredLimits() {
        assertThat(reason(click().setPriceMinor(100_000_000L).build())).isEmpty();
        assertThat(reason(click().setPriceMinor(100_000_001L).build())).contains(RejectionReason.ABSURD_PRICE);
        assertThat(reason(purchase().setAmountMinor(1_000_000_000L).build())).isEmpty();
        assertThat(reason(purchase().setAmountMinor(1_000_000_001L).build())).contains(RejectionReason.ABSURD_PRICE);
        assertThat(reason(purchase().setLineItems(List.of(line(1, 100_000_001L))).build()))
                .contains(RejectionReason.ABSURD_PRICE);
        EventValidator strict = new EventValidator(new ValidationPolicy(1_000, 5_000, 10, Duration.ofMinutes(5),
                ValidationPolicy.DEFAULTS.oldestEventTime()));
        assertThat(strict.validate(click().setPriceMinor(1_001L).build(), NOW_MILLIS).map(Rejection::reason))
                .contains(RejectionReason.ABSURD_PRICE);
    }

    @Test
    void rejectsInvalidItemCounts() {
        assertThat(reason(purchase().setItemCount(0).build())).contains(RejectionReason.INVALID_ITEM_COUNT);
        assertThat(reason(purchase().setItemCount(10_001).build())).contains(RejectionReason.INVALID_ITEM_COUNT);
        assertThat(reason(purchase().setItemCount(10_000).build())).isEmpty();
        assertThat(reason(purchase().setLineItems(List.of(line(0, 5))).build())).contains(RejectionReason.INVALID_ITEM_COUNT);
    }

    @Test
    void rejectsTimestampsBeyondTheAllowedSkewIntoTheFuture() {
        Instant edge = NOW.plus(Duration.ofMinutes(5));
        assertThat(reason(click().setEventTime(edge).build())).isEmpty();
        assertThat(reason(click().setEventTime(edge.plusMillis(1)).build())).contains(RejectionReason.TIMESTAMP_IN_FUTURE);
        assertThat(reason(purchase().setEventTime(edge.plusMillis(1)).build())).contains(RejectionReason.TIMESTAMP_IN_FUTURE);
        assertThat(new EventValidator().validate(click().build(), Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void rejectsTimestampsBeforeTheFloor() {
        Instant floor = Instant.parse("1990-01-01T00:00:00Z");
        assertThat(reason(click().setEventTime(floor).build())).isEmpty();
        assertThat(reason(click().setEventTime(floor.minusMillis(1)).build())).contains(RejectionReason.TIMESTAMP_TOO_OLD);
        assertThat(reason(purchase().setEventTime(Instant.EPOCH).build())).contains(RejectionReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void rejectsAnAccountCreatedAfterThePurchaseBeyondTheSkew() {
        assertThat(reason(purchase().setAccountCreatedTime(NOW.plus(Duration.ofMinutes(5))).build())).isEmpty();
        assertThat(reason(purchase().setAccountCreatedTime(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)).build()))
                .contains(RejectionReason.ACCOUNT_CREATED_AFTER_PURCHASE);
    }

    @Test
    void theDetailSaysWhatWasWrong() {
        assertThat(validator.validate(click().setPriceMinor(-7L).build(), NOW_MILLIS))
                .hasValueSatisfying(r -> assertThat(r.detail()).contains("priceMinor -7"));
    }

    @Test
    void reasonCodesAreStableKebabCase() {
        assertThat(Arrays.stream(RejectionReason.values()).map(RejectionReason::code)).containsExactly(
                "missing-user-id", "missing-event-id", "missing-order-id", "unknown-event-type", "negative-price",
                "absurd-price", "invalid-item-count", "timestamp-in-future", "timestamp-too-old",
                "account-created-after-purchase", "undecodable", "late-event", "processing-error", "duplicate-event",
                "key-mismatch", "empty-value", "oversized");
        assertThat(RejectionReason.fromCode("late-event")).isEqualTo(RejectionReason.LATE_EVENT);
        assertThatThrownBy(() -> RejectionReason.fromCode("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyRejectsNonPositiveLimits() {
        assertThatThrownBy(() -> new ValidationPolicy(0, 1, 1, Duration.ZERO, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ValidationPolicy.DEFAULTS.withMaxClockSkew(Duration.ZERO).maxClockSkew()).isZero();
    }
}
