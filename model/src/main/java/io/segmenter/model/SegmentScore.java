package io.segmenter.model;

import java.util.Arrays;

/**
 * The classifier's output for one SEGMENT vector. Immutable.
 *
 * @param probabilities one per catalogue segment, in catalogue order; sum to 1
 * @param best          index of the largest probability (the lowest index on a tie)
 */
public record SegmentScore(double[] probabilities, int best) {

    public SegmentScore {
        probabilities = probabilities.clone();
        if (best < 0 || best >= probabilities.length) {
            throw new IllegalArgumentException("best " + best + " outside 0.." + (probabilities.length - 1));
        }
    }

    static SegmentScore of(double[] probabilities) {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return new SegmentScore(probabilities, best);
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    public double probability(int segment) {
        return probabilities[segment];
    }

    public double bestProbability() {
        return probabilities[best];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentScore other && best == other.best && Arrays.equals(probabilities, other.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(probabilities) + best;
    }

    @Override
    public String toString() {
        return "SegmentScore[best=" + best + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
}
