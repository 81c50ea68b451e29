package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SilhouetteTest {

    private static final double[][] FOUR_ON_A_LINE = {{0}, {1}, {10}, {11}};

    @Test
    void matchesTheHandComputedValueForTwoPairs() {
        // point 0: a = 1, b = (10 + 11) / 2 = 10.5; point 1: a = 1, b = (9 + 10) / 2 = 9.5; 10 and 11 mirror them
        double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
        assertThat(Silhouette.of(FOUR_ON_A_LINE).mean(new int[] {0, 0, 1, 1}, 2)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aPointAloneInItsClusterScoresZero() {
        // clusters {0} and {1, 10, 11}. point 0: alone, s = 0;
        // point 1: a = (9 + 10) / 2 = 9.5, b = 1 -> (1 - 9.5) / 9.5; point 10: a = (9 + 1) / 2 = 5, b = 10 -> 0.5;
        // point 11: a = (10 + 1) / 2 = 5.5, b = 11 -> 0.5
        double expected = (0 + (1 - 9.5) / 9.5 + 0.5 + 0.5) / 4;
        assertThat(Silhouette.of(FOUR_ON_A_LINE).mean(new int[] {0, 1, 1, 1}, 2)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void isUndefinedForASingleCluster() {
        assertThat(Silhouette.of(FOUR_ON_A_LINE).mean(new int[] {1, 1, 1, 1}, 3)).isNaN();
    }

    @Test
    void calinskiHarabaszMatchesTheHandComputedValue() {
        // means 0.5 and 10.5, overall 5.5: between = 2 * 25 + 2 * 25 = 100, within = 4 * 0.25 = 1
        KMeansModel model = new KMeansModel(new double[][] {{0.5}, {10.5}}, 1, 1, true);
        assertThat(SegmentCountSelector.calinskiHarabasz(FOUR_ON_A_LINE, new int[] {0, 0, 1, 1}, model))
                .isCloseTo((100.0 / 1) / (1.0 / 2), within(1e-9));
    }
}
