package io.segmenter.trainer;

/**
 * The four counts of a yes/no decision against labels, with precision, recall and false-positive
 * rate (0 for a zero denominator).
 *
 * @param truePositives  flagged and positive
 * @param falsePositives flagged and negative
 * @param falseNegatives not flagged and positive
 * @param trueNegatives  not flagged and negative
 */
public record BinaryOutcome(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

    public BinaryOutcome {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || trueNegatives < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    /** Counts {@code flagged} against {@code positive}, element by element. */
    public static BinaryOutcome of(boolean[] flagged, boolean[] positive) {
        if (flagged.length != positive.length) {
            throw new IllegalArgumentException(flagged.length + " decisions but " + positive.length + " labels");
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < flagged.length; i++) {
            if (flagged[i]) {
                if (positive[i]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (positive[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new BinaryOutcome(tp, fp, fn, tn);
    }

    public long flagged() {
        return truePositives + falsePositives;
    }

    public long positives() {
        return truePositives + falseNegatives;
    }

    public long negatives() {
        return falsePositives + trueNegatives;
    }

    public double precision() {
        return flagged() == 0 ? 0 : (double) truePositives / flagged();
    }

    public double recall() {
        return positives() == 0 ? 0 : (double) truePositives / positives();
    }

    public double falsePositiveRate() {
        return negatives() == 0 ? 0 : (double) falsePositives / negatives();
    }
}
