package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PoissonRegressionTest {

    @Test
    void interceptAloneIsTheLogOfTheMeanCount() {
        PoissonRegression model = PoissonRegression.fit(new double[4][0], new double[] {0, 1, 2, 5}, 1.0);

        assertThat(model.intercept()).isCloseTo(Math.log(2), within(1e-9));
        assertThat(model.predict(new double[0])).isCloseTo(2, within(1e-9));
    }

    @Test
    void unpenalisedBinaryFeatureGivesEachGroupsLogMean() {
        // x = 0: mean 2; x = 1: mean 6 -> intercept log 2, slope log 3
        double[][] x = {{0}, {0}, {0}, {1}, {1}, {1}};
        double[] counts = {1, 2, 3, 4, 6, 8};

        PoissonRegression model = PoissonRegression.fit(x, counts, 0);

        assertThat(model.intercept()).isCloseTo(Math.log(2), within(1e-9));
        assertThat(model.coefficients()[0]).isCloseTo(Math.log(3), within(1e-9));
        assertThat(model.predict(new double[][] {{0}, {1}})).containsExactly(new double[] {2, 6}, within(1e-8));
    }

    @Test
    void recoversTheCoefficientsOfSimulatedCounts() {
        double[] truth = {0.2, 0.6, -0.4};
        Random random = new Random(31);
        int n = 20_000;
        double[][] x = new double[n][2];
        double[] counts = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            counts[i] = poisson(random, Math.exp(truth[0] + truth[1] * x[i][0] + truth[2] * x[i][1]));
        }

        PoissonRegression model = PoissonRegression.fit(x, counts, 0);

        // standard errors here are about 0.01
        assertThat(model.intercept()).isCloseTo(truth[0], within(0.05));
        assertThat(model.coefficients()).containsExactly(new double[] {0.6, -0.4}, within(0.05));
    }

    @Test
    void countsSpanningManyOrdersOfMagnitudeFitWithoutOverflow() {
        // exactly exp(0.5 x) at x = 0, 10, 20, 30, 40: the first Newton step from a flat start overshoots
        double[][] x = {{0}, {10}, {20}, {30}, {40}};
        double[] counts = new double[5];
        for (int i = 0; i < 5; i++) {
            counts[i] = Math.exp(0.5 * x[i][0]);
        }

        PoissonRegression model = PoissonRegression.fit(x, counts, 0);

        assertThat(model.intercept()).isCloseTo(0, within(1e-6));
        assertThat(model.coefficients()[0]).isCloseTo(0.5, within(1e-8));
        assertThat(model.predict(new double[] {1e6})).isEqualTo(Math.exp(PoissonRegression.MAX_LOG_MEAN));
    }

    @Test
    void penalisedFitSatisfiesTheStationarityCondition() {
        // at the optimum: sum (y - mu) = 0 and sum (y - mu) x = l2 * beta
        double[][] x = {{-1}, {-0.5}, {0}, {0.5}, {1}, {1.5}};
        double[] counts = {0, 1, 1, 3, 2, 7};
        double l2 = 4;

        PoissonRegression model = PoissonRegression.fit(x, counts, l2);

        double intercept = 0;
        double slope = 0;
        for (int i = 0; i < x.length; i++) {
            double residual = counts[i] - model.predict(x[i]);
            intercept += residual;
            slope += residual * x[i][0];
        }
        assertThat(intercept).isCloseTo(0, within(1e-7));
        assertThat(slope).isCloseTo(l2 * model.coefficients()[0], within(1e-7));
    }

    @Test
    void rejectsBadInputWithTheReason() {
        assertThatThrownBy(() -> PoissonRegression.fit(new double[][] {{1}, {2}}, new double[] {0, 0}, 1))
                .hasMessage("counts are all zero: Poisson regression needs a positive count");
        assertThatThrownBy(() -> PoissonRegression.fit(new double[][] {{1}, {2}}, new double[] {0, -1}, 1))
                .hasMessage("count 1 is -1.0 (must be >= 0)");
        assertThatThrownBy(() -> PoissonRegression.fit(new double[][] {{1}, {2}}, new double[] {1}, 1))
                .hasMessage("2 design rows but 1 targets");
        assertThatThrownBy(() -> PoissonRegression.fit(new double[][] {{1}, {2}}, new double[] {1, 2}, Double.NaN))
                .hasMessage("l2 penalty is NaN (must be finite and >= 0)");
        // a constant column duplicates the intercept: singular without a penalty
        assertThatThrownBy(() -> PoissonRegression.fit(new double[][] {{1}, {1}}, new double[] {1, 2}, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("singular");
    }

    /** Knuth's multiplication method; fine for small means. */
    private static int poisson(Random random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
