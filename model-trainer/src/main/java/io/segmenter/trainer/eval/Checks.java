package io.segmenter.trainer.eval;

import java.util.Objects;

/**
 * Input checks shared by the metrics and fits; each failure names the offending index or value. The
 * element checks take the singular noun of one value ("score").
 */
final class Checks {

    private Checks() {
    }

    static void sameLength(String what, int length, String other, int otherLength) {
        if (length != otherLength) {
            throw new IllegalArgumentException(length + " " + what + " but " + otherLength + " " + other);
        }
    }

    static void nonEmpty(String what, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("no " + what);
        }
    }

    static void finite(String what, double[] values) {
        Objects.requireNonNull(values, what);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + " (must be finite)");
            }
        }
    }

    static void finiteNonNegative(String what, double[] values) {
        finite(what, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + " (must be >= 0)");
            }
        }
    }

    static void probabilities(String what, double[] values) {
        finite(what, values);
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 1) {
                throw new IllegalArgumentException(what + " " + i + " is " + values[i] + " (not in [0, 1])");
            }
        }
    }

    /** How often each of {@code n} rows occurs in {@code rows}. */
    static int[] multiplicities(int[] rows, int n) {
        Objects.requireNonNull(rows, "rows");
        nonEmpty("rows", rows.length);
        int[] counts = new int[n];
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("row " + r + " is outside 0.." + (n - 1));
            }
            counts[r]++;
        }
        return counts;
    }

    static void rowIndices(int[] rows, int n) {
        Objects.requireNonNull(rows, "rows");
        nonEmpty("rows", rows.length);
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("row " + r + " is outside 0.." + (n - 1));
            }
        }
    }

    static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
