package io.segmenter.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    @Test
    void theBestSingleFeatureIsTheInformativeOneInItsDirection() {
        int n = 2_000;
        int informative = FeatureDefinition.SEGMENT.indexOf("hours_since_last_purchase");
        Random random = new Random(3);
        double[][] x = new double[n][FeatureDefinition.SEGMENT.size()];
        boolean[] bought = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = random.nextDouble();
            }
            x[i][informative] = random.nextDouble() * 720;
            bought[i] = random.nextDouble() < 0.6 - x[i][informative] / 1_440; // recent buyers buy again
        }
        Baselines.SingleFeature rule = Baselines.bestFeature(x, bought, null);

        assertThat(rule.feature()).isEqualTo(informative);
        assertThat(rule.descending()).isTrue();
        assertThat(rule.describe()).startsWith("fewer hours_since_last_purchase");
        double[] recentAndOld = rule.apply(new double[][] {row(informative, 10), row(informative, 700)});
        assertThat(recentAndOld[0]).isGreaterThan(recentAndOld[1]);
        assertThat(recentAndOld[0]).isBetween(0.4, 0.7);
    }

    private static double[] row(int feature, double value) {
        double[] r = new double[FeatureDefinition.SEGMENT.size()];
        r[feature] = value;
        return r;
    }
}
