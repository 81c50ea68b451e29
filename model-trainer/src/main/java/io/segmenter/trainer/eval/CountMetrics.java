package io.segmenter.trainer.eval;

import java.util.Objects;

/**
 * Predicted expected counts against actual counts (both finite and non-negative): RMSE, MAE, the totals
 * and their ratio, and the top-decile lift of "any event" (actual > 0) ranked by the prediction (see
 * {@link RankingMetrics#topDecileLift()} for the cut and its ties). Each on the full sample or on a
 * resample given as row indices, repeats counting as copies. NaN where undefined: the ratio when nothing
 * happened, the lift when no row had an event. Immutable.
 */
public final class CountMetrics {

    private final double[] predicted;
    private final double[] actual;
    private final RankingMetrics anyEvent;

    private CountMetrics(double[] predicted, double[] actual) {
        this.predicted = predicted;
        this.actual = actual;
        boolean[] happened = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            happened[i] = actual[i] > 0;
        }
        this.anyEvent = RankingMetrics.of(predicted, happened);
    }

    /**
     * @throws IllegalArgumentException on a length mismatch, no rows, or a value that is not finite or is
     *                                  negative
     */
    public static CountMetrics of(double[] predicted, double[] actual) {
        Checks.finiteNonNegative("prediction", predicted);
        Checks.finiteNonNegative("actual count", Objects.requireNonNull(actual, "actual"));
        Checks.sameLength("predictions", predicted.length, "actual counts", actual.length);
        Checks.nonEmpty("rows", predicted.length);
        return new CountMetrics(predicted.clone(), actual.clone());
    }

    public int size() {
        return predicted.length;
    }

    /** Root mean squared error. */
    public double rmse() {
        return rmse(Checks.allRows(size()));
    }

    public double rmse(int[] rows) {
        Checks.rowIndices(rows, size());
        double sum = 0;
        for (int r : rows) {
            double error = predicted[r] - actual[r];
            sum += error * error;
        }
        return Math.sqrt(sum / rows.length);
    }

    /** Mean absolute error. */
    public double mae() {
        return mae(Checks.allRows(size()));
    }

    public double mae(int[] rows) {
        Checks.rowIndices(rows, size());
        double sum = 0;
        for (int r : rows) {
            sum += Math.abs(predicted[r] - actual[r]);
        }
        return sum / rows.length;
    }

    public double sumPredicted() {
        return sumPredicted(Checks.allRows(size()));
    }

    public double sumPredicted(int[] rows) {
        return sum(predicted, rows);
    }

    public double sumActual() {
        return sumActual(Checks.allRows(size()));
    }

    public double sumActual(int[] rows) {
        return sum(actual, rows);
    }

    /** Sum predicted over sum actual (1 is unbiased in total), NaN when the actual sum is 0. */
    public double predictedOverActual() {
        return predictedOverActual(Checks.allRows(size()));
    }

    public double predictedOverActual(int[] rows) {
        double actualSum = sumActual(rows);
        return actualSum == 0 ? Double.NaN : sumPredicted(rows) / actualSum;
    }

    /** Top-decile lift of rows with at least one event, ranked by the prediction. */
    public double anyEventLift() {
        return anyEvent.topDecileLift();
    }

    public double anyEventLift(int[] rows) {
        return anyEvent.topDecileLift(rows);
    }

    private double sum(double[] values, int[] rows) {
        Checks.rowIndices(rows, size());
        double sum = 0;
        for (int r : rows) {
            sum += values[r];
        }
        return sum;
    }
}
