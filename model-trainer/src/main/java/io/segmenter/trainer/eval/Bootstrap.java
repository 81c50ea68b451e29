package io.segmenter.trainer.eval;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap by cluster: each resample draws as many clusters as there are, with replacement,
 * and hands the statistic all rows of the drawn clusters (repeats included). The interval is the 2.5th and
 * 97.5th percentiles (linear interpolation between order statistics, as R's type 7 and NumPy's default) of
 * the resample figures that are not NaN. Every call starts from the seed, so two calls on the same
 * clusters see the same resamples. Immutable.
 *
 * @param seed      seed of the resampling
 * @param resamples B, the number of resamples
 */
public record Bootstrap(long seed, int resamples) {

    public static final int DEFAULT_RESAMPLES = 1000;

    public Bootstrap {
        if (resamples < 1) {
            throw new IllegalArgumentException("need at least 1 resample, got " + resamples);
        }
    }

    /** {@value #DEFAULT_RESAMPLES} resamples. */
    public static Bootstrap seeded(long seed) {
        return new Bootstrap(seed, DEFAULT_RESAMPLES);
    }

    /** The statistic on all rows, with its interval over resamples of the clusters. */
    public Interval interval(Clusters clusters, RowStatistic statistic) {
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(statistic, "statistic");
        double point = statistic.on(Checks.allRows(clusters.rows()));
        SplittableRandom random = new SplittableRandom(seed);
        double[] replicates = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            replicates[b] = statistic.on(clusters.resample(random));
        }
        return summarise(point, replicates);
    }

    /**
     * {@code a - b} on all rows, with its interval over resamples on which both are computed on the same
     * rows (a paired bootstrap). A is better than B on a higher-is-better figure when {@code low > 0}.
     * A resample is undefined when either figure is NaN.
     */
    public Interval difference(Clusters clusters, RowStatistic a, RowStatistic b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        return interval(clusters, rows -> a.on(rows) - b.on(rows));
    }

    private Interval summarise(double point, double[] replicates) {
        double[] defined = Arrays.stream(replicates).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int undefined = replicates.length - defined.length;
        if (defined.length == 0) {
            return new Interval(point, Double.NaN, Double.NaN, resamples, undefined);
        }
        return new Interval(point, percentile(defined, 0.025), percentile(defined, 0.975), resamples, undefined);
    }

    /** Linear interpolation between the order statistics of {@code sorted} at {@code (n - 1) q}. */
    static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        if (sorted[lo] == sorted[hi]) {
            return sorted[lo]; // also keeps infinite replicates from making NaN
        }
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
