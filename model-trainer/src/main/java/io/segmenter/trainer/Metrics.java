package io.segmenter.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluation measures for the segment classifier and the fraud scorer. Scores are "higher means
 * more likely positive"; a score flags a case when {@code score >= threshold}, everywhere.
 */
public final class Metrics {

    private Metrics() {
    }

    /** Macro-F1 of {@code predicted} against {@code actual}; see {@link ConfusionMatrix#macroF1()}. */
    public static double macroF1(int[] actual, int[] predicted, int classes) {
        return ConfusionMatrix.of(actual, predicted, classes).macroF1();
    }

    /**
     * Area under the ROC curve as the Mann–Whitney statistic: the probability that a random
     * positive scores above a random negative, a tie counting one half (mid-ranks).
     *
     * @throws IllegalArgumentException unless there is at least one positive and one negative
     */
    public static double rocAuc(double[] scores, boolean[] positive) {
        checkScores(scores, positive);
        int n = scores.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Area under the precision-recall curve as average precision (scikit-learn's definition):
     * {@code sum over thresholds of (R_t - R_(t-1)) * P_t}, one threshold per distinct score taken
     * from the highest down, so tied scores enter together.
     *
     * @throws IllegalArgumentException unless there is at least one positive
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        checkLengths(scores, positive);
        List<CurvePoint> curve = precisionRecallCurve(scores, positive);
        double ap = 0;
        double previousRecall = 0;
        for (CurvePoint p : curve) {
            ap += (p.recall() - previousRecall) * p.precision();
            previousRecall = p.recall();
        }
        return ap;
    }

    /** Precision and recall (and the counts) when flagging {@code score >= threshold}. */
    public static BinaryOutcome outcomeAt(double[] scores, boolean[] positive, double threshold) {
        checkLengths(scores, positive);
        boolean[] flagged = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            flagged[i] = scores[i] >= threshold;
        }
        return BinaryOutcome.of(flagged, positive);
    }

    /**
     * The lowest threshold (most recall) at which the false-positive rate on the negatives is at most
     * {@code maxFalsePositiveRate}: at most {@code floor(rate * negatives)} negatives score at or above
     * it. It is just above the score of the first negative that would break the budget, so a tie
     * with that negative is never flagged. When the budget covers every negative, the lowest score.
     *
     * @throws IllegalArgumentException without negatives, or with a rate outside [0, 1]
     */
    public static double thresholdForFalsePositiveRate(double[] scores, boolean[] positive, double maxFalsePositiveRate) {
        checkLengths(scores, positive);
        if (!(maxFalsePositiveRate >= 0 && maxFalsePositiveRate <= 1)) {
            throw new IllegalArgumentException("false-positive rate " + maxFalsePositiveRate + " is not in [0, 1]");
        }
        double[] negatives = IntStream.range(0, scores.length).filter(i -> !positive[i]).mapToDouble(i -> scores[i])
                .sorted().toArray();
        if (negatives.length == 0) {
            throw new IllegalArgumentException("no negatives to measure a false-positive rate on");
        }
        long allowed = (long) Math.floor(maxFalsePositiveRate * negatives.length + 1e-9);
        if (allowed >= negatives.length) {
            return Arrays.stream(scores).min().orElseThrow();
        }
        double firstTooMany = negatives[negatives.length - 1 - (int) allowed]; // the (allowed+1)-th highest
        return Math.nextUp(firstTooMany);
    }

    /**
     * One point of a threshold sweep.
     *
     * @param threshold            flag when score >= this
     * @param truePositiveRate     recall
     * @param falsePositiveRate    false positives / negatives
     * @param precision            true positives / flagged
     * @param recall               true positives / positives
     */
    public record CurvePoint(double threshold, double truePositiveRate, double falsePositiveRate, double precision,
            double recall) {
    }

    /** The ROC curve: (FPR, TPR) at each distinct score from the highest down, preceded by (0, 0) at +infinity. */
    public static List<CurvePoint> rocCurve(double[] scores, boolean[] positive) {
        checkScores(scores, positive);
        List<CurvePoint> out = new ArrayList<>();
        out.add(new CurvePoint(Double.POSITIVE_INFINITY, 0, 0, 1, 0));
        out.addAll(sweep(scores, positive));
        return out;
    }

    /** Precision and recall at each distinct score from the highest down (no artificial end point). */
    public static List<CurvePoint> precisionRecallCurve(double[] scores, boolean[] positive) {
        checkLengths(scores, positive);
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("no positives: precision-recall is undefined");
        }
        return sweep(scores, positive);
    }

    private static List<CurvePoint> sweep(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        long negatives = n - positives;
        List<CurvePoint> out = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            double s = scores[order[i]];
            while (i < n && scores[order[i]] == s) {
                if (positive[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            double tpr = positives == 0 ? 0 : (double) tp / positives;
            double fpr = negatives == 0 ? 0 : (double) fp / negatives;
            out.add(new CurvePoint(s, tpr, fpr, (double) tp / (tp + fp), tpr));
        }
        return out;
    }

    private static void checkScores(double[] scores, boolean[] positive) {
        checkLengths(scores, positive);
        boolean anyPositive = false;
        boolean anyNegative = false;
        for (boolean p : positive) {
            anyPositive |= p;
            anyNegative |= !p;
        }
        if (!anyPositive || !anyNegative) {
            throw new IllegalArgumentException("ROC needs at least one positive and one negative");
        }
    }

    private static void checkLengths(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a score is NaN");
            }
        }
    }
}
