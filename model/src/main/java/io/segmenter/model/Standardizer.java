package io.segmenter.model;

import io.segmenter.features.FeatureSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Per-feature transform, then centring and scaling to unit variance: {@code z = (t(x) - mean) / std},
 * with mean and population standard deviation of {@code t(x)} over the rows it was fitted on. The
 * transform of each feature is fixed at fit time (by default {@link FeatureTransform#forUnit}), so
 * this record is everything a scorer needs to reproduce the training input. It is the one
 * standardizer of the project: the trainer fits it, the bundle stores it in {@code normalizers.json}
 * (names, transform name, mean, std and constant flag per feature) and {@link BatchScorer} applies it.
 * Means and standard deviations are of the transformed values; {@link #typical} gives a mean back in
 * the feature's own units.
 *
 * <p>A feature that is constant in the fitted rows (std at most {@code 1e-12 * max(1, |mean|)})
 * carries no information the model could have learned from; it is marked constant and always
 * transforms to 0, so an unseen value at serving time cannot push a point anywhere.
 *
 * @param names      feature names in vector order
 * @param transforms the transform of each feature
 * @param means      mean of each transformed feature
 * @param stds       population standard deviation of each transformed feature (1 for constant ones)
 * @param constant   whether each feature was constant when fitted
 */
public record Standardizer(List<String> names, List<FeatureTransform> transforms, double[] means, double[] stds,
        boolean[] constant) {

    private static final double RELATIVE_CONSTANT_STD = 1e-12;

    public Standardizer {
        names = List.copyOf(names);
        transforms = List.copyOf(transforms);
        means = means.clone();
        stds = stds.clone();
        constant = constant.clone();
        int d = names.size();
        if (transforms.size() != d || means.length != d || stds.length != d || constant.length != d) {
            throw new IllegalArgumentException("names, transforms, means, stds and constant must have one entry per feature");
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(means[j]) || !(stds[j] > 0) || !Double.isFinite(stds[j])) {
                throw new IllegalArgumentException("feature " + names.get(j) + ": mean " + means[j] + ", std " + stds[j]);
            }
        }
    }

    /** Fits with the default transform of each feature's unit. */
    public static Standardizer fit(List<FeatureSpec> specs, double[][] rows) {
        return fit(specs, rows, spec -> FeatureTransform.forUnit(spec.unit()));
    }

    /**
     * Fits on {@code rows} (each in {@code specs} order).
     *
     * @throws IllegalArgumentException without rows, with a row of the wrong length or with a non-finite value
     */
    public static Standardizer fit(List<FeatureSpec> specs, double[][] rows, Function<FeatureSpec, FeatureTransform> policy) {
        Objects.requireNonNull(policy, "policy");
        int d = specs.size();
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on no rows");
        }
        FeatureTransform[] transforms = new FeatureTransform[d];
        for (int j = 0; j < d; j++) {
            transforms[j] = Objects.requireNonNull(policy.apply(specs.get(j)), "transform of " + specs.get(j).name());
        }
        double[] means = new double[d];
        double[] m2 = new double[d];
        long n = 0;
        for (double[] row : rows) {
            checkRow(row, d, specs);
            n++;
            for (int j = 0; j < d; j++) {
                double t = transforms[j].apply(row[j]);
                double delta = t - means[j];
                means[j] += delta / n;
                m2[j] += delta * (t - means[j]);
            }
        }
        double[] stds = new double[d];
        boolean[] constant = new boolean[d];
        for (int j = 0; j < d; j++) {
            double std = Math.sqrt(m2[j] / n);
            constant[j] = std <= RELATIVE_CONSTANT_STD * Math.max(1, Math.abs(means[j]));
            stds[j] = constant[j] ? 1 : std;
        }
        return new Standardizer(specs.stream().map(FeatureSpec::name).toList(), Arrays.asList(transforms), means, stds,
                constant);
    }

    public int size() {
        return names.size();
    }

    public double mean(int feature) {
        return means[feature];
    }

    public double std(int feature) {
        return stds[feature];
    }

    /** The standardized value of {@code value} as feature {@code feature} (0 for a constant feature). */
    public double z(int feature, double value) {
        return constant[feature] ? 0 : (transforms.get(feature).apply(value) - means[feature]) / stds[feature];
    }

    /** The fitted mean in the feature's own units: the raw value that standardizes to 0. */
    public double typical(int feature) {
        return invert(feature, 0);
    }

    /**
     * Writes the standardized values of {@code row} into {@code out} from {@code offset}; the serving
     * path, equal to {@link #transform} value for value but without the copy.
     */
    void standardize(double[] row, double[] out, int offset) {
        int d = means.length;
        if (row.length != d) {
            throw new IllegalArgumentException("expected " + d + " features, got " + row.length);
        }
        for (int j = 0; j < d; j++) {
            out[offset + j] = z(j, row[j]);
        }
    }

    /** The standardized copy of one raw row. */
    public double[] transform(double[] raw) {
        int d = names.size();
        if (raw.length != d) {
            throw new IllegalArgumentException("expected " + d + " features, got " + raw.length);
        }
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(raw[j])) {
                throw new IllegalArgumentException("feature " + names.get(j) + " is " + raw[j]);
            }
            z[j] = constant[j] ? 0 : (transforms.get(j).apply(raw[j]) - means[j]) / stds[j];
        }
        return z;
    }

    /** {@link #transform} of every row. */
    public double[][] transformAll(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = transform(raw[i]);
        }
        return out;
    }

    /** The raw value whose standardized value is {@code z} (the mean's raw value for a constant feature). */
    public double invert(int feature, double z) {
        return transforms.get(feature).invert(constant[feature] ? means[feature] : means[feature] + z * stds[feature]);
    }

    @Override
    public double[] means() {
        return means.clone();
    }

    @Override
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public boolean[] constant() {
        return constant.clone();
    }

    public boolean isConstant(int feature) {
        return constant[feature];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s
                && names.equals(s.names)
                && transforms.equals(s.transforms)
                && Arrays.equals(means, s.means)
                && Arrays.equals(stds, s.stds)
                && Arrays.equals(constant, s.constant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, transforms, Arrays.hashCode(means), Arrays.hashCode(stds), Arrays.hashCode(constant));
    }

    @Override
    public String toString() {
        return "Standardizer[" + names.size() + " features, " + count(constant) + " constant]";
    }

    private static int count(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            c += f ? 1 : 0;
        }
        return c;
    }

    private static void checkRow(double[] row, int d, List<FeatureSpec> specs) {
        if (row.length != d) {
            throw new IllegalArgumentException("expected " + d + " features, got " + row.length);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException("feature " + specs.get(j).name() + " is " + row[j]);
            }
        }
    }
}
