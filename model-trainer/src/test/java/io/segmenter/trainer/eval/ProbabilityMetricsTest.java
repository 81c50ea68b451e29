package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbabilityMetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void brierScoreIsTheMeanSquaredDistanceToTheOutcome() {
        // (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 = 0.01 + 0.04 + 0.36
        ProbabilityMetrics metrics = ProbabilityMetrics.of(new double[] {0.9, 0.2, 0.6}, new boolean[] {T, F, F});

        assertThat(metrics.brierScore()).isCloseTo(0.41 / 3, within(1e-12));
        // rows 0, 0, 2: 0.01 + 0.01 + 0.36
        assertThat(metrics.brierScore(new int[] {0, 0, 2})).isCloseTo(0.38 / 3, within(1e-12));
    }

    @Test
    void calibrationErrorWeighsEachBinsGapByItsRows() {
        // bin 0: 0.05 (-) gap 0.05; bin 1: 0.15 (+), 0.12 (-) mean 0.135 rate 0.5 gap 0.365; bin 9: 0.95 (+) gap 0.05
        ProbabilityMetrics metrics = ProbabilityMetrics.of(new double[] {0.05, 0.15, 0.12, 0.95},
                new boolean[] {F, T, F, T});

        assertThat(metrics.expectedCalibrationError()).isCloseTo((0.05 + 2 * 0.365 + 0.05) / 4, within(1e-12));
        // rows 1, 1, 3: bin 1 is 0.15 twice, all positive (gap 0.85 x2); bin 9 gap 0.05
        assertThat(metrics.expectedCalibrationError(new int[] {1, 1, 3})).isCloseTo((2 * 0.85 + 0.05) / 3, within(1e-12));
    }

    @Test
    void reliabilityTableListsTenBinsWithCountsMeansAndRates() {
        ProbabilityMetrics metrics = ProbabilityMetrics.of(new double[] {0.05, 0.15, 0.12, 0.95, 1.0, 0.1},
                new boolean[] {F, T, F, T, T, F});

        List<ReliabilityBin> table = metrics.reliability();

        assertThat(table).hasSize(10);
        assertThat(table.get(0)).isEqualTo(new ReliabilityBin(0.0, 0.1, 1, 0.05, 0.0));
        // 0.1 opens bin 1
        assertThat(table.get(1).count()).isEqualTo(3);
        assertThat(table.get(1).meanPredicted()).isCloseTo(0.37 / 3, within(1e-12));
        assertThat(table.get(1).observedRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(table.get(5).count()).isZero();
        assertThat(table.get(5).meanPredicted()).isNaN();
        assertThat(table.get(5).gap()).isZero();
        // 1.0 closes the last bin
        assertThat(table.get(9)).isEqualTo(new ReliabilityBin(0.9, 1.0, 2, 0.975, 1.0));
        double weightedGaps = table.stream().mapToDouble(b -> b.count() * b.gap()).sum() / 6;
        assertThat(metrics.expectedCalibrationError()).isCloseTo(weightedGaps, within(1e-12));
    }

    @Test
    void perfectlyCalibratedBinsHaveNoError() {
        // bin 2 holds four 0.25s with one positive; bin 7 four 0.75s with three
        ProbabilityMetrics metrics = ProbabilityMetrics.of(new double[] {0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75},
                new boolean[] {T, F, F, F, T, T, T, F});

        assertThat(metrics.expectedCalibrationError()).isCloseTo(0.0, within(1e-15));
        assertThat(metrics.brierScore()).isCloseTo(0.1875, within(1e-12)); // p(1-p) = 3/16 in both bins
        // 0.25(+) ties three 0.25(-): 1.5; each 0.75(+) beats three 0.25(-) and ties one 0.75(-): 3 x 3.5 -> 12 of 16
        assertThat(metrics.rocAuc()).isCloseTo(0.75, within(1e-12));
        // the top 1 of 8 is row 4 (lowest index of the tied 0.75s), positive: 1 / 0.5
        assertThat(metrics.topDecileLift()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void rejectsNonProbabilitiesAndMismatchedInput() {
        assertThatThrownBy(() -> ProbabilityMetrics.of(new double[] {0.5, 1.2}, new boolean[] {T, F}))
                .hasMessage("probability 1 is 1.2 (not in [0, 1])");
        assertThatThrownBy(() -> ProbabilityMetrics.of(new double[] {Double.NaN}, new boolean[] {T}))
                .hasMessage("probability 0 is NaN (must be finite)");
        assertThatThrownBy(() -> ProbabilityMetrics.of(new double[] {0.5}, new boolean[] {T, F}))
                .hasMessage("1 probabilities but 2 outcomes");
        assertThatThrownBy(() -> ProbabilityMetrics.of(new double[] {}, new boolean[] {})).hasMessage("no rows");
    }
}
