package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountMetricsTest {

    @Test
    void errorsAndTotalsOfAHandComputedExample() {
        // errors 1, -2, -0.5
        CountMetrics metrics = CountMetrics.of(new double[] {1, 2, 0.5}, new double[] {0, 4, 1});

        assertThat(metrics.rmse()).isCloseTo(Math.sqrt((1 + 4 + 0.25) / 3), within(1e-12));
        assertThat(metrics.mae()).isCloseTo(3.5 / 3, within(1e-12));
        assertThat(metrics.sumPredicted()).isEqualTo(3.5);
        assertThat(metrics.sumActual()).isEqualTo(5);
        assertThat(metrics.predictedOverActual()).isCloseTo(0.7, within(1e-12));
        // top ceil(3/10) = 1 row by prediction is row 1, which had events; 2 of 3 rows did: 1 / (2/3)
        assertThat(metrics.anyEventLift()).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void rowVersionsCountRepeatsAsCopies() {
        CountMetrics metrics = CountMetrics.of(new double[] {1, 2, 0.5}, new double[] {0, 4, 1});
        int[] rows = {0, 0, 2};

        assertThat(metrics.rmse(rows)).isCloseTo(Math.sqrt((1 + 1 + 0.25) / 3), within(1e-12));
        assertThat(metrics.mae(rows)).isCloseTo(2.5 / 3, within(1e-12));
        assertThat(metrics.sumPredicted(rows)).isEqualTo(2.5);
        assertThat(metrics.sumActual(rows)).isEqualTo(1);
        assertThat(metrics.predictedOverActual(rows)).isEqualTo(2.5);
        assertThat(metrics.anyEventLift(rows)).isZero(); // top 1 of 3 is a copy of row 0, no event
    }

    @Test
    void ratioAndLiftAreNaNWhenNothingHappened() {
        CountMetrics metrics = CountMetrics.of(new double[] {1, 2}, new double[] {0, 0});

        assertThat(metrics.predictedOverActual()).isNaN();
        assertThat(metrics.anyEventLift()).isNaN();
        assertThat(metrics.rmse()).isCloseTo(Math.sqrt(2.5), within(1e-12));
    }

    @Test
    void rejectsNegativeOrMismatchedCounts() {
        assertThatThrownBy(() -> CountMetrics.of(new double[] {1, -1}, new double[] {0, 0}))
                .hasMessage("prediction 1 is -1.0 (must be >= 0)");
        assertThatThrownBy(() -> CountMetrics.of(new double[] {1, 1}, new double[] {0, Double.POSITIVE_INFINITY}))
                .hasMessage("actual count 1 is Infinity (must be finite)");
        assertThatThrownBy(() -> CountMetrics.of(new double[] {1}, new double[] {0, 0}))
                .hasMessage("1 predictions but 2 actual counts");
        assertThatThrownBy(() -> CountMetrics.of(new double[] {}, new double[] {})).hasMessage("no rows");
    }
}
