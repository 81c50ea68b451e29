package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.model.IsotonicCalibration.Range;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsotonicCalibrationTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void poolsAdjacentViolatorsOfTheTextbookExample() {
        // y = 1 3 2 4 3.5 5 at x = 1..6: (3, 2) pool to 2.5 at x 2.5, (4, 3.5) pool to 3.75 at x 4.5
        IsotonicCalibration c = IsotonicCalibration.fitMeans(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {1, 3, 2, 4, 3.5, 5});

        assertThat(c.range()).isEqualTo(Range.NON_NEGATIVE);
        assertThat(c.thresholds()).containsExactly(1, 2.5, 4.5, 6);
        assertThat(c.values()).containsExactly(1, 2.5, 3.75, 5);
    }

    @Test
    void poolsZeroOneOutcomesBackwardsUntilMonotone() {
        // 0 | 1 0 0 -> 1/3 | 1 1 0 -> the trailing 0 pools with both ones -> 2/3 | 1
        IsotonicCalibration c = IsotonicCalibration.fitProbabilities(new double[] {1, 2, 3, 4, 5, 6, 7, 8},
                new boolean[] {F, T, F, F, T, T, F, T});

        assertThat(c.range()).isEqualTo(Range.PROBABILITY);
        assertThat(c.thresholds()).containsExactly(1, 3, 6, 8);
        assertThat(c.values()).containsExactly(new double[] {0, 1 / 3.0, 2 / 3.0, 1}, within(1e-15));
    }

    @Test
    void weightsCountInTheBlockMeansAndCentres() {
        // one violating pair, weights 3 and 1: value (3*1 + 1*0) / 4, centre (3*1 + 1*2) / 4
        IsotonicCalibration c = IsotonicCalibration.fitProbabilities(new double[] {1, 2}, new boolean[] {T, F},
                new double[] {3, 1});

        assertThat(c.thresholds()).containsExactly(1.25);
        assertThat(c.values()).containsExactly(0.75);
    }

    @Test
    void tiedScoresArePooledBeforeTheirOrderCanMatter() {
        // x 1 (y 1), 1 (y 0), 2 (y 0.5): the tie is one point of mean 0.5, equal to the next, so no pool
        IsotonicCalibration forwards = IsotonicCalibration.fitMeans(new double[] {1, 1, 2}, new double[] {1, 0, 0.5});
        IsotonicCalibration backwards = IsotonicCalibration.fitMeans(new double[] {1, 1, 2}, new double[] {0, 1, 0.5});

        assertThat(forwards.thresholds()).containsExactly(1, 2);
        assertThat(forwards.values()).containsExactly(0.5, 0.5);
        assertThat(backwards).isEqualTo(forwards);
    }

    @Test
    void zeroWeightRowsAreIgnored() {
        IsotonicCalibration c = IsotonicCalibration.fitMeans(new double[] {1, 2, 3}, new double[] {1, 100, 2},
                new double[] {1, 0, 1});

        assertThat(c.thresholds()).containsExactly(1, 3);
        assertThat(c.values()).containsExactly(1, 2);
    }

    @Test
    void interpolatesLinearlyBetweenCentresAndIsFlatOutside() {
        IsotonicCalibration c = new IsotonicCalibration(Range.NON_NEGATIVE, new double[] {1, 2.5, 4.5, 6},
                new double[] {1, 2.5, 3.75, 5});

        assertThat(c.apply(Double.NEGATIVE_INFINITY)).isEqualTo(1);
        assertThat(c.apply(0)).isEqualTo(1);
        assertThat(c.apply(1)).isEqualTo(1);
        assertThat(c.apply(1.75)).isCloseTo(1.75, within(1e-12)); // halfway from (1, 1) to (2.5, 2.5)
        assertThat(c.apply(2.5)).isEqualTo(2.5);
        assertThat(c.apply(3.5)).isCloseTo(2.5 + 0.5 * 1.25, within(1e-12));
        assertThat(c.apply(6)).isEqualTo(5);
        assertThat(c.apply(1e9)).isEqualTo(5);
    }

    @Test
    void aSingleBlockIsAConstant() {
        IsotonicCalibration c = IsotonicCalibration.fitProbabilities(new double[] {0.9, 0.1}, new boolean[] {F, T});

        assertThat(c.breakpoints()).isEqualTo(1);
        assertThat(c.apply(-5)).isEqualTo(0.5);
        assertThat(c.apply(0.5)).isEqualTo(0.5);
        assertThat(c.apply(5)).isEqualTo(0.5);
    }

    @Test
    void fittedMapNeverDecreasesAndStaysAProbability() {
        Random random = new Random(7);
        int n = 2000;
        double[] scores = new double[n];
        boolean[] outcomes = new boolean[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextGaussian();
            outcomes[i] = random.nextDouble() < 0.3 + 0.1 * Math.sin(3 * scores[i]);
        }
        IsotonicCalibration c = IsotonicCalibration.fitProbabilities(scores, outcomes);

        assertThat(c.problem()).isNull();
        double previous = -1;
        for (double s = -5; s <= 5; s += 0.001) {
            double value = c.apply(s);
            assertThat(value).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
    }

    @Test
    void calibratingAnOverconfidentScoreLowersHeldOutCalibrationError() {
        Random random = new Random(11);
        Simulated train = Simulated.overconfident(random, 20_000);
        Simulated test = Simulated.overconfident(random, 20_000);

        IsotonicCalibration c = IsotonicCalibration.fitProbabilities(train.scores, train.outcomes);
        double[] calibrated = new double[test.scores.length];
        for (int i = 0; i < calibrated.length; i++) {
            calibrated[i] = c.apply(test.scores[i]);
        }

        double before = expectedCalibrationError(test.scores, test.outcomes);
        double after = expectedCalibrationError(calibrated, test.outcomes);
        assertThat(before).isGreaterThan(0.05);
        assertThat(after).isLessThan(0.02).isLessThan(before / 4);
    }

    @Test
    void countTargetsAreNotClippedToOne() {
        IsotonicCalibration c = IsotonicCalibration.fitMeans(new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {0, 2, 1, 7});

        assertThat(c.values()).containsExactly(0, 1.5, 7);
        assertThat(c.problem()).isNull();
        assertThat(new IsotonicCalibration(Range.PROBABILITY, c.thresholds(), c.values()).problem())
                .isEqualTo("value 1 is 1.5 (not in [0, 1])");
    }

    @Test
    void accessorsRebuildAnEqualCalibrationAndCopyTheirArrays() {
        double[] thresholds = {0.1, 0.4, 0.8};
        double[] values = {0.05, 0.3, 0.9};
        IsotonicCalibration c = new IsotonicCalibration(Range.PROBABILITY, thresholds, values);
        thresholds[0] = 99;
        values[0] = 99;
        c.thresholds()[1] = 99;
        c.values()[1] = 99;

        IsotonicCalibration rebuilt = new IsotonicCalibration(c.range(), c.thresholds(), c.values());

        assertThat(c.thresholds()).containsExactly(0.1, 0.4, 0.8);
        assertThat(c.values()).containsExactly(0.05, 0.3, 0.9);
        assertThat(rebuilt).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(rebuilt.apply(0.6)).isEqualTo(c.apply(0.6));
        assertThat(rebuilt).isNotEqualTo(new IsotonicCalibration(Range.NON_NEGATIVE, c.thresholds(), c.values()));
        assertThat(c).hasToString("IsotonicCalibration[PROBABILITY, 3 breakpoints]");
    }

    @Test
    void problemNamesWhatIsWrong() {
        assertThat(problem(new double[] {0.1, 0.2}, new double[] {0.5})).isEqualTo("2 thresholds but 1 values");
        assertThat(problem(new double[] {}, new double[] {})).isEqualTo("needs at least 1 breakpoint, has 0");
        assertThat(problem(new double[] {0.1, Double.NaN}, new double[] {0.1, 0.2}))
                .isEqualTo("threshold 1 is NaN (must be finite)");
        assertThat(problem(new double[] {0.1, 0.2}, new double[] {0.1, Double.POSITIVE_INFINITY}))
                .isEqualTo("value 1 is Infinity (must be finite)");
        assertThat(problem(new double[] {0.2, 0.1}, new double[] {0.1, 0.2}))
                .isEqualTo("thresholds are not strictly increasing at index 1");
        assertThat(problem(new double[] {0.1, 0.1}, new double[] {0.1, 0.2}))
                .isEqualTo("thresholds are not strictly increasing at index 1");
        assertThat(problem(new double[] {0.1, 0.2}, new double[] {0.3, 0.2})).isEqualTo("values decrease at index 1");
        assertThat(problem(new double[] {0.1, 0.2}, new double[] {-0.1, 0.2})).isEqualTo("value 0 is -0.1 (not in [0, 1])");
        assertThat(new IsotonicCalibration(Range.NON_NEGATIVE, new double[] {1}, new double[] {-1}).problem())
                .isEqualTo("value 0 is -1.0 (negative)");
        assertThat(problem(new double[] {0.1, 0.2}, new double[] {0.0, 1.0})).isNull();
    }

    @Test
    void fittingRejectsBadInputWithTheReason() {
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {1, 2}, new boolean[] {T}))
                .hasMessage("2 scores but 1 targets");
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {1}, new boolean[] {T},
                new double[] {1, 1})).hasMessage("1 scores but 2 weights");
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {}, new boolean[] {}))
                .hasMessage("cannot calibrate on no rows");
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {1, Double.NaN},
                new boolean[] {T, F})).hasMessage("score 1 is NaN (must be finite)");
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {1, 2}, new boolean[] {T, F},
                new double[] {1, -1})).hasMessage("weight 1 is -1.0 (must be finite and >= 0)");
        assertThatThrownBy(() -> IsotonicCalibration.fitProbabilities(new double[] {1, 2}, new boolean[] {T, F},
                new double[] {0, 0})).hasMessage("the weights sum to zero");
        assertThatThrownBy(() -> IsotonicCalibration.fitMeans(new double[] {1, 2}, new double[] {1, -2}))
                .hasMessage("target 1 is -2.0 (must be finite and >= 0)");
        IsotonicCalibration c = IsotonicCalibration.fitMeans(new double[] {1, 2}, new double[] {1, 2});
        assertThatThrownBy(() -> c.apply(Double.NaN)).hasMessage("score is NaN");
    }

    private static String problem(double[] thresholds, double[] values) {
        return new IsotonicCalibration(Range.PROBABILITY, thresholds, values).problem();
    }

    /** ECE over 10 equal-width bins of [0, 1], each bin weighted by its share of rows. */
    private static double expectedCalibrationError(double[] p, boolean[] y) {
        double[] count = new double[10];
        double[] predicted = new double[10];
        double[] observed = new double[10];
        for (int i = 0; i < p.length; i++) {
            int bin = Math.min(9, (int) (p[i] * 10));
            count[bin]++;
            predicted[bin] += p[i];
            observed[bin] += y[i] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            ece += Math.abs(predicted[b] - observed[b]) / p.length; // |mean p - rate| * count / n
        }
        return ece;
    }

    /** Outcomes drawn with probability sigmoid(z - 1); the score is sigmoid(3 (z - 1)), far too sure. */
    private record Simulated(double[] scores, boolean[] outcomes) {

        static Simulated overconfident(Random random, int n) {
            double[] scores = new double[n];
            boolean[] outcomes = new boolean[n];
            for (int i = 0; i < n; i++) {
                double z = random.nextGaussian() - 1;
                outcomes[i] = random.nextDouble() < 1 / (1 + Math.exp(-z));
                scores[i] = 1 / (1 + Math.exp(-3 * z));
            }
            return new Simulated(scores, outcomes);
        }
    }
}
