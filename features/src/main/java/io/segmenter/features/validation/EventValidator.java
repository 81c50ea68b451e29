package io.segmenter.features.validation;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Domain checks on decoded input events, before they reach feature state. The first failing
 * check wins, in the order of the methods below. Stateless and thread-safe; the stream and the
 * offline replay use the same instance rules, so both drop the same events.
 *
 * <p>Account creation after the purchase: within {@link ValidationPolicy#maxClockSkew()} it is
 * taken as clock skew between systems (the account age then reads 0); beyond it the record is
 * inconsistent and rejected rather than fed to the fraud model as a negative age.
 */
public final class EventValidator {

    private final ValidationPolicy policy;

    public EventValidator(ValidationPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** With {@link ValidationPolicy#DEFAULTS}. */
    public EventValidator() {
        this(ValidationPolicy.DEFAULTS);
    }

    public ValidationPolicy policy() {
        return policy;
    }

    /** {@code nowMillis}: wall-clock time of processing, for the future-timestamp check. */
    public Optional<Rejection> validate(ClickEvent e, long nowMillis) {
        if (blank(e.getEventId())) {
            return reject(RejectionReason.MISSING_EVENT_ID, "eventId is empty");
        }
        if (blank(e.getUserId())) {
            return reject(RejectionReason.MISSING_USER_ID, "userId is empty");
        }
        if (e.getType() == null || e.getType() == ClickType.UNKNOWN) {
            return reject(RejectionReason.UNKNOWN_EVENT_TYPE, "click type " + e.getType());
        }
        Long price = e.getPriceMinor();
        if (price != null) {
            Optional<Rejection> r = checkPrice(price, policy.maxUnitPriceMinor(), "priceMinor");
            if (r.isPresent()) {
                return r;
            }
        }
        return checkTime(e.getEventTime(), nowMillis);
    }

    public Optional<Rejection> validate(PurchaseEvent e, long nowMillis) {
        if (blank(e.getEventId())) {
            return reject(RejectionReason.MISSING_EVENT_ID, "eventId is empty");
        }
        if (blank(e.getUserId())) {
            return reject(RejectionReason.MISSING_USER_ID, "userId is empty");
        }
        if (blank(e.getOrderId())) {
            return reject(RejectionReason.MISSING_ORDER_ID, "orderId is empty");
        }
        Optional<Rejection> amount = checkPrice(e.getAmountMinor(), policy.maxOrderAmountMinor(), "amountMinor");
        if (amount.isPresent()) {
            return amount;
        }
        if (e.getItemCount() < 1 || e.getItemCount() > policy.maxItemCount()) {
            return reject(RejectionReason.INVALID_ITEM_COUNT, "itemCount " + e.getItemCount());
        }
        List<LineItem> lines = e.getLineItems();
        if (lines != null) {
            for (int i = 0; i < lines.size(); i++) {
                LineItem line = lines.get(i);
                Optional<Rejection> r = checkPrice(line.getUnitPriceMinor(), policy.maxUnitPriceMinor(),
                        "lineItems[" + i + "].unitPriceMinor");
                if (r.isPresent()) {
                    return r;
                }
                if (line.getQuantity() < 1 || line.getQuantity() > policy.maxItemCount()) {
                    return reject(RejectionReason.INVALID_ITEM_COUNT, "lineItems[" + i + "].quantity " + line.getQuantity());
                }
            }
        }
        Optional<Rejection> time = checkTime(e.getEventTime(), nowMillis);
        if (time.isPresent()) {
            return time;
        }
        Instant created = e.getAccountCreatedTime();
        if (created != null && created.toEpochMilli() > saturatedAdd(e.getEventTime().toEpochMilli(), skewMillis())) {
            return reject(RejectionReason.ACCOUNT_CREATED_AFTER_PURCHASE,
                    "accountCreatedTime " + created + " after eventTime " + e.getEventTime());
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkPrice(long minor, long max, String field) {
        if (minor < 0) {
            return reject(RejectionReason.NEGATIVE_PRICE, field + " " + minor);
        }
        if (minor > max) {
            return reject(RejectionReason.ABSURD_PRICE, field + " " + minor + " > " + max);
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkTime(Instant eventTime, long nowMillis) {
        if (eventTime == null) {
            return reject(RejectionReason.TIMESTAMP_TOO_OLD, "eventTime is missing");
        }
        long t = eventTime.toEpochMilli();
        if (t > saturatedAdd(nowMillis, skewMillis())) {
            return reject(RejectionReason.TIMESTAMP_IN_FUTURE, "eventTime " + eventTime + " after now "
                    + Instant.ofEpochMilli(nowMillis) + " + " + policy.maxClockSkew());
        }
        if (eventTime.isBefore(policy.oldestEventTime())) {
            return reject(RejectionReason.TIMESTAMP_TOO_OLD, "eventTime " + eventTime + " before "
                    + policy.oldestEventTime());
        }
        return Optional.empty();
    }

    private long skewMillis() {
        return policy.maxClockSkew().toMillis();
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Rejection> reject(RejectionReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
