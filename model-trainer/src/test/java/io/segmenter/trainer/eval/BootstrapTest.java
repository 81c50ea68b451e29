package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    @Test
    void percentileInterpolatesBetweenOrderStatistics() {
        double[] zeroToHundred = new double[101];
        for (int i = 0; i <= 100; i++) {
            zeroToHundred[i] = i;
        }
        assertThat(Bootstrap.percentile(zeroToHundred, 0.025)).isCloseTo(2.5, within(1e-12));
        assertThat(Bootstrap.percentile(zeroToHundred, 0.975)).isCloseTo(97.5, within(1e-12));
        // 4 values: position 3 q; 0.075 -> between 10 and 20 at a quarter; 2.925 -> between 30 and 40
        assertThat(Bootstrap.percentile(new double[] {10, 20, 30, 40}, 0.025)).isCloseTo(10.75, within(1e-12));
        assertThat(Bootstrap.percentile(new double[] {10, 20, 30, 40}, 0.975)).isCloseTo(39.25, within(1e-12));
    }

    @Test
    void intervalOfAMeanMatchesTheNormalApproximation() {
        Random random = new Random(5);
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 3;
        }
        double sd = standardDeviation(values);

        Interval interval = Bootstrap.seeded(1).interval(Clusters.singletons(values.length), rows -> mean(values, rows));

        assertThat(interval.point()).isCloseTo(mean(values, Checks.allRows(values.length)), within(1e-12));
        assertThat(interval.high() - interval.low()).isCloseTo(2 * 1.96 * sd / Math.sqrt(values.length),
                within(0.1 * 2 * 1.96 * sd / Math.sqrt(values.length)));
        assertThat(interval.low()).isLessThan(interval.point());
        assertThat(interval.high()).isGreaterThan(interval.point());
        assertThat(interval.undefined()).isZero();
        assertThat(interval.resamples()).isEqualTo(1000);
    }

    @Test
    void clusterResamplingWidensTheIntervalOfRepeatedRowsBySqrtOfTheRepeats() {
        // 200 users, each seen at 9 cuts with the same value: 9 rows carry one user's worth of information
        Random random = new Random(8);
        int users = 200;
        int cuts = 9;
        double[] values = new double[users * cuts];
        List<String> userOfRow = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            double v = random.nextGaussian();
            for (int c = 0; c < cuts; c++) {
                values[u * cuts + c] = v;
                userOfRow.add("user-" + u);
            }
        }
        Bootstrap bootstrap = Bootstrap.seeded(2);

        Interval byUser = bootstrap.interval(Clusters.of(userOfRow), rows -> mean(values, rows));
        Interval byRow = bootstrap.interval(Clusters.singletons(values.length), rows -> mean(values, rows));

        double ratio = (byUser.high() - byUser.low()) / (byRow.high() - byRow.low());
        assertThat(ratio).isCloseTo(Math.sqrt(cuts), within(0.4));
    }

    @Test
    void aClustersRowsAreAlwaysDrawnTogether() {
        Clusters clusters = Clusters.of(List.of("a", "b", "a", "c", "b", "a"));
        List<String> broken = new ArrayList<>();

        Bootstrap.seeded(3).interval(clusters, rows -> {
            int[] count = Checks.multiplicities(rows, 6);
            if (count[0] != count[2] || count[0] != count[5] || count[1] != count[4]) {
                broken.add(java.util.Arrays.toString(rows));
            }
            return rows.length;
        });

        assertThat(clusters.count()).isEqualTo(3);
        assertThat(clusters.rows()).isEqualTo(6);
        assertThat(broken).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        double[] values = new Random(4).doubles(500).toArray();
        RowStatistic mean = rows -> mean(values, rows);
        Clusters clusters = Clusters.singletons(values.length);

        assertThat(Bootstrap.seeded(9).interval(clusters, mean)).isEqualTo(Bootstrap.seeded(9).interval(clusters, mean));
        assertThat(Bootstrap.seeded(10).interval(clusters, mean).low())
                .isNotEqualTo(Bootstrap.seeded(9).interval(clusters, mean).low());
    }

    @Test
    void nanResamplesAreCountedAndLeftOutOfThePercentiles() {
        // one positive among 20 rows: a resample misses it with probability (19/20)^20 = 0.358
        boolean[] positive = new boolean[20];
        positive[0] = true;
        double[] scores = new double[20];
        for (int i = 0; i < 20; i++) {
            scores[i] = i % 7;
        }
        RankingMetrics metrics = RankingMetrics.of(scores, positive);
        int[] nan = {0};

        Interval interval = Bootstrap.seeded(6).interval(Clusters.singletons(20), rows -> {
            double auc = metrics.rocAuc(rows);
            nan[0] += Double.isNaN(auc) ? 1 : 0;
            return auc;
        });

        assertThat(interval.undefined()).isEqualTo(nan[0]).isBetween(358 - 50, 358 + 50);
        assertThat(interval.low()).isBetween(0.0, 1.0);
        assertThat(interval.high()).isBetween(interval.low(), 1.0);
        assertThat(interval.format(3)).endsWith(" (" + nan[0] + " of 1000 resamples undefined)");
    }

    @Test
    void anAlwaysUndefinedFigureHasNoInterval() {
        Interval interval = new Bootstrap(1, 50).interval(Clusters.singletons(5), rows -> Double.NaN);

        assertThat(interval.point()).isNaN();
        assertThat(interval.low()).isNaN();
        assertThat(interval.high()).isNaN();
        assertThat(interval.undefined()).isEqualTo(50);
        assertThat(interval.excludes(0)).isFalse();
    }

    @Test
    void pairedDifferenceOfAModelWithItselfIsExactlyZero() {
        Simulated data = Simulated.twoModels(new Random(12), 2000);
        ProbabilityMetrics a = ProbabilityMetrics.of(data.better, data.outcomes);

        Interval same = Bootstrap.seeded(1).difference(Clusters.singletons(2000), a::rocAuc, a::rocAuc);

        assertThat(same.point()).isZero();
        assertThat(same.low()).isZero();
        assertThat(same.high()).isZero();
    }

    @Test
    void pairedDifferenceIsNarrowerThanTheIntervalsOfEitherModel() {
        Simulated data = Simulated.twoModels(new Random(12), 2000);
        ProbabilityMetrics better = ProbabilityMetrics.of(data.better, data.outcomes);
        ProbabilityMetrics worse = ProbabilityMetrics.of(data.worse, data.outcomes);
        Bootstrap bootstrap = Bootstrap.seeded(1);
        Clusters rows = Clusters.singletons(2000);

        Interval difference = bootstrap.difference(rows, better::rocAuc, worse::rocAuc);
        Interval ofBetter = bootstrap.interval(rows, better::rocAuc);
        Interval ofWorse = bootstrap.interval(rows, worse::rocAuc);

        assertThat(difference.point()).isCloseTo(better.rocAuc() - worse.rocAuc(), within(1e-12));
        assertThat(difference.low()).isGreaterThan(0);
        assertThat(difference.excludes(0)).isTrue();
        // the two AUCs share the resample's luck, which the pairing cancels
        assertThat(difference.high() - difference.low()).isLessThan(ofBetter.high() - ofBetter.low());
        assertThat(ofBetter.low()).isLessThan(ofWorse.high()); // the separate intervals overlap
    }

    @Test
    void rocAucOfTwentyThousandRowsBootstrapsAThousandTimesInSeconds() {
        Simulated data = Simulated.twoModels(new Random(21), 20_000);
        ProbabilityMetrics metrics = ProbabilityMetrics.of(data.better, data.outcomes);
        long[] users = new long[20_000];
        for (int i = 0; i < users.length; i++) {
            users[i] = i / 4; // each user at 4 cuts
        }
        Clusters clusters = Clusters.of(users);

        long start = System.nanoTime();
        Interval interval = Bootstrap.seeded(1).interval(clusters, metrics::rocAuc);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(interval.point()).isCloseTo(metrics.rocAuc(), within(1e-12));
        assertThat(interval.low()).isLessThan(interval.point());
        assertThat(seconds).isLessThan(5.0);
    }

    @Test
    void rejectsBadInputWithTheReason() {
        assertThatThrownBy(() -> new Bootstrap(1, 0)).hasMessage("need at least 1 resample, got 0");
        assertThatThrownBy(() -> Clusters.singletons(0)).hasMessage("need at least 1 row, got 0");
        assertThatThrownBy(() -> Clusters.of(List.of())).hasMessage("no rows");
        assertThatThrownBy(() -> Clusters.of(java.util.Arrays.asList("a", null))).hasMessage("key of row 1 is null");
        assertThatThrownBy(() -> new Interval(0.5, 0.6, 0.4, 10, 0)).hasMessage("low 0.6 is above high 0.4");
        assertThatThrownBy(() -> new Interval(0.5, 0.4, 0.6, 10, 11)).hasMessage("11 undefined resamples of 10");
    }

    @Test
    void formatsWithDotDecimalsWhateverTheLocale() {
        assertThat(new Interval(0.71234, 0.695, 0.7301, 1000, 0).format(3)).isEqualTo("0.712 [0.695, 0.730]");
    }

    private static double mean(double[] values, int[] rows) {
        double sum = 0;
        for (int r : rows) {
            sum += values[r];
        }
        return sum / rows.length;
    }

    private static double standardDeviation(double[] values) {
        double m = mean(values, Checks.allRows(values.length));
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /** Outcomes from a latent z; the better model sees z plus a little noise, the worse one more noise. */
    private record Simulated(double[] better, double[] worse, boolean[] outcomes) {

        static Simulated twoModels(Random random, int n) {
            double[] better = new double[n];
            double[] worse = new double[n];
            boolean[] outcomes = new boolean[n];
            for (int i = 0; i < n; i++) {
                double z = random.nextGaussian();
                outcomes[i] = random.nextDouble() < sigmoid(2 * z - 1);
                double shared = random.nextGaussian();
                better[i] = sigmoid(2 * z - 1 + 0.5 * shared);
                worse[i] = sigmoid(2 * z - 1 + 0.5 * shared + 0.6 * random.nextGaussian());
            }
            return new Simulated(better, worse, outcomes);
        }

        private static double sigmoid(double x) {
            return 1 / (1 + Math.exp(-x));
        }
    }
}
