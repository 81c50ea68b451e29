package io.segmenter.trainer.clv;

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for z in [0, 1), as its power series. When
 * c - a - b &lt; 0 the series is summed after Euler's transformation
 * 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z), whose terms fall faster; either
 * way the terms fall about as z^k, so z close to 1 needs many terms (about 40,000 at z = 0.999).
 */
final class Hypergeometric {

    /** Terms before giving up: enough for z up to about 1 - 1e-5. */
    static final int MAX_TERMS = 5_000_000;
    private static final double EPSILON = 1e-16;

    private Hypergeometric() {
    }

    /**
     * @throws IllegalArgumentException for z outside [0, 1) or c a non-positive integer
     * @throws ArithmeticException      when the series has not converged within {@link #MAX_TERMS}
     */
    static double gauss2F1(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 is summed for z in [0, 1) only, got z = " + z);
        }
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("2F1 needs finite a, b, c, got " + a + ", " + b + ", " + c);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c a non-positive integer, got c = " + c);
        }
        if (z == 0) {
            return 1;
        }
        double excess = c - a - b;
        if (excess < 0) {
            return Math.pow(1 - z, excess) * series(c - a, c - b, c, z);
        }
        return series(a, b, c, z);
    }

    private static double series(double a, double b, double c, double z) {
        double largest = Math.max(Math.abs(a), Math.max(Math.abs(b), Math.abs(c)));
        double term = 1;
        double sum = 1;
        for (int k = 0; k < MAX_TERMS; k++) {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
            sum += term;
            if (term == 0) {
                return sum; // a or b a non-positive integer: a polynomial
            }
            if (k + 1 > largest) {
                // past the parameters the term ratio is either above z and falling to z, or below z:
                // the tail is below |term| rho / (1 - rho) with rho the larger of z and the next ratio
                double next = (a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2)) * z;
                double rho = Math.max(z, next);
                if (rho < 1 && Math.abs(term) * rho <= EPSILON * (1 - rho) * Math.abs(sum)) {
                    return sum;
                }
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
                + MAX_TERMS + " terms: z is too close to 1 for the series");
    }
}
