package io.segmenter.trainer.eval;

import io.segmenter.trainer.Metrics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * How well a score ranks positives above negatives: ROC-AUC, average precision (PR-AUC) and top-decile
 * lift, on the full sample or on a resample given as row indices (with repeats). The full-sample ROC-AUC
 * and average precision are {@link Metrics#rocAuc} and {@link Metrics#averagePrecision}; the row versions
 * compute the same figures on the materialised rows in one pass over a sort made once. Scores are any
 * finite reals, higher meaning more likely positive. Undefined figures are NaN: ROC-AUC without both
 * classes, average precision and lift without positives. Immutable.
 */
public final class RankingMetrics {

    private final double[] scores;
    private final boolean[] positive;
    /** Row indices by score descending, equal scores by index ascending. */
    private final int[] descending;

    private RankingMetrics(double[] scores, boolean[] positive) {
        this.scores = scores;
        this.positive = positive;
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        this.descending = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * @throws IllegalArgumentException on a length mismatch, no rows or a score that is not finite
     */
    public static RankingMetrics of(double[] scores, boolean[] positive) {
        Checks.finite("score", scores);
        Objects.requireNonNull(positive, "positive");
        Checks.sameLength("scores", scores.length, "outcomes", positive.length);
        Checks.nonEmpty("rows", scores.length);
        return new RankingMetrics(scores.clone(), positive.clone());
    }

    public int size() {
        return scores.length;
    }

    /** The share of positive rows. */
    public double baseRate() {
        return baseRate(Checks.allRows(size()));
    }

    public double baseRate(int[] rows) {
        Checks.rowIndices(rows, size());
        long positives = 0;
        for (int r : rows) {
            positives += positive[r] ? 1 : 0;
        }
        return (double) positives / rows.length;
    }

    /** {@link Metrics#rocAuc}, or NaN without both classes. */
    public double rocAuc() {
        return hasBothClasses() ? Metrics.rocAuc(scores, positive) : Double.NaN;
    }

    /** {@link Metrics#rocAuc} of the rows (repeats count as copies), or NaN without both classes. */
    public double rocAuc(int[] rows) {
        int[] count = Checks.multiplicities(rows, size());
        long positives = 0;
        long negatives = 0;
        for (int i = 0; i < count.length; i++) {
            if (positive[i]) {
                positives += count[i];
            } else {
                negatives += count[i];
            }
        }
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        // from the lowest score up: each positive beats the negatives below it and ties half of those level with it
        double concordant = 0;
        long negativesBelow = 0;
        int end = descending.length;
        while (end > 0) {
            int start = end - 1;
            double s = scores[descending[start]];
            while (start > 0 && scores[descending[start - 1]] == s) {
                start--;
            }
            long pos = 0;
            long neg = 0;
            for (int t = start; t < end; t++) {
                int i = descending[t];
                if (positive[i]) {
                    pos += count[i];
                } else {
                    neg += count[i];
                }
            }
            concordant += pos * (negativesBelow + neg / 2.0);
            negativesBelow += neg;
            end = start;
        }
        return concordant / ((double) positives * negatives);
    }

    /** {@link Metrics#averagePrecision}, or NaN without positives. */
    public double averagePrecision() {
        return hasPositive() ? Metrics.averagePrecision(scores, positive) : Double.NaN;
    }

    /** {@link Metrics#averagePrecision} of the rows (repeats count as copies), or NaN without positives. */
    public double averagePrecision(int[] rows) {
        int[] count = Checks.multiplicities(rows, size());
        long positives = 0;
        for (int i = 0; i < count.length; i++) {
            positives += positive[i] ? count[i] : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long truePositives = 0;
        long flagged = 0;
        int start = 0;
        while (start < descending.length) {
            double s = scores[descending[start]];
            long newPositives = 0;
            int t = start;
            while (t < descending.length && scores[descending[t]] == s) {
                int i = descending[t];
                flagged += count[i];
                newPositives += positive[i] ? count[i] : 0;
                t++;
            }
            truePositives += newPositives;
            if (newPositives > 0) {
                ap += (double) newPositives / positives * truePositives / flagged;
            }
            start = t;
        }
        return ap;
    }

    /**
     * Positive rate among the top tenth of rows by score over the positive rate of all rows. The top tenth
     * is the first {@code ceil(n / 10)} rows by score descending, equal scores taken in increasing row index
     * (so a score with many ties at the cut is measured as if the lower-indexed rows ranked higher). NaN
     * without positives.
     */
    public double topDecileLift() {
        return topDecileLift(Checks.allRows(size()));
    }

    /** {@link #topDecileLift()} of the rows, repeats counting as copies (ranked next to each other). */
    public double topDecileLift(int[] rows) {
        int[] count = Checks.multiplicities(rows, size());
        long n = rows.length;
        long positives = 0;
        for (int i = 0; i < count.length; i++) {
            positives += positive[i] ? count[i] : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        long top = (n + 9) / 10;
        long left = top;
        long topPositives = 0;
        for (int t = 0; t < descending.length && left > 0; t++) {
            int i = descending[t];
            long take = Math.min(count[i], left);
            topPositives += positive[i] ? take : 0;
            left -= take;
        }
        return ((double) topPositives / top) / ((double) positives / n);
    }

    private boolean hasPositive() {
        for (boolean p : positive) {
            if (p) {
                return true;
            }
        }
        return false;
    }

    private boolean hasBothClasses() {
        boolean anyNegative = false;
        for (boolean p : positive) {
            anyNegative |= !p;
        }
        return anyNegative && hasPositive();
    }
}
