package io.segmenter.trainer;

import java.util.Arrays;
import java.util.Objects;

/**
 * Gaussian naive Bayes, the classic baseline: each class has a prior and, per feature, an
 * independent normal distribution fitted by maximum likelihood. Posteriors are computed in log
 * space and normalised with log-sum-exp, so they stay exact when the likelihoods underflow.
 *
 * <p>Variance smoothing (as scikit-learn's {@code var_smoothing}): {@code smoothing} times the
 * largest per-feature variance of the whole training set is added to every class variance, so a
 * feature that is constant within a class does not give zero variance. A class with no training
 * rows gets prior 0 and posterior 0.
 *
 * @param logPriors  ln P(class), -infinity for a class without rows
 * @param means      [class][feature] mean
 * @param variances  [class][feature] smoothed variance, positive
 */
public record GaussianNaiveBayes(double[] logPriors, double[][] means, double[][] variances) {

    /** scikit-learn's default. */
    public static final double DEFAULT_VAR_SMOOTHING = 1e-9;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public GaussianNaiveBayes {
        logPriors = logPriors.clone();
        means = Points.deepCopy(means);
        variances = Points.deepCopy(variances);
        if (logPriors.length == 0 || means.length != logPriors.length || variances.length != logPriors.length) {
            throw new IllegalArgumentException("need one prior, mean row and variance row per class");
        }
        for (int c = 0; c < logPriors.length; c++) {
            if (means[c].length != means[0].length || variances[c].length != means[0].length) {
                throw new IllegalArgumentException("class " + c + " has the wrong number of features");
            }
            for (double v : variances[c]) {
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("class " + c + " has a variance of " + v);
                }
            }
        }
    }

    /** Fits with {@link #DEFAULT_VAR_SMOOTHING}. */
    public static GaussianNaiveBayes fit(double[][] x, int[] y, int classes) {
        return fit(x, y, classes, DEFAULT_VAR_SMOOTHING);
    }

    /**
     * Fits on rows {@code x} with labels {@code y} in {@code 0..classes-1}.
     *
     * @throws IllegalArgumentException on mismatched lengths, a label out of range, or a negative smoothing
     */
    public static GaussianNaiveBayes fit(double[][] x, int[] y, int classes, double varSmoothing) {
        int d = Points.dimension(x);
        if (y.length != x.length) {
            throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        }
        if (classes < 1 || !(varSmoothing >= 0)) {
            throw new IllegalArgumentException("classes " + classes + ", varSmoothing " + varSmoothing);
        }
        int[] counts = new int[classes];
        double[][] means = new double[classes][d];
        for (int i = 0; i < x.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("label " + y[i] + " of row " + i + " is not in 0.." + (classes - 1));
            }
            counts[y[i]]++;
            for (int j = 0; j < d; j++) {
                means[y[i]][j] += x[i][j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                means[c][j] = counts[c] == 0 ? 0 : means[c][j] / counts[c];
            }
        }
        double[][] variances = new double[classes][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                double dev = x[i][j] - means[y[i]][j];
                variances[y[i]][j] += dev * dev;
            }
        }
        double epsilon = varSmoothing * largestFeatureVariance(x);
        if (!(epsilon > 0)) {
            epsilon = Double.MIN_NORMAL; // all features constant, or no smoothing: keep variances positive
        }
        double[] logPriors = new double[classes];
        for (int c = 0; c < classes; c++) {
            logPriors[c] = counts[c] == 0 ? Double.NEGATIVE_INFINITY : Math.log((double) counts[c] / x.length);
            for (int j = 0; j < d; j++) {
                variances[c][j] = (counts[c] == 0 ? 1 : variances[c][j] / counts[c]) + epsilon;
            }
        }
        return new GaussianNaiveBayes(logPriors, means, variances);
    }

    public int classes() {
        return logPriors.length;
    }

    public int features() {
        return means[0].length;
    }

    /** ln P(class) + sum over features of ln N(x_j; mean, variance), per class (unnormalised). */
    public double[] jointLogLikelihood(double[] x) {
        if (x.length != features()) {
            throw new IllegalArgumentException("expected " + features() + " features, got " + x.length);
        }
        double[] out = new double[classes()];
        for (int c = 0; c < out.length; c++) {
            if (logPriors[c] == Double.NEGATIVE_INFINITY) {
                out[c] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double s = logPriors[c];
            for (int j = 0; j < x.length; j++) {
                double dev = x[j] - means[c][j];
                s -= 0.5 * (LOG_2PI + Math.log(variances[c][j]) + dev * dev / variances[c][j]);
            }
            out[c] = s;
        }
        return out;
    }

    /**
     * P(class | x), summing to 1. Should every class give x likelihood 0 in double precision
     * (possible only without smoothing), the priors are returned.
     */
    public double[] predictProbabilities(double[] x) {
        double[] joint = jointLogLikelihood(x);
        double norm = logSumExp(joint);
        if (norm == Double.NEGATIVE_INFINITY) {
            joint = logPriors;
            norm = logSumExp(joint);
        }
        double[] p = new double[joint.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(joint[c] - norm);
        }
        return p;
    }

    /** The most probable class (ties: the lower index). */
    public int predict(double[] x) {
        double[] joint = jointLogLikelihood(x);
        int best = 0;
        for (int c = 1; c < joint.length; c++) {
            if (joint[c] > joint[best]) {
                best = c;
            }
        }
        return best;
    }

    public int[] predictAll(double[][] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = predict(x[i]);
        }
        return out;
    }

    /** ln(sum exp(v)), stable for large and very negative values; -infinity when all are. */
    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    private static double largestFeatureVariance(double[][] x) {
        double largest = 0;
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= x.length;
            double var = 0;
            for (double[] row : x) {
                double dev = row[j] - mean;
                var += dev * dev;
            }
            largest = Math.max(largest, var / x.length);
        }
        return largest;
    }

    @Override
    public double[] logPriors() {
        return logPriors.clone();
    }

    @Override
    public double[][] means() {
        return Points.deepCopy(means);
    }

    @Override
    public double[][] variances() {
        return Points.deepCopy(variances);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianNaiveBayes g
                && Arrays.equals(logPriors, g.logPriors)
                && Arrays.deepEquals(means, g.means)
                && Arrays.deepEquals(variances, g.variances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(logPriors), Arrays.deepHashCode(means), Arrays.deepHashCode(variances));
    }

    @Override
    public String toString() {
        return "GaussianNaiveBayes[" + classes() + " classes, " + features() + " features]";
    }
}
