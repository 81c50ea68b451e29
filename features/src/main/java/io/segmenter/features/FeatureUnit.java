package io.segmenter.features;

import java.util.Locale;

/** The unit a feature value is expressed in; {@link #code()} is what JSON and the model bundle show. */
public enum FeatureUnit {
    /** A number of events, orders, sessions or distinct things. */
    COUNT,
    /** A number of distinct calendar days (UTC). */
    DAYS,
    /** A quotient of two counts, clipped to [0, 1] unless its description says otherwise. */
    RATIO,
    /** A share of a whole, in [0, 1]. */
    SHARE,
    /** Money in currency units (minor units / 100). */
    CURRENCY,
    /** {@code ln(1 + x)} of a money amount in currency units. */
    LOG_CURRENCY,
    /** Elapsed time in hours. */
    HOURS,
    /** Elapsed time in minutes. */
    MINUTES,
    /** {@code ln(1 + s)} of an elapsed time in seconds. */
    LOG_SECONDS,
    /** UTC hour of the day, 0..23. */
    HOUR_OF_DAY,
    /** 0 or 1. */
    FLAG;

    /** Kebab-case name, e.g. {@code log-currency}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
