package io.segmenter.trainer.eval;

import io.segmenter.trainer.eval.PenalizedGlm.Family;
import java.util.Arrays;
import java.util.Objects;

/**
 * Poisson regression with the log link, {@code E[y] = exp(intercept + coefficients . x)}, fitted by
 * Newton's method (IRLS) to minimise the Poisson deviance (up to a constant) summed over rows plus
 * {@code l2/2 * |coefficients|^2}; the intercept is not penalised. Targets may be any non-negative reals
 * (a quasi-Poisson fit of mean counts). Steps that would overflow {@code exp} are shortened, and
 * predictions are capped at {@code exp(}{@value #MAX_LOG_MEAN}{@code )}. Deterministic. Immutable; arrays
 * are copied in and out.
 */
public record PoissonRegression(double intercept, double[] coefficients) {

    /** The largest log-mean a prediction returns, so it stays finite. */
    public static final double MAX_LOG_MEAN = 700;

    public PoissonRegression {
        Objects.requireNonNull(coefficients, "coefficients");
        coefficients = coefficients.clone();
    }

    /**
     * @param x      rows of equal width (may be zero: intercept only), finite
     * @param counts the target of each row, finite and {@code >= 0}, not all zero
     * @param l2     penalty on the coefficients, {@code >= 0}
     * @throws IllegalArgumentException on a length or width mismatch, no rows, a value that is not finite,
     *                                  a negative count or penalty, or all counts zero (the intercept
     *                                  would be minus infinity)
     * @throws IllegalStateException    when the fit is unbounded or singular with {@code l2 = 0}
     */
    public static PoissonRegression fit(double[][] x, double[] counts, double l2) {
        Checks.finiteNonNegative("count", counts);
        PenalizedGlm.checkDesign(x, counts.length, l2);
        double sum = 0;
        for (double c : counts) {
            sum += c;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("counts are all zero: Poisson regression needs a positive count");
        }
        double[] theta = PenalizedGlm.fit(Family.POISSON, x, counts, l2, Math.log(sum / counts.length));
        return new PoissonRegression(theta[0], Arrays.copyOfRange(theta, 1, theta.length));
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * The expected count for one row.
     *
     * @throws IllegalArgumentException if the row's width differs from the coefficients' or a value is NaN
     */
    public double predict(double[] row) {
        return Math.exp(Math.min(MAX_LOG_MEAN, PenalizedGlm.linear(intercept, coefficients, row)));
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
        return o instanceof PoissonRegression other && Double.compare(intercept, other.intercept) == 0
                && Arrays.equals(coefficients, other.coefficients);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(intercept) + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        return "PoissonRegression[intercept=" + intercept + ", coefficients=" + Arrays.toString(coefficients) + "]";
    }
}
