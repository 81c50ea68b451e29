package io.segmenter.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void interceptAloneIsTheLogOddsOfTheBaseRate() {
        LogisticRegression model = LogisticRegression.fit(new double[4][0], new boolean[] {T, T, T, F}, 1.0);

        assertThat(model.intercept()).isCloseTo(Math.log(3), within(1e-9));
        assertThat(model.coefficients()).isEmpty();
        assertThat(model.predict(new double[0])).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void unpenalisedBinaryFeatureGivesEachGroupsLogOdds() {
        // x = 0: 1 of 4 positive, log odds log(1/3); x = 1: 3 of 4, log odds log 3; slope log 9
        double[][] x = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
        boolean[] y = {T, F, F, F, T, T, T, F};

        LogisticRegression model = LogisticRegression.fit(x, y, 0);

        assertThat(model.intercept()).isCloseTo(Math.log(1 / 3.0), within(1e-9));
        assertThat(model.coefficients()[0]).isCloseTo(Math.log(9), within(1e-9));
        assertThat(model.predict(new double[][] {{0}, {1}})).containsExactly(new double[] {0.25, 0.75}, within(1e-9));
    }

    @Test
    void recoversTheCoefficientsOfSimulatedData() {
        double[] truth = {-0.5, 1.0, -2.0, 0.5}; // intercept, then slopes
        Random random = new Random(17);
        int n = 20_000;
        double[][] x = new double[n][3];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double eta = truth[0];
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
                eta += truth[j + 1] * x[i][j];
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta));
        }

        LogisticRegression model = LogisticRegression.fit(x, y, 0);

        // standard errors here are about 0.02-0.04
        assertThat(model.intercept()).isCloseTo(truth[0], within(0.1));
        assertThat(model.coefficients()).containsExactly(new double[] {1.0, -2.0, 0.5}, within(0.1));
    }

    @Test
    void penalisedFitSatisfiesTheStationarityCondition() {
        // at the optimum: sum (y - p) = 0 and, per slope j, sum (y - p) x_j = l2 * beta_j
        Random random = new Random(23);
        int n = 500;
        double[][] x = new double[n][2];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextGaussian();
            x[i][1] = random.nextGaussian();
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(0.3 + 1.5 * x[i][0] - x[i][1])));
        }
        double l2 = 25;

        LogisticRegression model = LogisticRegression.fit(x, y, l2);

        double[] score = new double[3];
        for (int i = 0; i < n; i++) {
            double residual = (y[i] ? 1 : 0) - model.predict(x[i]);
            score[0] += residual;
            score[1] += residual * x[i][0];
            score[2] += residual * x[i][1];
        }
        assertThat(score[0]).isCloseTo(0, within(1e-6));
        assertThat(score[1]).isCloseTo(l2 * model.coefficients()[0], within(1e-6));
        assertThat(score[2]).isCloseTo(l2 * model.coefficients()[1], within(1e-6));
        // and the penalty shrank the slopes below the unpenalised fit's
        LogisticRegression unpenalised = LogisticRegression.fit(x, y, 0);
        assertThat(Math.abs(model.coefficients()[0])).isLessThan(Math.abs(unpenalised.coefficients()[0]));
    }

    @Test
    void separableDataStaysFiniteUnderAPenalty() {
        double[][] x = {{-2}, {-1}, {-0.5}, {0.5}, {1}, {2}};
        boolean[] y = {F, F, F, T, T, T};

        LogisticRegression model = LogisticRegression.fit(x, y, 1.0);

        assertThat(Double.isFinite(model.coefficients()[0])).isTrue();
        assertThat(model.coefficients()[0]).isPositive().isLessThan(20);
        assertThat(model.predict(new double[] {2})).isGreaterThan(0.5).isLessThan(1);
        assertThat(model.predict(new double[] {-2})).isLessThan(0.5).isGreaterThan(0);
        assertThatThrownBy(() -> LogisticRegression.fit(x, y, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("use a positive l2 penalty");
    }

    @Test
    void fittingTwiceGivesTheSameModel() {
        double[][] x = {{0.1, 1}, {0.4, -1}, {0.35, 0.5}, {0.8, 0}, {-0.3, 2}};
        boolean[] y = {F, F, T, T, F};

        assertThat(LogisticRegression.fit(x, y, 0.5)).isEqualTo(LogisticRegression.fit(x, y, 0.5));
    }

    @Test
    void rejectsBadInputWithTheReason() {
        assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2}}, new boolean[] {T, T}, 1))
                .hasMessage("outcomes are all positive: logistic regression needs both classes");
        assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2}}, new boolean[] {T}, 1))
                .hasMessage("2 design rows but 1 targets");
        assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2, 3}}, new boolean[] {T, F}, 1))
                .hasMessage("design row 1 has 2 columns, row 0 has 1");
        assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {Double.NaN}}, new boolean[] {T, F}, 1))
                .hasMessage("design value [1][0] is NaN (must be finite)");
        assertThatThrownBy(() -> LogisticRegression.fit(new double[][] {{1}, {2}}, new boolean[] {T, F}, -1))
                .hasMessage("l2 penalty is -1.0 (must be finite and >= 0)");
        assertThatThrownBy(() -> LogisticRegression.fit(new double[0][], new boolean[0], 1)).hasMessage("no rows");
        LogisticRegression model = new LogisticRegression(0, new double[] {1, 2});
        assertThatThrownBy(() -> model.predict(new double[] {1})).hasMessage("row has 1 values, the model 2 coefficients");
        assertThatThrownBy(() -> model.predict(new double[] {1, Double.NaN})).hasMessage("row value 1 is NaN");
    }
}
