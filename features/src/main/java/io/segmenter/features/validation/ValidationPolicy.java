package io.segmenter.features.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Limits of {@link EventValidator}. Money in minor units (cents).
 *
 * @param maxUnitPriceMinor   highest plausible unit price (click price, line unit price)
 * @param maxOrderAmountMinor highest plausible order total
 * @param maxItemCount        highest plausible number of units in an order or line
 * @param maxClockSkew        how far an event time may lie after "now", and an account creation after its purchase
 * @param oldestEventTime     event times before this are rejected
 */
public record ValidationPolicy(
        long maxUnitPriceMinor, long maxOrderAmountMinor, int maxItemCount, Duration maxClockSkew,
        Instant oldestEventTime) {

    /** 1,000,000.00 per unit, 10,000,000.00 per order, 10,000 units, 5 minutes skew, nothing before 1990-01-01. */
    public static final ValidationPolicy DEFAULTS = new ValidationPolicy(
            100_000_000L, 1_000_000_000L, 10_000, Duration.ofMinutes(5), Instant.parse("1990-01-01T00:00:00Z"));

    public ValidationPolicy {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        Objects.requireNonNull(oldestEventTime, "oldestEventTime");
        if (maxUnitPriceMinor <= 0 || maxOrderAmountMinor <= 0 || maxItemCount < 1 || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("limits must be positive: " + maxUnitPriceMinor + ", "
                    + maxOrderAmountMinor + ", " + maxItemCount + ", " + maxClockSkew);
        }
    }

    public ValidationPolicy withMaxClockSkew(Duration skew) {
        return new ValidationPolicy(maxUnitPriceMinor, maxOrderAmountMinor, maxItemCount, skew, oldestEventTime);
    }

    public ValidationPolicy withOldestEventTime(Instant oldest) {
        return new ValidationPolicy(maxUnitPriceMinor, maxOrderAmountMinor, maxItemCount, maxClockSkew, oldest);
    }
}
