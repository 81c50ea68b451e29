package io.segmenter.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns an autoencoder's reconstruction error into a score in [0, 1]: the empirical CDF of the
 * errors seen in training, stored as {@code m} evenly spaced quantiles ({@code quantiles[j]} is the
 * {@code j/(m-1)} quantile) and interpolated linearly between them. Monotone non-decreasing in the
 * error; 0 at or below the smallest training error, 1 at or above the largest. A score of 0.99
 * reads "higher than 99% of training purchases". Immutable.
 */
public record ScoreCalibration(double[] quantiles) {

    /** Quantile points the trainer should store unless it has a reason not to. */
    public static final int DEFAULT_POINTS = 1001;

    public ScoreCalibration {
        Objects.requireNonNull(quantiles, "quantiles");
        quantiles = quantiles.clone();
    }

    /** The empirical quantiles of {@code errors} at {@code points} evenly spaced probabilities (linear interpolation). */
    public static ScoreCalibration fit(double[] errors, int points) {
        if (errors.length == 0) {
            throw new IllegalArgumentException("cannot calibrate on no errors");
        }
        if (points < 2) {
            throw new IllegalArgumentException("need at least 2 quantile points, got " + points);
        }
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double[] q = new double[points];
        for (int j = 0; j < points; j++) {
            double pos = (double) j / (points - 1) * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            q[j] = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
        return new ScoreCalibration(q);
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    public int points() {
        return quantiles.length;
    }

    /** Null when usable, else what is wrong. */
    String problem() {
        if (quantiles.length < 2) {
            return "needs at least 2 quantiles, has " + quantiles.length;
        }
        for (int j = 0; j < quantiles.length; j++) {
            if (!Double.isFinite(quantiles[j]) || quantiles[j] < 0) {
                return "quantile " + j + " is " + quantiles[j] + " (errors are finite and non-negative)";
            }
            if (j > 0 && quantiles[j] < quantiles[j - 1]) {
                return "quantiles are not sorted at index " + j;
            }
        }
        return null;
    }

    /** The calibrated score of a reconstruction error, in [0, 1]. */
    public double score(double error) {
        int last = quantiles.length - 1;
        if (Double.isNaN(error)) {
            return 1.0;
        }
        if (error < quantiles[0]) {
            return 0.0;
        }
        if (error >= quantiles[last]) {
            return 1.0;
        }
        // the last index whose quantile is <= error (right-continuous over ties), then interpolate to the next
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (quantiles[mid] <= error) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double span = quantiles[hi] - quantiles[lo];
        double within = span > 0 ? (error - quantiles[lo]) / span : 0.0;
        return (lo + within) / last;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreCalibration other && Arrays.equals(quantiles, other.quantiles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(quantiles);
    }

    @Override
    public String toString() {
        return "ScoreCalibration[" + quantiles.length + " quantiles]";
    }
}
