package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GaussianNaiveBayesTest {

    /** Class 0: {-1, 1, -1, 1} (mean 0, variance 1, prior 2/3); class 1: {1, 3} (mean 2, variance 1, prior 1/3). */
    private static final double[][] X = {{-1}, {1}, {-1}, {1}, {1}, {3}};
    private static final int[] Y = {0, 0, 0, 0, 1, 1};

    @Test
    void fitsPriorsMeansAndVariancesByMaximumLikelihood() {
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(X, Y, 2, 0);

        assertThat(nb.logPriors()[0]).isCloseTo(Math.log(2.0 / 3), within(1e-12));
        assertThat(nb.logPriors()[1]).isCloseTo(Math.log(1.0 / 3), within(1e-12));
        assertThat(nb.means()[0][0]).isCloseTo(0, within(1e-12));
        assertThat(nb.means()[1][0]).isCloseTo(2, within(1e-12));
        assertThat(nb.variances()[0][0]).isCloseTo(1, within(1e-12));
        assertThat(nb.variances()[1][0]).isCloseTo(1, within(1e-12));
    }

    @Test
    void posteriorMatchesBayesRuleByHand() {
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(X, Y, 2, 0);

        // x = 1 is equidistant from both means with equal variances: the posterior is the prior
        assertThat(nb.predictProbabilities(new double[] {1})[0]).isCloseTo(2.0 / 3, within(1e-12));
        // x = 0: likelihood ratio class 1 / class 0 = exp(-(0 - 2)^2 / 2) / exp(0) = e^-2; prior odds 1/2
        double odds = Math.exp(-2) / 2;
        assertThat(nb.predictProbabilities(new double[] {0})[1]).isCloseTo(odds / (1 + odds), within(1e-12));
        assertThat(nb.predict(new double[] {0})).isZero();
        assertThat(nb.predict(new double[] {2.5})).isEqualTo(1);
    }

    @Test
    void multipliesIndependentFeatureLikelihoods() {
        double[][] x = {{-1, -1}, {1, 1}, {1, 1}, {3, 3}};
        int[] y = {0, 0, 1, 1};
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(x, y, 2, 0);

        // at the origin each feature contributes e^-2 to class 1 against class 0: e^-4 in all, equal priors
        assertThat(nb.predictProbabilities(new double[] {0, 0})[1]).isCloseTo(1 / (1 + Math.exp(4)), within(1e-12));
    }

    @Test
    void smoothingAddsAShareOfTheLargestFeatureVarianceToEveryVariance() {
        double[][] x = {{0, 0}, {0, 2}, {4, 0}, {4, 2}};
        int[] y = {0, 0, 1, 1};
        // feature variances over all rows: 4 and 1; within each class: 0 and 1
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(x, y, 2, 0.5);

        assertThat(nb.variances()[0]).containsExactly(0 + 2.0, 1 + 2.0);
        assertThat(nb.variances()[1]).containsExactly(0 + 2.0, 1 + 2.0);
    }

    @Test
    void staysFiniteAndNormalisedFarFromEveryClass() {
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(X, Y, 2);
        double[] p = nb.predictProbabilities(new double[] {1e6});

        assertThat(Arrays.stream(p).boxed()).allMatch(Double::isFinite);
        assertThat(p[0] + p[1]).isCloseTo(1, within(1e-12));
        assertThat(p[1]).isCloseTo(1, within(1e-12));
    }

    @Test
    void aClassWithoutTrainingRowsGetsProbabilityZero() {
        GaussianNaiveBayes nb = GaussianNaiveBayes.fit(X, Y, 3);
        double[] p = nb.predictProbabilities(new double[] {5});

        assertThat(p[2]).isZero();
        assertThat(p[0] + p[1]).isCloseTo(1, within(1e-12));
        assertThat(nb.predictAll(new double[][] {{-2}, {5}})).containsExactly(0, 1);
    }

    @Test
    void logSumExpIsStableForLargeAndInfiniteValues() {
        assertThat(GaussianNaiveBayes.logSumExp(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(GaussianNaiveBayes.logSumExp(new double[] {-1000, Double.NEGATIVE_INFINITY})).isCloseTo(-1000, within(1e-9));
        assertThat(GaussianNaiveBayes.logSumExp(new double[] {Double.NEGATIVE_INFINITY})).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void rejectsLabelsOutOfRangeAndMismatchedLengths() {
        assertThatThrownBy(() -> GaussianNaiveBayes.fit(X, new int[] {0, 0, 0, 0, 1, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GaussianNaiveBayes.fit(X, new int[] {0, 1}, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
