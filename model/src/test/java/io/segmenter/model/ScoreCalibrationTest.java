package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

    @Test
    void scoreIsTheShareOfTrainingErrorsBelow() {
        double[] errors = new double[1000];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i / 10.0;
        }
        ScoreCalibration calibration = ScoreCalibration.fit(errors, 101);

        assertThat(calibration.score(-1)).isZero();
        assertThat(calibration.score(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(calibration.score(49.95)).isCloseTo(0.5, within(1e-3));
        assertThat(calibration.score(89.91)).isCloseTo(0.9, within(1e-3));
        assertThat(calibration.score(99.9)).isEqualTo(1.0);
        assertThat(calibration.score(1e9)).isEqualTo(1.0);
    }

    @Test
    void scoreNeverDecreasesWithTheError() {
        double[] errors = {0.1, 0.1, 0.1, 0.2, 0.5, 0.5, 3.0, 3.0, 3.0, 10};
        ScoreCalibration calibration = ScoreCalibration.fit(errors, 21);

        double previous = -1;
        for (double e = 0; e < 12; e += 0.01) {
            double score = calibration.score(e);
            assertThat(score).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = score;
        }
    }

    @Test
    void tiedQuantilesTakeTheHighestShare() {
        ScoreCalibration calibration = new ScoreCalibration(new double[] {0, 1, 1, 1, 2});

        assertThat(calibration.score(1.0)).isEqualTo(0.75);
    }

    @Test
    void problemsAreNamed() {
        assertThat(new ScoreCalibration(new double[] {1}).problem()).contains("at least 2");
        assertThat(new ScoreCalibration(new double[] {0, 2, 1}).problem()).contains("not sorted at index 2");
        assertThat(new ScoreCalibration(new double[] {0, Double.NaN}).problem()).contains("quantile 1 is NaN");
        assertThat(new ScoreCalibration(new double[] {0, 1, 2}).problem()).isNull();
    }
}
