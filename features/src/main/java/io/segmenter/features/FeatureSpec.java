package io.segmenter.features;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One feature of a vector.
 *
 * @param name        snake_case; a windowed feature ends with its window ({@code _10m}, {@code _24h}, {@code _30d})
 * @param unit        unit of the value
 * @param window      the time window the value covers, or {@code null} for point-in-time and lifetime values
 * @param description one line for an analyst
 */
public record FeatureSpec(String name, FeatureUnit unit, Duration window, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    public FeatureSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(description, "description");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feature name is not snake_case: " + name);
        }
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("window must be positive: " + name);
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("description is blank: " + name);
        }
    }

    /** The window as the name suffix writes it ({@code 1m}, {@code 10m}, {@code 1h}, {@code 24h}, {@code 7d}, {@code 30d}), or {@code null}. */
    public String windowLabel() {
        return window == null ? null : windowLabel(window);
    }

    static String windowLabel(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 86_400 == 0 && seconds >= 7 * 86_400) {
            return (seconds / 86_400) + "d";
        }
        if (seconds % 3_600 == 0) {
            return (seconds / 3_600) + "h";
        }
        if (seconds % 60 == 0) {
            return (seconds / 60) + "m";
        }
        return seconds + "s";
    }
}
