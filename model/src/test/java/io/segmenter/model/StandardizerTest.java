package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    @Test
    void fitsMeanAndPopulationStandardDeviation() {
        Standardizer s = Standardizer.fit(new double[][] {{1, 10, 5}, {3, 10, 7}, {5, 10, 9}});

        assertThat(s.mean()).containsExactly(new double[] {3, 10, 7}, within(1e-12));
        assertThat(s.std(0)).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
        assertThat(s.std(1)).as("a constant feature").isEqualTo(Standardizer.CONSTANT_FEATURE_STD);
        assertThat(s.z(0, 5)).isCloseTo(2 / Math.sqrt(8.0 / 3), within(1e-12));
    }

    @Test
    void isImmutable() {
        double[] mean = {1, 2};
        Standardizer s = new Standardizer(mean, new double[] {1, 1});
        mean[0] = 99;
        s.mean()[1] = 99;

        assertThat(s.mean()).containsExactly(1, 2);
    }
}
