package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void rocAucIsTheShareOfCorrectlyOrderedPositiveNegativePairs() {
        // pairs (positive, negative): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 -> 3 of 4
        assertThat(Metrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T})).isEqualTo(0.75);
        assertThat(Metrics.rocAuc(new double[] {1, 2, 3, 4}, new boolean[] {F, F, T, T})).isEqualTo(1.0);
        assertThat(Metrics.rocAuc(new double[] {1, 2, 3, 4}, new boolean[] {T, T, F, F})).isEqualTo(0.0);
    }

    @Test
    void rocAucCountsTiedPairsAsOneHalf() {
        // positives 0.5 and 0.9, negatives 0.5 and 0.5: 0.5 vs 0.5 twice (0.5 each), 0.9 beats both -> 3 / 4
        assertThat(Metrics.rocAuc(new double[] {0.5, 0.5, 0.5, 0.9}, new boolean[] {F, T, F, T})).isEqualTo(0.75);
        assertThat(Metrics.rocAuc(new double[] {7, 7, 7}, new boolean[] {T, F, F})).isEqualTo(0.5);
    }

    @Test
    void rocAucNeedsBothClasses() {
        assertThatThrownBy(() -> Metrics.rocAuc(new double[] {1, 2}, new boolean[] {T, T}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void averagePrecisionSumsPrecisionOverRecallSteps() {
        // from the top: 0.8 (+) P=1 R=.5; 0.4 (-) P=1/2; 0.35 (+) P=2/3 R=1; 0.1 (-)
        // AP = 0.5 * 1 + 0.5 * 2/3
        assertThat(Metrics.averagePrecision(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T}))
                .isCloseTo(0.5 + 0.5 * 2 / 3.0, within(1e-12));
    }

    @Test
    void averagePrecisionTakesTiedScoresTogether() {
        // 0.9 (+) P=1 R=.5; then 0.5 (+ and -) together: P=2/3 R=1; AP = 0.5 + 0.5 * 2/3
        assertThat(Metrics.averagePrecision(new double[] {0.9, 0.5, 0.5, 0.1}, new boolean[] {T, F, T, F}))
                .isCloseTo(0.5 + 0.5 * 2 / 3.0, within(1e-12));
        // one positive tied with one negative: a single step to R=1 at P=1/2 (not 1 by luck of order)
        assertThat(Metrics.averagePrecision(new double[] {0.5, 0.5}, new boolean[] {F, T})).isEqualTo(0.5);
        assertThat(Metrics.averagePrecision(new double[] {0.5, 0.5}, new boolean[] {T, F})).isEqualTo(0.5);
    }

    @Test
    void macroF1AveragesPerClassF1OfAHandComputedMatrix() {
        int[][] counts = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};
        ConfusionMatrix m = new ConfusionMatrix(counts);

        // F1 = 2 tp / (support + predicted): 10/13, 6/10, 8/9
        assertThat(m.f1(0)).isCloseTo(10 / 13.0, within(1e-12));
        assertThat(m.f1(1)).isCloseTo(0.6, within(1e-12));
        assertThat(m.f1(2)).isCloseTo(8 / 9.0, within(1e-12));
        assertThat(m.macroF1()).isCloseTo((10 / 13.0 + 0.6 + 8 / 9.0) / 3, within(1e-12));
        assertThat(m.accuracy()).isEqualTo(12 / 16.0);
        assertThat(m.precision(0)).isCloseTo(5 / 7.0, within(1e-12));
        assertThat(m.recall(1)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void confusionMatrixCountsActualAgainstPredicted() {
        int[] actual = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
        int[] predicted = {0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2};
        assertThat(ConfusionMatrix.of(actual, predicted, 3))
                .isEqualTo(new ConfusionMatrix(new int[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}}));
    }

    @Test
    void macroF1LeavesOutClassesThatNeverOccurButCountsMissedOnes() {
        // class 2 never occurs: left out. Class 1 occurs but is never predicted: F1 0, counted.
        int[] actual = {0, 0, 1};
        int[] predicted = {0, 0, 0};
        // class 0: 2 tp, support 2, predicted 3 -> 4/5
        assertThat(Metrics.macroF1(actual, predicted, 3)).isCloseTo((0.8 + 0) / 2, within(1e-12));
    }

    @Test
    void outcomeAtThresholdFlagsScoresAtOrAboveIt() {
        BinaryOutcome o = Metrics.outcomeAt(new double[] {0.2, 0.5, 0.5, 0.9}, new boolean[] {T, F, T, T}, 0.5);

        assertThat(o).isEqualTo(new BinaryOutcome(2, 1, 1, 0));
        assertThat(o.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(o.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(o.falsePositiveRate()).isEqualTo(1.0);
    }

    @Test
    void thresholdForFalsePositiveRateLetsThroughAtMostThatShareOfNegatives() {
        double[] scores = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.55, 0.95, 0.85};
        boolean[] positive = {F, F, F, F, F, F, F, F, F, F, T, T, T};

        double t = Metrics.thresholdForFalsePositiveRate(scores, positive, 0.2);
        assertThat(t).isEqualTo(Math.nextUp(0.8));
        BinaryOutcome o = Metrics.outcomeAt(scores, positive, t);
        assertThat(o.falsePositives()).isEqualTo(2);
        assertThat(o.falsePositiveRate()).isEqualTo(0.2);
        assertThat(o.recall()).isCloseTo(2 / 3.0, within(1e-12));

        assertThat(Metrics.outcomeAt(scores, positive, Metrics.thresholdForFalsePositiveRate(scores, positive, 0))
                .falsePositives()).isZero();
        assertThat(Metrics.thresholdForFalsePositiveRate(scores, positive, 1)).isEqualTo(0.1);
    }

    @Test
    void thresholdForFalsePositiveRateIsNotFooledByRoundingOfTheBudget() {
        double[] scores = new double[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = (i + 1) / 100.0;
        }
        // 0.29 * 100 is 28.999999999999996 in doubles; the budget is 29 negatives, so the 30th highest (0.71) is out
        double t = Metrics.thresholdForFalsePositiveRate(scores, new boolean[100], 0.29);
        assertThat(t).isEqualTo(Math.nextUp(0.71));
        assertThat(Metrics.outcomeAt(scores, new boolean[100], t).falsePositives()).isEqualTo(29);
    }

    @Test
    void thresholdForFalsePositiveRateNeverFlagsANegativeTiedWithTheOneOverBudget() {
        double[] scores = {0.5, 0.5, 0.5, 0.1, 0.5};
        boolean[] positive = {F, F, F, F, T};

        // budget 1 negative of 4; three negatives tie at 0.5, so none of them can be flagged
        double t = Metrics.thresholdForFalsePositiveRate(scores, positive, 0.25);
        assertThat(Metrics.outcomeAt(scores, positive, t)).isEqualTo(new BinaryOutcome(0, 0, 1, 4));
    }

    @Test
    void rocCurveRunsFromOriginToOneOne() {
        List<Metrics.CurvePoint> roc = Metrics.rocCurve(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T});

        assertThat(roc).extracting(Metrics.CurvePoint::falsePositiveRate).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
        assertThat(roc).extracting(Metrics.CurvePoint::truePositiveRate).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
    }
}
