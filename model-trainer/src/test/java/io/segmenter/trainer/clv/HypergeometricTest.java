package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HypergeometricTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.1, 0.5, 0.9, 0.99, 0.999})
    void matchesMinusLogOneMinusZOverZForOneOneTwo(double z) {
        double expected = -Math.log1p(-z) / z;
        assertThat(Hypergeometric.gauss2F1(1, 1, 2, z)).isCloseTo(expected, within(1e-12 * expected));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9, 0.999})
    void matchesPowerOfOneMinusZWhenBEqualsC(double z) {
        for (double a : new double[] {0.25, 1.7, 12.5}) {
            double expected = Math.pow(1 - z, -a);
            assertThat(Hypergeometric.gauss2F1(a, 3.3, 3.3, z)).isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.6, 0.95})
    void matchesArcsinForHalfHalfThreeHalves(double x) {
        double expected = Math.asin(x) / x;
        assertThat(Hypergeometric.gauss2F1(0.5, 0.5, 1.5, x * x)).isCloseTo(expected, within(1e-12 * expected));
    }

    @Test
    void matchesGausssSecondSummationTheoremAtOneHalf() {
        // 2F1(a, b; (a + b + 1) / 2; 1/2) = sqrt(pi) Gamma((a + b + 1) / 2) / (Gamma((a + 1) / 2) Gamma((b + 1) / 2))
        double[][] cases = {{0.3, 2.2}, {1.25, 4.5}, {7.5, 30.5}};
        for (double[] ab : cases) {
            double a = ab[0];
            double b = ab[1];
            double expected = Math.exp(0.5 * Math.log(Math.PI) + Gamma.logGamma((a + b + 1) / 2)
                    - Gamma.logGamma((a + 1) / 2) - Gamma.logGamma((b + 1) / 2));
            assertThat(Hypergeometric.gauss2F1(a, b, (a + b + 1) / 2, 0.5))
                    .isCloseTo(expected, within(1e-12 * expected));
        }
    }

    @Test
    void sumsThePolynomialWhenAIsANonPositiveInteger() {
        // 2F1(-2, b; c; z) = 1 - 2 b z / c + b (b + 1) z^2 / (c (c + 1))
        double b = 1.5;
        double c = 2.5;
        double z = 0.7;
        assertThat(Hypergeometric.gauss2F1(-2, b, c, z))
                .isCloseTo(1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1)), within(1e-14));
    }

    @Test
    void isOneAtZero() {
        assertThat(Hypergeometric.gauss2F1(3, 4, 5, 0)).isEqualTo(1);
    }

    @Test
    void rejectsZOutsideZeroToOne() {
        assertThatThrownBy(() -> Hypergeometric.gauss2F1(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("z in [0, 1)");
        assertThatThrownBy(() -> Hypergeometric.gauss2F1(1, 1, 2, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hypergeometric.gauss2F1(1, 1, 2, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsCANonPositiveInteger() {
        assertThatThrownBy(() -> Hypergeometric.gauss2F1(1, 1, -2, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-positive integer");
    }

    @Test
    void saysWhenZIsTooCloseToOneForTheSeries() {
        assertThatThrownBy(() -> Hypergeometric.gauss2F1(1, 1, 2, 1 - 1e-9)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("too close to 1");
    }
}
