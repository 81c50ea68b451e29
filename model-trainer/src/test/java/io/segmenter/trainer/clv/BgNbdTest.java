package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

class BgNbdTest {

    private static final BgNbd CDNOW_LIKE = new BgNbd(0.25, 4.8, 0.75, 2.2);

    /** The paper's equation 6 term by term, without logs. */
    private static double directLikelihood(BgNbd m, RepeatSummary s) {
        double r = m.r();
        double alpha = m.alpha();
        double a = m.a();
        double b = m.b();
        int x = s.x();
        double common = Gamma.gamma(r + x) * Math.pow(alpha, r) / Gamma.gamma(r);
        double alive = beta(a, b + x) / beta(a, b) * common / Math.pow(alpha + s.T(), r + x);
        double dropped = x > 0 ? beta(a + 1, b + x - 1) / beta(a, b) * common / Math.pow(alpha + s.tx(), r + x) : 0;
        return alive + dropped;
    }

    private static double beta(double p, double q) {
        return Gamma.gamma(p) * Gamma.gamma(q) / Gamma.gamma(p + q);
    }

    @Test
    void logLikelihoodMatchesADirectEvaluationOfEquationSix() {
        List<BgNbd> models = List.of(CDNOW_LIKE, new BgNbd(1.3, 0.7, 2.5, 0.9), new BgNbd(0.05, 12, 0.3, 6));
        List<RepeatSummary> customers = List.of(new RepeatSummary(0, 0, 38), new RepeatSummary(1, 2.5, 30),
                new RepeatSummary(3, 20, 21), new RepeatSummary(7, 36.9, 37), new RepeatSummary(2, 0.5, 52.1));
        for (BgNbd m : models) {
            for (RepeatSummary s : customers) {
                assertThat(m.logLikelihood(s)).as("%s, %s", m, s)
                        .isCloseTo(Math.log(directLikelihood(m, s)), within(1e-10));
            }
        }
    }

    @Test
    void logLikelihoodStaysFiniteForFrequentBuyers() {
        assertThat(CDNOW_LIKE.logLikelihood(new RepeatSummary(400, 51, 52))).isFinite();
    }

    @Test
    void fitRecoversTheParametersOfSimulatedCustomers() {
        BgNbd truth = new BgNbd(0.5, 6, 0.7, 2.5);
        List<RepeatSummary> customers = new BgNbdSimulation(truth, 42).customers(5_000, 26, 52);

        BgNbd fitted = BgNbd.fit(customers);

        // at the maximum the likelihood is at least that of the true parameters
        assertThat(fitted.logLikelihood(customers)).isGreaterThanOrEqualTo(truth.logLikelihood(customers));
        // about two standard errors at this sample size; a and b are the least well determined
        assertThat(fitted.r()).isCloseTo(truth.r(), within(0.05));
        assertThat(fitted.alpha()).isCloseTo(truth.alpha(), within(0.8));
        assertThat(fitted.a()).isCloseTo(truth.a(), within(0.2));
        assertThat(fitted.b()).isCloseTo(truth.b(), within(0.9));
    }

    @Test
    void fitIsDeterministic() {
        List<RepeatSummary> customers = new BgNbdSimulation(CDNOW_LIKE, 7).customers(500, 26, 39);

        assertThat(BgNbd.fit(customers)).isEqualTo(BgNbd.fit(customers));
    }

    @Test
    void fitRejectsNoCustomersAndSaysWhy() {
        assertThatThrownBy(() -> BgNbd.fit(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot fit BG/NBD on no customers");
    }

    @Test
    void fitRejectsCustomersWhoseLikelihoodHasNoInteriorMaximum() {
        List<RepeatSummary> noRepeats = List.of(new RepeatSummary(0, 0, 20), new RepeatSummary(0, 0, 30),
                new RepeatSummary(0, 0, 39));

        assertThatThrownBy(() -> BgNbd.fit(noRepeats)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no maximum-likelihood fit for these 3 customers")
                .hasMessageContaining("too few customers or repeat purchases");
        assertThatThrownBy(() -> BgNbd.fit(List.of(new RepeatSummary(3, 20, 30))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("edge of the parameter space");
    }

    @Test
    void expectedRepeatsOfANewCustomerMatchSimulatedMeans() {
        BgNbdSimulation simulation = new BgNbdSimulation(CDNOW_LIKE, 11);
        int n = 200_000;
        double t = 39;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += simulation.customer(t).x();
        }
        // the standard error of the simulated mean is about 0.005
        assertThat(CDNOW_LIKE.expectedRepeats(t)).isCloseTo(total / n, within(0.02));
    }

    @Test
    void expectedRepeatsAreZeroAtTimeZeroAndGrowWithTime() {
        assertThat(CDNOW_LIKE.expectedRepeats(0)).isZero();
        assertThat(CDNOW_LIKE.expectedRepeats(10)).isPositive().isLessThan(CDNOW_LIKE.expectedRepeats(39));
    }

    @Test
    void conditionalExpectationOfAJustAcquiredCustomerIsTheNewCustomerExpectation() {
        for (BgNbd m : List.of(CDNOW_LIKE, new BgNbd(1.3, 0.7, 2.5, 0.9))) {
            assertThat(m.expectedPurchases(39, new RepeatSummary(0, 0, 1e-9)))
                    .isCloseTo(m.expectedRepeats(39), within(1e-7));
        }
    }

    @Test
    void conditionalExpectationIncreasesWithRepeatsWhenTheLastPurchaseIsRecent() {
        double T = 30;
        double previous = CDNOW_LIKE.expectedPurchases(39, new RepeatSummary(0, 0, T));
        for (int x = 1; x <= 30; x++) {
            double next = CDNOW_LIKE.expectedPurchases(39, new RepeatSummary(x, T, T));
            assertThat(next).as("x = %d", x).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void conditionalExpectationFallsTheLongerAgoTheLastPurchase() {
        double recent = CDNOW_LIKE.expectedPurchases(39, new RepeatSummary(4, 30, 32));
        double old = CDNOW_LIKE.expectedPurchases(39, new RepeatSummary(4, 5, 32));
        assertThat(old).isPositive().isLessThan(recent);
    }

    @Test
    void conditionalExpectationIsTheAliveExpectationScaledByProbabilityAlive() {
        RepeatSummary s = new RepeatSummary(3, 10, 35);
        double aliveLike = CDNOW_LIKE.expectedPurchases(39, s) / CDNOW_LIKE.probabilityAlive(s);
        assertThat(CDNOW_LIKE.probabilityAlive(s)).isBetween(0.0, 1.0);
        assertThat(aliveLike).isGreaterThan(CDNOW_LIKE.expectedPurchases(39, s));
    }

    @Test
    void probabilityAliveIsOneWithoutRepeatPurchases() {
        assertThat(CDNOW_LIKE.probabilityAlive(new RepeatSummary(0, 0, 39))).isEqualTo(1.0);
        assertThat(CDNOW_LIKE.probabilityAlive(new RepeatSummary(0, 0, 0.5))).isEqualTo(1.0);
    }

    @Test
    void probabilityAliveMatchesThePapersFormula() {
        RepeatSummary s = new RepeatSummary(2, 12, 36);
        BgNbd m = CDNOW_LIKE;
        double expected = 1 / (1 + m.a() / (m.b() + s.x() - 1)
                * Math.pow((m.alpha() + s.T()) / (m.alpha() + s.tx()), m.r() + s.x()));
        assertThat(m.probabilityAlive(s)).isCloseTo(expected, within(1e-14));
        assertThat(m.probabilityAlive(new RepeatSummary(2, 36, 36))).isGreaterThan(m.probabilityAlive(s));
    }

    @Test
    void handlesAEqualToOne() {
        BgNbd m = new BgNbd(0.25, 4.8, 1.0, 2.2);
        RepeatSummary s = new RepeatSummary(2, 20, 30);
        double below = new BgNbd(0.25, 4.8, 1 - 1e-4, 2.2).expectedPurchases(39, s);
        double above = new BgNbd(0.25, 4.8, 1 + 1e-4, 2.2).expectedPurchases(39, s);
        assertThat(m.expectedPurchases(39, s)).isFinite().isBetween(Math.min(below, above), Math.max(below, above));
        assertThat(m.expectedRepeats(39)).isFinite().isPositive();
    }

    @Test
    void rejectsNonPositiveParametersAndNegativeHorizons() {
        assertThatThrownBy(() -> new BgNbd(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter r must be finite and > 0");
        assertThatThrownBy(() -> new BgNbd(1, Double.NaN, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new BgNbd(1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter a");
        assertThatThrownBy(() -> new BgNbd(1, 1, 1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter b");
        assertThatThrownBy(() -> CDNOW_LIKE.expectedRepeats(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t must be finite and >= 0");
    }
}
