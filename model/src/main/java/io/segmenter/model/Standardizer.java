package io.segmenter.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature standardization fitted at training time, {@code z = (x - mean) / std}, shipped in the
 * bundle so serving applies exactly what training applied. Means are in the feature's own units,
 * so they double as "typical" values in explanations. Immutable; arrays are copied in and out.
 */
public record Standardizer(double[] mean, double[] std) {

    /** Standard deviation used for a feature that is constant in the training data. */
    public static final double CONSTANT_FEATURE_STD = 1.0;

    public Standardizer {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        mean = mean.clone();
        std = std.clone();
    }

    /** Fits the mean and the population standard deviation of every column of {@code rows}. */
    public static Standardizer fit(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a normalizer on no rows");
        }
        int width = rows[0].length;
        double[] mean = new double[width];
        double[] m2 = new double[width];
        long n = 0;
        for (double[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("rows have different widths: " + width + " and " + row.length);
            }
            n++;
            for (int j = 0; j < width; j++) {
                double delta = row[j] - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (row[j] - mean[j]);
            }
        }
        double[] std = new double[width];
        for (int j = 0; j < width; j++) {
            double sd = Math.sqrt(m2[j] / n);
            std[j] = sd > 1e-9 ? sd : CONSTANT_FEATURE_STD;
        }
        return new Standardizer(mean, std);
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    public double mean(int feature) {
        return mean[feature];
    }

    public double std(int feature) {
        return std[feature];
    }

    public int size() {
        return mean.length;
    }

    /** The z-score of {@code value} as feature {@code feature}. */
    public double z(int feature, double value) {
        return (value - mean[feature]) / std[feature];
    }

    /** Writes the z-scores of {@code row} into {@code out} from {@code offset}. */
    void standardize(double[] row, double[] out, int offset) {
        for (int j = 0; j < mean.length; j++) {
            out[offset + j] = (row[j] - mean[j]) / std[j];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }
}
