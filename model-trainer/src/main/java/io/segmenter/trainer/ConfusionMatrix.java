package io.segmenter.trainer;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs: {@code count(actual, predicted)}; rows are the
 * actual class. Per-class precision, recall and F1 follow the usual conventions with 0 for a
 * zero denominator (scikit-learn's {@code zero_division=0}).
 *
 * @param counts [actual][predicted], square
 */
public record ConfusionMatrix(int[][] counts) {

    public ConfusionMatrix {
        counts = copy(counts);
        for (int[] row : counts) {
            if (row.length != counts.length) {
                throw new IllegalArgumentException("a confusion matrix is square");
            }
            for (int c : row) {
                if (c < 0) {
                    throw new IllegalArgumentException("negative count");
                }
            }
        }
    }

    /** The matrix of {@code actual} against {@code predicted}, labels in {@code 0..classes-1}. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " actual labels but " + predicted.length + " predicted");
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("label out of 0.." + (classes - 1) + " at " + i);
            }
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    public int classes() {
        return counts.length;
    }

    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long t = 0;
        for (int[] row : counts) {
            for (int c : row) {
                t += c;
            }
        }
        return t;
    }

    /** Rows whose actual class is {@code c}. */
    public long support(int c) {
        long s = 0;
        for (int p = 0; p < counts.length; p++) {
            s += counts[c][p];
        }
        return s;
    }

    /** Rows predicted as {@code c}. */
    public long predicted(int c) {
        long s = 0;
        for (int[] row : counts) {
            s += row[c];
        }
        return s;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        long total = total();
        return total == 0 ? 0 : (double) correct / total;
    }

    public double precision(int c) {
        long p = predicted(c);
        return p == 0 ? 0 : (double) counts[c][c] / p;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c][c] / s;
    }

    public double f1(int c) {
        long denominator = support(c) + predicted(c);
        return denominator == 0 ? 0 : 2.0 * counts[c][c] / denominator;
    }

    /**
     * Unweighted mean of the per-class F1 over the classes that occur, as actual or as predicted
     * (a class absent from both says nothing about the classifier; scikit-learn's default labels).
     * 0 for an empty matrix.
     */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            if (support(c) + predicted(c) > 0) {
                sum += f1(c);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    @Override
    public int[][] counts() {
        return copy(counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(counts);
    }

    private static int[][] copy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
