package io.segmenter.trainer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Predicted probabilities against 0/1 outcomes: the ranking figures of {@link RankingMetrics} plus the
 * Brier score, the expected calibration error (ECE) and its reliability table, each on the full sample or
 * on a resample given as row indices (with repeats counting as copies). Calibration uses
 * {@value #BINS} equal-width bins, row with probability p in bin {@code min(floor(10 p), 9)}; ECE is
 * {@code sum over bins of count/n * |mean predicted - observed rate|}. Undefined figures are NaN as in
 * {@link RankingMetrics}; Brier and ECE are always defined. Immutable.
 */
public final class ProbabilityMetrics {

    public static final int BINS = 10;

    private final double[] probabilities;
    private final boolean[] positive;
    private final RankingMetrics ranking;

    private ProbabilityMetrics(double[] probabilities, boolean[] positive) {
        this.probabilities = probabilities;
        this.positive = positive;
        this.ranking = RankingMetrics.of(probabilities, positive);
    }

    /**
     * @throws IllegalArgumentException on a length mismatch, no rows, or a probability that is not finite
     *                                  or not in [0, 1]
     */
    public static ProbabilityMetrics of(double[] probabilities, boolean[] positive) {
        Checks.probabilities("probability", probabilities);
        Objects.requireNonNull(positive, "positive");
        Checks.sameLength("probabilities", probabilities.length, "outcomes", positive.length);
        Checks.nonEmpty("rows", probabilities.length);
        return new ProbabilityMetrics(probabilities.clone(), positive.clone());
    }

    public int size() {
        return probabilities.length;
    }

    /** The ranking figures of the same probabilities and outcomes. */
    public RankingMetrics ranking() {
        return ranking;
    }

    public double rocAuc() {
        return ranking.rocAuc();
    }

    public double rocAuc(int[] rows) {
        return ranking.rocAuc(rows);
    }

    public double averagePrecision() {
        return ranking.averagePrecision();
    }

    public double averagePrecision(int[] rows) {
        return ranking.averagePrecision(rows);
    }

    public double topDecileLift() {
        return ranking.topDecileLift();
    }

    public double topDecileLift(int[] rows) {
        return ranking.topDecileLift(rows);
    }

    /** Mean of (p - y)^2, y being 1 for a positive. */
    public double brierScore() {
        return brierScore(Checks.allRows(size()));
    }

    public double brierScore(int[] rows) {
        Checks.rowIndices(rows, size());
        double sum = 0;
        for (int r : rows) {
            double error = probabilities[r] - (positive[r] ? 1 : 0);
            sum += error * error;
        }
        return sum / rows.length;
    }

    /** Expected calibration error over {@value #BINS} equal-width bins, weighted by rows per bin. */
    public double expectedCalibrationError() {
        return expectedCalibrationError(Checks.allRows(size()));
    }

    public double expectedCalibrationError(int[] rows) {
        Checks.rowIndices(rows, size());
        double[] predictedSum = new double[BINS];
        double[] positiveSum = new double[BINS];
        for (int r : rows) {
            int bin = bin(probabilities[r]);
            predictedSum[bin] += probabilities[r];
            positiveSum[bin] += positive[r] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            ece += Math.abs(predictedSum[b] - positiveSum[b]); // count_b * |mean_b - rate_b|
        }
        return ece / rows.length;
    }

    /** The {@value #BINS} bins behind {@link #expectedCalibrationError()}, lowest first, empty ones included. */
    public List<ReliabilityBin> reliability() {
        return reliability(Checks.allRows(size()));
    }

    public List<ReliabilityBin> reliability(int[] rows) {
        Checks.rowIndices(rows, size());
        long[] count = new long[BINS];
        double[] predictedSum = new double[BINS];
        double[] positiveSum = new double[BINS];
        for (int r : rows) {
            int bin = bin(probabilities[r]);
            count[bin]++;
            predictedSum[bin] += probabilities[r];
            positiveSum[bin] += positive[r] ? 1 : 0;
        }
        List<ReliabilityBin> table = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            double mean = count[b] == 0 ? Double.NaN : predictedSum[b] / count[b];
            double rate = count[b] == 0 ? Double.NaN : positiveSum[b] / count[b];
            table.add(new ReliabilityBin((double) b / BINS, (double) (b + 1) / BINS, count[b], mean, rate));
        }
        return List.copyOf(table);
    }

    private static int bin(double p) {
        return Math.min(BINS - 1, (int) Math.floor(p * BINS));
    }
}
