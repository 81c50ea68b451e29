package io.segmenter.model;

import java.util.Arrays;

/**
 * The fraud model's output for one FRAUD vector. Immutable.
 *
 * @param score                 what the bundle's fraud threshold is compared to: {@code reconstructionScore}
 *                              or {@code supervisedProbability}, as the bundle's {@link FraudScoreSource} says
 * @param reconstructionScore   the autoencoder's reconstruction error through the bundle's calibration, in [0, 1]
 * @param reconstructionError   mean squared reconstruction error over the standardized features
 * @param supervisedProbability fraud probability of the supervised head, or NaN when the bundle has none
 * @param contributions         per FRAUD feature, its share of the reconstruction error (sums to 1, or all 0
 *                              for a perfect reconstruction), in definition order
 */
public record AnomalyScore(double score, double reconstructionScore, double reconstructionError,
                           double supervisedProbability, double[] contributions) {

    public AnomalyScore {
        contributions = contributions.clone();
    }

    @Override
    public double[] contributions() {
        return contributions.clone();
    }

    public double contribution(int feature) {
        return contributions[feature];
    }

    public boolean hasSupervisedProbability() {
        return !Double.isNaN(supervisedProbability);
    }

    /** Whether {@link #score()} reaches {@code threshold}. */
    public boolean atOrAbove(double threshold) {
        return score >= threshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnomalyScore other
                && Double.compare(score, other.score) == 0
                && Double.compare(reconstructionScore, other.reconstructionScore) == 0
                && Double.compare(reconstructionError, other.reconstructionError) == 0
                && Double.compare(supervisedProbability, other.supervisedProbability) == 0
                && Arrays.equals(contributions, other.contributions);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(score) + Arrays.hashCode(contributions);
    }

    @Override
    public String toString() {
        return "AnomalyScore[score=" + score + ", reconstructionScore=" + reconstructionScore + ", reconstructionError="
                + reconstructionError + ", supervisedProbability=" + supervisedProbability + "]";
    }
}
