package io.segmenter.trainer.eval;

import java.util.Locale;

/**
 * A figure with its bootstrap percentile interval.
 *
 * @param point      the figure on the full sample (NaN if undefined there)
 * @param low        2.5th percentile of the defined resample figures (NaN if none was defined)
 * @param high       97.5th percentile of the defined resample figures (NaN if none was defined)
 * @param resamples  resamples drawn
 * @param undefined  resamples on which the figure was NaN and which the percentiles therefore ignore
 */
public record Interval(double point, double low, double high, int resamples, int undefined) {

    public Interval {
        if (resamples < 1) {
            throw new IllegalArgumentException("need at least 1 resample, got " + resamples);
        }
        if (undefined < 0 || undefined > resamples) {
            throw new IllegalArgumentException(undefined + " undefined resamples of " + resamples);
        }
        if (low > high) {
            throw new IllegalArgumentException("low " + low + " is above high " + high);
        }
    }

    /** Whether {@code value} lies outside [low, high]; false when the interval is undefined. */
    public boolean excludes(double value) {
        return value < low || value > high;
    }

    /** {@code "0.712 [0.695, 0.730]"}, plus {@code " (12 of 1000 resamples undefined)"} when some were. */
    public String format(int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals " + decimals + " is negative");
        }
        String f = "%." + decimals + "f";
        String text = String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", point, low, high);
        return undefined == 0 ? text
                : text + String.format(Locale.ROOT, " (%d of %d resamples undefined)", undefined, resamples);
    }
}
