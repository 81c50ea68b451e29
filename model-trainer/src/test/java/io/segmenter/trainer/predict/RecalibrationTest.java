package io.segmenter.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.model.IsotonicCalibration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecalibrationTest {

    @Test
    void plattScalingTurnsAnOverconfidentScoreIntoTheObservedRate() {
        Random random = new Random(11);
        int n = 20_000;
        double[] p = new double[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double truth = 0.05 + 0.4 * random.nextDouble();
            double logit = Math.log(truth / (1 - truth));
            p[i] = 1 / (1 + Math.exp(-3 * logit)); // three times too sure
            y[i] = random.nextDouble() < truth;
        }
        IsotonicCalibration map = Recalibration.platt(p, y);

        double overconfident = 1 / (1 + Math.exp(-3 * Math.log(0.4 / 0.6)));
        assertThat(map.problem()).isNull();
        assertThat(map.apply(overconfident)).isCloseTo(0.4, within(0.02));
        assertThat(map.apply(0.2)).isLessThan(map.apply(0.3));
    }

    @Test
    void aScoreThatRanksBackwardsBecomesTheBaseRateRatherThanAnInvertedRanking() {
        double[] p = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8};
        boolean[] y = {true, true, true, false, true, false, false, false};
        IsotonicCalibration map = Recalibration.platt(p, y);

        assertThat(map.apply(0.1)).isCloseTo(map.apply(0.8), within(1e-9));
        assertThat(map.apply(0.5)).isCloseTo(0.5, within(1e-9)); // 4 of 8 bought
    }

    @Test
    void countsAreScaledToTheObservedTotal() {
        IsotonicCalibration map = Recalibration.scale(new double[] {0.5, 1.0, 1.5}, new double[] {0, 2, 4});

        assertThat(map.problem()).isNull();
        assertThat(map.apply(1.0)).isCloseTo(2.0, within(1e-9));
        assertThat(map.apply(1.5)).isCloseTo(3.0, within(1e-9));
    }
}
