package io.segmenter.trainer.eval;

import java.util.Objects;

/**
 * Newton's method with backtracking for a canonical-link GLM with an L2 penalty on the slopes. Minimises
 * {@code sum_i (b(eta_i) - y_i eta_i) + l2/2 * sum_j>0 theta_j^2}, {@code eta = theta_0 + x . theta_1..p},
 * whose gradient is {@code X'(mu - y) + l2 theta} and Hessian {@code X' diag(b''(eta)) X + l2 I} (no
 * penalty on the intercept). Deterministic.
 */
final class PenalizedGlm {

    static final int MAX_ITERATIONS = 100;
    /** Converged when half the squared Newton decrement (the predicted gain of a full step) is below this ... */
    static final double TOLERANCE = 1e-10;
    /** ... and no parameter moves by more than this times (1 + the largest parameter). */
    static final double STEP_TOLERANCE = 1e-4;

    /** The cumulant b of an exponential family with its canonical link. */
    enum Family {
        LOGISTIC {
            @Override
            double cumulant(double eta) {
                return Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
            }

            @Override
            double mean(double eta) {
                return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
            }

            @Override
            double variance(double eta) {
                double mu = mean(eta);
                return mu * (1 - mu);
            }
        },
        POISSON {
            @Override
            double cumulant(double eta) {
                return Math.exp(eta);
            }

            @Override
            double mean(double eta) {
                return Math.exp(eta);
            }

            @Override
            double variance(double eta) {
                return Math.exp(eta);
            }
        };

        abstract double cumulant(double eta);

        abstract double mean(double eta);

        abstract double variance(double eta);
    }

    private PenalizedGlm() {
    }

    /** Checks a design: rows, equal widths, finite values. Returns the width. */
    static int checkDesign(double[][] x, int targets, double l2) {
        Objects.requireNonNull(x, "x");
        Checks.nonEmpty("rows", x.length);
        Checks.sameLength("design rows", x.length, "targets", targets);
        int p = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException("design row " + i + " is null");
            }
            if (p < 0) {
                p = x[i].length;
            } else if (x[i].length != p) {
                throw new IllegalArgumentException("design row " + i + " has " + x[i].length + " columns, row 0 has " + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("design value [" + i + "][" + j + "] is " + x[i][j] + " (must be finite)");
                }
            }
        }
        if (!(Double.isFinite(l2) && l2 >= 0)) {
            throw new IllegalArgumentException("l2 penalty is " + l2 + " (must be finite and >= 0)");
        }
        return p;
    }

    /**
     * Intercept followed by slopes, from the intercept-only optimum {@code start} and zero slopes.
     *
     * @throws IllegalStateException when the penalised Hessian is singular or Newton does not converge
     */
    static double[] fit(Family family, double[][] x, double[] y, double l2, double start) {
        int n = x.length;
        int k = x[0].length + 1;
        double[] theta = new double[k];
        theta[0] = start;
        double[] eta = linear(x, theta);
        double objective = objective(family, eta, y, theta, l2);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[k];
            double[][] hessian = new double[k][k];
            for (int i = 0; i < n; i++) {
                double residual = family.mean(eta[i]) - y[i];
                double w = family.variance(eta[i]);
                for (int a = 0; a < k; a++) {
                    double xa = a == 0 ? 1 : x[i][a - 1];
                    gradient[a] += xa * residual;
                    double wxa = w * xa;
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += wxa * (b == 0 ? 1 : x[i][b - 1]);
                    }
                }
            }
            for (int a = 1; a < k; a++) {
                gradient[a] += l2 * theta[a];
                hessian[a][a] += l2;
            }
            double[] step = solveNegated(hessian, gradient);
            double decrement = 0; // -gradient . step = gradient' H^-1 gradient
            double largestStep = 0;
            double largestParameter = 0;
            for (int a = 0; a < k; a++) {
                decrement -= gradient[a] * step[a];
                largestStep = Math.max(largestStep, Math.abs(step[a]));
                largestParameter = Math.max(largestParameter, Math.abs(theta[a]));
            }
            // both small: near a finite optimum, where one more step is quadratically accurate; on separable
            // data the decrement vanishes too but the steps do not, so the iterations run out
            boolean lastStep = decrement / 2 <= TOLERANCE && largestStep <= STEP_TOLERANCE * (1 + largestParameter);
            double t = 1;
            while (true) {
                double[] candidate = new double[k];
                for (int a = 0; a < k; a++) {
                    candidate[a] = theta[a] + t * step[a];
                }
                double[] candidateEta = linear(x, candidate);
                double candidateObjective = objective(family, candidateEta, y, candidate, l2);
                // Armijo: a finite objective at least a small share of the predicted gain lower
                if (candidateObjective <= objective - 1e-4 * t * decrement) {
                    theta = candidate;
                    eta = candidateEta;
                    objective = candidateObjective;
                    break;
                }
                t /= 2;
                if (t < 1e-12) {
                    if (lastStep) {
                        return theta; // already at the optimum to rounding
                    }
                    throw new IllegalStateException("Newton's line search found no descent at iteration " + iteration);
                }
            }
            if (lastStep) {
                return theta;
            }
        }
        throw new IllegalStateException("Newton did not converge in " + MAX_ITERATIONS
                + " iterations: the data leave it unbounded (separable?); use a positive l2 penalty");
    }

    static double linear(double intercept, double[] slopes, double[] row) {
        Objects.requireNonNull(row, "row");
        if (row.length != slopes.length) {
            throw new IllegalArgumentException("row has " + row.length + " values, the model " + slopes.length + " coefficients");
        }
        double eta = intercept;
        for (int j = 0; j < row.length; j++) {
            if (Double.isNaN(row[j])) {
                throw new IllegalArgumentException("row value " + j + " is NaN");
            }
            eta += slopes[j] * row[j];
        }
        return eta;
    }

    private static double[] linear(double[][] x, double[] theta) {
        double[] eta = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double e = theta[0];
            for (int j = 1; j < theta.length; j++) {
                e += theta[j] * x[i][j - 1];
            }
            eta[i] = e;
        }
        return eta;
    }

    private static double objective(Family family, double[] eta, double[] y, double[] theta, double l2) {
        double sum = 0;
        for (int i = 0; i < eta.length; i++) {
            sum += family.cumulant(eta[i]) - y[i] * eta[i];
        }
        for (int j = 1; j < theta.length; j++) {
            sum += l2 / 2 * theta[j] * theta[j];
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }

    /** Solves {@code H s = -g} by Cholesky; {@code H} holds its lower triangle. */
    private static double[] solveNegated(double[][] h, double[] g) {
        int k = g.length;
        double[][] l = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = h[a][b];
                for (int c = 0; c < b; c++) {
                    sum -= l[a][c] * l[b][c];
                }
                if (a == b) {
                    if (!(sum > 1e-12 * Math.max(1, h[a][a]))) {
                        throw new IllegalStateException("the penalised Hessian is singular at column " + a
                                + ": a constant or collinear column, or fitted means driven to a bound by"
                                + " separable data; use a positive l2 penalty");
                    }
                    l[a][a] = Math.sqrt(sum);
                } else {
                    l[a][b] = sum / l[b][b];
                }
            }
        }
        double[] z = new double[k];
        for (int a = 0; a < k; a++) {
            double sum = -g[a];
            for (int c = 0; c < a; c++) {
                sum -= l[a][c] * z[c];
            }
            z[a] = sum / l[a][a];
        }
        double[] s = new double[k];
        for (int a = k - 1; a >= 0; a--) {
            double sum = z[a];
            for (int c = a + 1; c < k; c++) {
                sum -= l[c][a] * s[c];
            }
            s[a] = sum / l[a][a];
        }
        return s;
    }
}
