package io.segmenter.model;

import io.segmenter.features.FeatureUnit;

/**
 * What {@link Standardizer} does to a raw feature value before centring and scaling it, in training
 * and in serving alike (the transform of each feature is stored in {@code normalizers.json} by name).
 *
 * <p>The default choice is by {@link FeatureUnit} ({@link #forUnit}):
 * <ul>
 *   <li>{@code COUNT}, {@code DAYS}, {@code CURRENCY}, {@code HOURS}, {@code MINUTES}:
 *       {@link #SIGNED_LOG1P}. These are non-negative and heavy-tailed (most users have a handful
 *       of events, a few have thousands; spend spans orders of magnitude), so without the log a
 *       few heavy users own every z-score and k-means gives them clusters of their own. For
 *       recency in hours the log also spends resolution where it matters (1 h vs 24 h rather
 *       than 500 h vs 720 h). Signed so that the {@code -1} "unknown" sentinel of the account-age
 *       features stays finite ({@code -ln 2}).</li>
 *   <li>{@code RATIO}, {@code SHARE}, {@code FLAG}, {@code HOUR_OF_DAY}: {@link #IDENTITY}; they
 *       are bounded already.</li>
 *   <li>{@code LOG_CURRENCY}, {@code LOG_SECONDS}: {@link #IDENTITY}; the feature code took the
 *       log already.</li>
 * </ul>
 */
public enum FeatureTransform {
    /** The value as it is. */
    IDENTITY,
    /** {@code sign(x) * ln(1 + |x|)}. */
    SIGNED_LOG1P;

    public double apply(double x) {
        return switch (this) {
            case IDENTITY -> x;
            case SIGNED_LOG1P -> Math.copySign(Math.log1p(Math.abs(x)), x);
        };
    }

    /** The inverse of {@link #apply}. */
    public double invert(double y) {
        return switch (this) {
            case IDENTITY -> y;
            case SIGNED_LOG1P -> Math.copySign(Math.expm1(Math.abs(y)), y);
        };
    }

    /**
     * The transform named {@code name} as stored in {@code normalizers.json}, or null when there is none
     * of that name.
     */
    public static FeatureTransform byName(String name) {
        for (FeatureTransform t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The default transform of a feature of this unit; see the class comment for why. */
    public static FeatureTransform forUnit(FeatureUnit unit) {
        return switch (unit) {
            case COUNT, DAYS, CURRENCY, HOURS, MINUTES -> SIGNED_LOG1P;
            case RATIO, SHARE, FLAG, HOUR_OF_DAY, LOG_CURRENCY, LOG_SECONDS -> IDENTITY;
        };
    }
}
