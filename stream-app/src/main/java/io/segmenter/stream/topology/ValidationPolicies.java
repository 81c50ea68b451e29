package io.segmenter.stream.topology;

import io.segmenter.features.validation.ValidationPolicy;
import io.segmenter.stream.config.SegmenterConfig;
import java.math.BigDecimal;

/** Builds the validation policy from configuration (currency units in config, minor units inside). */
final class ValidationPolicies {

    private ValidationPolicies() {
    }

    static ValidationPolicy from(SegmenterConfig config) {
        return new ValidationPolicy(
                minor(config, "max.unit.price"),
                minor(config, "max.order.amount"),
                config.getInt("max.item.count"),
                config.getDuration("max.clock.skew"),
                config.getInstant("min.event.time"));
    }

    private static long minor(SegmenterConfig config, String key) {
        try {
            return new BigDecimal(config.get(key).trim()).movePointRight(2).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' has value '" + config.get(key)
                    + "', expected an amount in currency units with at most 2 decimals", e);
        }
    }
}
