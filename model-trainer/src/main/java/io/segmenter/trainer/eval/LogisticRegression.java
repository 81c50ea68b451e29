package io.segmenter.trainer.eval;

import io.segmenter.trainer.eval.PenalizedGlm.Family;
import java.util.Arrays;
import java.util.Objects;

/**
 * Binary logistic regression, {@code P(y) = 1 / (1 + exp(-(intercept + coefficients . x)))}, fitted by
 * Newton's method (IRLS) to minimise the log loss summed over rows plus {@code l2/2 * |coefficients|^2};
 * the intercept is not penalised. The caller standardises the columns, so one penalty suits them all.
 * Deterministic. Immutable; arrays are copied in and out.
 */
public record LogisticRegression(double intercept, double[] coefficients) {

    public LogisticRegression {
        Objects.requireNonNull(coefficients, "coefficients");
        coefficients = coefficients.clone();
    }

    /**
     * @param x  rows of equal width (may be zero: intercept only), finite
     * @param y  the outcome of each row
     * @param l2 penalty on the coefficients, {@code >= 0}; positive keeps separable data finite
     * @throws IllegalArgumentException on a length or width mismatch, no rows, a value that is not finite,
     *                                  a negative penalty, or outcomes of one class only (the intercept
     *                                  would be infinite)
     * @throws IllegalStateException    when the data leave the fit unbounded (separable data with
     *                                  {@code l2 = 0}) or singular (collinear columns with {@code l2 = 0})
     */
    public static LogisticRegression fit(double[][] x, boolean[] y, double l2) {
        Objects.requireNonNull(y, "y");
        PenalizedGlm.checkDesign(x, y.length, l2);
        double[] targets = new double[y.length];
        long positives = 0;
        for (int i = 0; i < y.length; i++) {
            targets[i] = y[i] ? 1 : 0;
            positives += y[i] ? 1 : 0;
        }
        if (positives == 0 || positives == y.length) {
            throw new IllegalArgumentException("outcomes are all " + (positives == 0 ? "negative" : "positive")
                    + ": logistic regression needs both classes");
        }
        double rate = (double) positives / y.length;
        double[] theta = PenalizedGlm.fit(Family.LOGISTIC, x, targets, l2, Math.log(rate / (1 - rate)));
        return new LogisticRegression(theta[0], Arrays.copyOfRange(theta, 1, theta.length));
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * The probability of a positive for one row.
     *
     * @throws IllegalArgumentException if the row's width differs from the coefficients' or a value is NaN
     */
    public double predict(double[] row) {
        return Family.LOGISTIC.mean(PenalizedGlm.linear(intercept, coefficients, row));
    }

    /** {@link #predict(double[])} of each row. */
    public double[] predict(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = predict(rows[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogisticRegression other && Double.compare(intercept, other.intercept) == 0
                && Arrays.equals(coefficients, other.coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(intercept) + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "LogisticRegression[intercept=" + intercept + ", coefficients=" + Arrays.toString(coefficients) + "]";
    }
}
