package io.segmenter.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PredictionTargetsTest {

    @Test
    void choosesTheLongestPeriodsAThirdOfTheSpanHolds() {
        assertThat(PredictionTargets.forSpan(Duration.ofDays(545)))
                .isEqualTo(new PredictionTargets(Duration.ofDays(7), Duration.ofDays(30)));
        assertThat(PredictionTargets.forSpan(Duration.ofDays(9)))
                .isEqualTo(new PredictionTargets(Duration.ofDays(1), Duration.ofDays(3)));
        assertThat(PredictionTargets.forSpan(Duration.ofHours(3)))
                .isEqualTo(new PredictionTargets(Duration.ofHours(1), Duration.ofHours(1)));
    }

    @Test
    void refusesDataTooShortForAnyPeriodAndSaysWhy() {
        assertThatThrownBy(() -> PredictionTargets.forSpan(Duration.ofMinutes(90)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT1H30M").hasMessageContaining("three times the longest outcome period");
    }

    @Test
    void rejectsPeriodsThatAreNotPositive() {
        assertThatThrownBy(() -> new PredictionTargets(Duration.ZERO, Duration.ofDays(1)))
                .hasMessageContaining("purchase horizon");
        assertThatThrownBy(() -> new PredictionTargets(Duration.ofDays(1), Duration.ofDays(-1)))
                .hasMessageContaining("churn horizon");
    }
}
