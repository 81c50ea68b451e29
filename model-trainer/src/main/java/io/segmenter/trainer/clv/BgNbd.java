package io.segmenter.trainer.clv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie and Lee 2005, "Counting your customers the
 * easy way", Marketing Science 24(2)): while alive a customer buys at a Poisson rate
 * lambda ~ Gamma(shape r, rate alpha); after each repeat purchase the customer drops out with
 * probability p ~ Beta(a, b). Times are in the unit of the {@link RepeatSummary}s it is fitted on.
 *
 * @param r     shape of the purchase-rate distribution
 * @param alpha rate (inverse scale) of the purchase-rate distribution, in 1 / time unit
 * @param a     first shape of the dropout-probability distribution
 * @param b     second shape of the dropout-probability distribution
 */
public record BgNbd(double r, double alpha, double a, double b) {

    /** Where the fit starts, as (r, alpha, a, b); the best of the runs is kept. */
    private static final List<double[]> STARTS = List.of(
            new double[] {1, 1, 1, 1},
            new double[] {0.5, 5, 0.5, 2},
            new double[] {2, 20, 2, 5});
    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 20;
    /** A fitted parameter beyond [1 / EDGE, EDGE] means the likelihood has no maximum inside the space. */
    private static final double EDGE = 1e6;
    /** A Nelder-Mead run restarts from its end until the likelihood gains less than this per customer. */
    private static final double RESTART_GAIN = 1e-10;

    public BgNbd {
        positive("r", r);
        positive("alpha", alpha);
        positive("a", a);
        positive("b", b);
    }

    /**
     * The log-likelihood of one customer's history (the paper's equation 6), evaluated in log space.
     */
    public double logLikelihood(RepeatSummary s) {
        return logLikelihood(s, countTerm(s.x()));
    }

    /** The sum of {@link #logLikelihood(RepeatSummary)} over the customers. */
    public double logLikelihood(List<RepeatSummary> customers) {
        double[] terms = countTerms(customers.stream().mapToInt(RepeatSummary::x).max().orElse(0));
        double sum = 0;
        for (RepeatSummary s : customers) {
            sum += logLikelihood(s, terms[s.x()]);
        }
        return sum;
    }

    /**
     * Equation 6 as countTerm(x) + log(alive + dropped), where countTerm holds the gamma functions,
     * which depend on x only: B(a, b + x) / B(a, b) Gamma(r + x) alpha^r / Gamma(r), and
     * B(a + 1, b + x - 1) / B(a, b) is that beta ratio times a / (b + x - 1).
     */
    private double logLikelihood(RepeatSummary s, double countTerm) {
        int x = s.x();
        double alive = -(r + x) * Math.log(alpha + s.T());
        if (x == 0) {
            return countTerm + alive;
        }
        double dropped = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + s.tx());
        return countTerm + logSumExp(alive, dropped);
    }

    private double countTerm(int x) {
        return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                + Beta.logBeta(a, b + x) - Beta.logBeta(a, b);
    }

    /** {@link #countTerm} for x = 0 .. maxX. */
    private double[] countTerms(int maxX) {
        double[] terms = new double[maxX + 1];
        for (int x = 0; x <= maxX; x++) {
            terms[x] = countTerm(x);
        }
        return terms;
    }

    /**
     * Maximum-likelihood parameters: Nelder-Mead on the logs of (r, alpha, a, b) from a few fixed
     * starting points, each run restarted from its end until it stops improving; the best is kept.
     * Deterministic.
     *
     * @throws IllegalArgumentException when {@code customers} is empty, or when the likelihood has no
     *                                  maximum inside the parameter space (a parameter runs below 1e-6 or
     *                                  above 1e6: e.g. no repeat purchases at all, or a single customer)
     */
    public static BgNbd fit(List<RepeatSummary> customers) {
        Objects.requireNonNull(customers, "customers");
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("cannot fit BG/NBD on no customers: give at least one RepeatSummary");
        }
        Map<RepeatSummary, Integer> counts = new LinkedHashMap<>();
        for (RepeatSummary s : customers) {
            counts.merge(Objects.requireNonNull(s, "customer summary"), 1, Integer::sum);
        }
        List<RepeatSummary> distinct = new ArrayList<>(counts.keySet());
        int[] weights = distinct.stream().mapToInt(counts::get).toArray();
        int n = customers.size();
        int maxX = distinct.stream().mapToInt(RepeatSummary::x).max().orElseThrow();
        // mean negative log-likelihood; +infinity where the parameters overflow
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double[] p = new double[logs.length];
            for (int i = 0; i < logs.length; i++) {
                p[i] = Math.exp(logs[i]);
                if (!(p[i] > 0) || Double.isInfinite(p[i])) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            BgNbd m = new BgNbd(p[0], p[1], p[2], p[3]);
            double[] terms = m.countTerms(maxX);
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                RepeatSummary s = distinct.get(i);
                sum += weights[i] * m.logLikelihood(s, terms[s.x()]);
            }
            double value = -sum / n;
            return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
        });
        PointValuePair best = null;
        for (double[] start : STARTS) {
            PointValuePair run = minimise(objective, logsOf(start));
            if (best == null || run.getValue() < best.getValue()) {
                best = run;
            }
        }
        double[] p = best.getPoint();
        BgNbd fitted = new BgNbd(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3]));
        for (double v : new double[] {fitted.r, fitted.alpha, fitted.a, fitted.b}) {
            if (v < 1 / EDGE || v > EDGE) {
                throw new IllegalArgumentException("BG/NBD has no maximum-likelihood fit for these " + n
                        + " customers: the likelihood keeps rising towards the edge of the parameter space ("
                        + fitted + "); too few customers or repeat purchases to tell the rates and dropouts apart");
            }
        }
        return fitted;
    }

    /**
     * Expected repeat transactions of a new customer in a period of length {@code t} after the first
     * purchase (the paper's equation 7).
     */
    public double expectedRepeats(double t) {
        nonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        double am1 = awayFromOne(a) - 1;
        double power = Math.exp(r * Math.log(alpha / (alpha + t)));
        return (am1 + b) / am1 * (1 - power * Hypergeometric.gauss2F1(r, b, am1 + b, t / (alpha + t)));
    }

    /**
     * Expected transactions in the period (T, T + t] of a customer with history {@code s}
     * (the paper's equation 10).
     */
    public double expectedPurchases(double t, RepeatSummary s) {
        nonNegative("t", t);
        if (t == 0) {
            return 0;
        }
        int x = s.x();
        double am1 = awayFromOne(a) - 1;
        double power = Math.exp((r + x) * Math.log((alpha + s.T()) / (alpha + s.T() + t)));
        double f = Hypergeometric.gauss2F1(r + x, b + x, am1 + b + x, t / (alpha + s.T() + t));
        return (am1 + b + x) / am1 * (1 - power * f) * probabilityAlive(s);
    }

    /** P(alive at T | x, tx, T), from the note to the paper's equation 10. */
    public double probabilityAlive(RepeatSummary s) {
        int x = s.x();
        if (x == 0) {
            return 1;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1)
                + (r + x) * (Math.log(alpha + s.T()) - Math.log(alpha + s.tx()));
        return 1 / (1 + Math.exp(logOdds));
    }

    private static PointValuePair minimise(ObjectiveFunction objective, double[] start) {
        SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-14));
        PointValuePair current = null;
        double[] point = start;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair next = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), objective, GoalType.MINIMIZE,
                    new InitialGuess(point), new NelderMeadSimplex(new double[] {0.5, 0.5, 0.5, 0.5}));
            boolean improved = current == null || current.getValue() - next.getValue() > RESTART_GAIN;
            if (current == null || next.getValue() < current.getValue()) {
                current = next;
            }
            if (!improved) {
                break;
            }
            point = current.getPoint();
        }
        return current;
    }

    private static double[] logsOf(double[] params) {
        double[] logs = new double[params.length];
        for (int i = 0; i < params.length; i++) {
            logs[i] = Math.log(params[i]);
        }
        return logs;
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }

    /** Equations 7 and 10 divide by a - 1; a = 1 is a removable singularity, taken as a value beside it. */
    private static double awayFromOne(double a) {
        return Math.abs(a - 1) < 1e-7 ? 1 + 1e-7 : a;
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("BG/NBD parameter " + name + " must be finite and > 0, got " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }
}
