package io.segmenter.trainer.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.trainer.Metrics;
import org.junit.jupiter.api.Test;

/** The threshold rule on hand-made validation scores. */
class FraudThresholdRuleTest {

    @Test
    void wilsonLowerBoundMatchesTheFormula() {
        // p = 0.9, n = 10, z = 1.6449: (0.9 + z^2/20 - z * sqrt(0.009 + z^2/400)) / (1 + z^2/10)
        assertThat(FraudTrainer.wilsonLowerBound(9, 10, FraudTrainer.CONFIDENCE_Z)).isCloseTo(0.65228, within(1e-5));
        // all successes: n / (n + z^2)
        assertThat(FraudTrainer.wilsonLowerBound(40, 40, FraudTrainer.CONFIDENCE_Z))
                .isCloseTo(40 / (40 + FraudTrainer.CONFIDENCE_Z * FraudTrainer.CONFIDENCE_Z), within(1e-12));
    }

    @Test
    void takesTheMostRecallWhosePrecisionIsConfidentlyOnTarget() {
        // 40 frauds scoring 1.00 .. 0.61, then from 0.60 down two legitimate for every fraud (13 more)
        double[] scores = new double[80];
        boolean[] fraud = new boolean[80];
        for (int i = 0; i < 40; i++) {
            scores[i] = 1.00 - 0.01 * i;
            fraud[i] = true;
        }
        for (int i = 40; i < 80; i++) {
            scores[i] = 0.60 - 0.005 * (i - 40);
            fraud[i] = (i - 40) % 3 == 2;
        }

        FraudTrainer.ThresholdChoice choice = FraudTrainer.chooseThreshold(scores, fraud, 0.9);

        // 40 of 40: bound 40/(40 + z^2) = 0.937; then 40 of 41 (bound 0.898), 40 of 42, 41 of 43, ... all below 0.9
        assertThat(choice.rule()).isEqualTo(FraudTrainer.Rule.CONFIDENT_PRECISION);
        assertThat(choice.threshold()).isCloseTo(0.605, within(1e-12)); // halfway between 0.61 and 0.60
        assertThat(Metrics.outcomeAt(scores, fraud, choice.threshold()).recall()).isEqualTo(40.0 / 53);
    }

    @Test
    void fallsBackToObservedPrecisionWhenTooFewToBeConfident() {
        // 3 of 3 at the top: precision 1, but the bound 3/(3 + z^2) = 0.53
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] fraud = {true, true, true, false, true, false};

        FraudTrainer.ThresholdChoice choice = FraudTrainer.chooseThreshold(scores, fraud, 0.9);

        assertThat(choice.rule()).isEqualTo(FraudTrainer.Rule.OBSERVED_PRECISION);
        assertThat(choice.threshold()).isCloseTo(0.65, within(1e-12));
    }

    @Test
    void takesTheBestF1WhenNoThresholdReachesTheTarget() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] fraud = {false, true, false, true, true, false};
        // F1 from the top: 0, 0.4, 0.333, 0.571, 0.75, 0.667 -> flag down to 0.5

        FraudTrainer.ThresholdChoice choice = FraudTrainer.chooseThreshold(scores, fraud, 0.9);

        assertThat(choice.rule()).isEqualTo(FraudTrainer.Rule.BEST_F1);
        assertThat(choice.threshold()).isCloseTo(0.45, within(1e-12));
    }
}
