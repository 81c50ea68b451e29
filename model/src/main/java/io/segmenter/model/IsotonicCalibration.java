package io.segmenter.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A monotone map from a raw score to a calibrated value, fitted by pool-adjacent-violators (PAV).
 * Stored as breakpoints: {@code thresholds[j]} is the weighted mean score of the j-th pooled block
 * (strictly increasing), {@code values[j]} its weighted mean target (non-decreasing). Applied by linear
 * interpolation between breakpoints and flat outside them, so the map is continuous and
 * non-decreasing. Immutable; arrays are copied in and out.
 *
 * <p>{@link Range#PROBABILITY} (from {@link #fitProbabilities}) keeps every value in [0, 1];
 * {@link Range#NON_NEGATIVE} (from {@link #fitMeans}, for expected counts) only requires values
 * {@code >= 0}. The constructor accepts anything non-null; {@link #problem()} says whether it is
 * usable, and {@link #apply} assumes it is.
 */
public record IsotonicCalibration(Range range, double[] thresholds, double[] values) {

    /** The constraint on {@link #values()}. */
    public enum Range {
        /** Values are probabilities, in [0, 1]. */
        PROBABILITY,
        /** Values are means of a non-negative target (e.g. counts), {@code >= 0}, unbounded above. */
        NON_NEGATIVE
    }

    public IsotonicCalibration {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(values, "values");
        thresholds = thresholds.clone();
        values = values.clone();
    }

    /** PAV fit of 0/1 outcomes on scores, every row weighing one. */
    public static IsotonicCalibration fitProbabilities(double[] scores, boolean[] outcomes) {
        return fitProbabilities(scores, outcomes, null);
    }

    /**
     * PAV fit of 0/1 outcomes on scores with row weights ({@code null}: all 1). Zero-weight rows are
     * ignored.
     *
     * @throws IllegalArgumentException on a length mismatch, no rows, a score that is not finite, or a weight that is
     *                                  negative or not finite, or weights summing to zero
     */
    public static IsotonicCalibration fitProbabilities(double[] scores, boolean[] outcomes, double[] weights) {
        Objects.requireNonNull(outcomes, "outcomes");
        double[] targets = new double[outcomes.length];
        for (int i = 0; i < outcomes.length; i++) {
            targets[i] = outcomes[i] ? 1.0 : 0.0;
        }
        return fit(Range.PROBABILITY, scores, targets, weights);
    }

    /** PAV fit of a non-negative target (e.g. counts) on scores, every row weighing one. */
    public static IsotonicCalibration fitMeans(double[] scores, double[] targets) {
        return fitMeans(scores, targets, null);
    }

    /**
     * PAV fit of a non-negative real target on scores with row weights ({@code null}: all 1): each
     * block's value is the weighted mean target, not clipped above.
     *
     * @throws IllegalArgumentException as {@link #fitProbabilities(double[], boolean[], double[])}, and
     *                                  on a target that is negative or not finite
     */
    public static IsotonicCalibration fitMeans(double[] scores, double[] targets, double[] weights) {
        Objects.requireNonNull(targets, "targets");
        for (int i = 0; i < targets.length; i++) {
            if (!(Double.isFinite(targets[i]) && targets[i] >= 0)) {
                throw new IllegalArgumentException("target " + i + " is " + targets[i] + " (must be finite and >= 0)");
            }
        }
        return fit(Range.NON_NEGATIVE, scores, targets, weights);
    }

    private static IsotonicCalibration fit(Range range, double[] scores, double[] targets, double[] weights) {
        Objects.requireNonNull(scores, "scores");
        int n = scores.length;
        if (targets.length != n) {
            throw new IllegalArgumentException(n + " scores but " + targets.length + " targets");
        }
        if (weights != null && weights.length != n) {
            throw new IllegalArgumentException(n + " scores but " + weights.length + " weights");
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot calibrate on no rows");
        }
        double totalWeight = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is " + scores[i] + " (must be finite)");
            }
            double w = weights == null ? 1.0 : weights[i];
            if (!(Double.isFinite(w) && w >= 0)) {
                throw new IllegalArgumentException("weight " + i + " is " + w + " (must be finite and >= 0)");
            }
            totalWeight += w;
        }
        if (!(totalWeight > 0)) {
            throw new IllegalArgumentException("the weights sum to zero");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));

        // blocks on a stack (weight, weighted score sum, weighted target sum); rows with equal scores are
        // pooled into one point before PAV sees them, so the blocks do not depend on the order of ties
        double[] blockWeight = new double[n];
        double[] blockScoreSum = new double[n];
        double[] blockTargetSum = new double[n];
        int blocks = 0;
        int t = 0;
        while (t < n) {
            double score = scores[order[t]];
            double w = 0;
            double targetSum = 0;
            while (t < n && scores[order[t]] == score) {
                int i = order[t];
                double wi = weights == null ? 1.0 : weights[i];
                w += wi;
                targetSum += wi * targets[i];
                t++;
            }
            if (w == 0) {
                continue;
            }
            blockWeight[blocks] = w;
            blockScoreSum[blocks] = w * score;
            blockTargetSum[blocks] = targetSum;
            blocks++;
            // pool while the block below has a higher mean than the top one
            while (blocks > 1 && blockTargetSum[blocks - 2] * blockWeight[blocks - 1]
                    > blockTargetSum[blocks - 1] * blockWeight[blocks - 2]) {
                blockWeight[blocks - 2] += blockWeight[blocks - 1];
                blockScoreSum[blocks - 2] += blockScoreSum[blocks - 1];
                blockTargetSum[blocks - 2] += blockTargetSum[blocks - 1];
                blocks--;
            }
        }
        double[] x = new double[blocks];
        double[] y = new double[blocks];
        for (int j = 0; j < blocks; j++) {
            x[j] = blockScoreSum[j] / blockWeight[j];
            y[j] = blockTargetSum[j] / blockWeight[j];
            if (range == Range.PROBABILITY) {
                y[j] = Math.min(1.0, Math.max(0.0, y[j])); // rounding only
            }
        }
        return new IsotonicCalibration(range, x, y);
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int breakpoints() {
        return thresholds.length;
    }

    /** Null when usable, else what is wrong. */
    public String problem() {
        if (thresholds.length != values.length) {
            return thresholds.length + " thresholds but " + values.length + " values";
        }
        if (thresholds.length == 0) {
            return "needs at least 1 breakpoint, has 0";
        }
        for (int j = 0; j < thresholds.length; j++) {
            if (!Double.isFinite(thresholds[j])) {
                return "threshold " + j + " is " + thresholds[j] + " (must be finite)";
            }
            if (!Double.isFinite(values[j])) {
                return "value " + j + " is " + values[j] + " (must be finite)";
            }
            if (values[j] < 0 || (range == Range.PROBABILITY && values[j] > 1)) {
                return "value " + j + " is " + values[j] + (range == Range.PROBABILITY ? " (not in [0, 1])" : " (negative)");
            }
            if (j > 0 && !(thresholds[j] > thresholds[j - 1])) {
                return "thresholds are not strictly increasing at index " + j;
            }
            if (j > 0 && values[j] < values[j - 1]) {
                return "values decrease at index " + j;
            }
        }
        return null;
    }

    /**
     * The calibrated value of a score: linear between the breakpoints, the first value at or below the
     * first threshold, the last value at or above the last. Assumes {@link #problem()} is null.
     *
     * @throws IllegalArgumentException if the score is NaN
     */
    public double apply(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        int last = thresholds.length - 1;
        if (score <= thresholds[0]) {
            return values[0];
        }
        if (score >= thresholds[last]) {
            return values[last];
        }
        // thresholds[lo] < score < thresholds[hi] = thresholds[lo + 1]
        int lo = 0;
        int hi = last;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] <= score) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double within = (score - thresholds[lo]) / (thresholds[hi] - thresholds[lo]);
        return values[lo] + within * (values[hi] - values[lo]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsotonicCalibration other && range == other.range
                && Arrays.equals(thresholds, other.thresholds) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * range.hashCode() + Arrays.hashCode(thresholds)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IsotonicCalibration[%s, %d breakpoints]", range, thresholds.length);
    }
}
