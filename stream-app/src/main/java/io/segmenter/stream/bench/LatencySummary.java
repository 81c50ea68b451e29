package io.segmenter.stream.bench;

import java.util.Arrays;

/**
 * Percentiles of latency samples in milliseconds, by the nearest-rank method (the p-th
 * percentile is the smallest sample with at least p% of the samples at or below it), so every
 * figure is a latency that was really observed and {@code p50 <= p99 <= max}.
 */
record LatencySummary(long samples, long p50Ms, long p99Ms, long maxMs) {

    static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0);

    static LatencySummary of(long[] millis) {
        if (millis.length == 0) {
            return NONE;
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
