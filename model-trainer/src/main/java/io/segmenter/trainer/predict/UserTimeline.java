package io.segmenter.trainer.predict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's accepted event and order times (epoch millis, sorted), for counting what happened in
 * a period and for the purchase history that BG/NBD summarises.
 */
public record UserTimeline(long[] eventMillis, long[] purchaseMillis) {

    public UserTimeline {
        eventMillis = eventMillis.clone();
        purchaseMillis = purchaseMillis.clone();
        Arrays.sort(eventMillis);
        Arrays.sort(purchaseMillis);
    }

    /**
     * Orders after a cut at {@code from} up to {@code to}: {@code (from, to]} when the cut includes
     * events at its own instant in the history, {@code [from, to)} when it does not.
     */
    public int purchasesIn(Instant from, Instant to, boolean cutIncludesItsInstant) {
        return countIn(purchaseMillis, from.toEpochMilli(), to.toEpochMilli(), cutIncludesItsInstant);
    }

    /** Events after a cut, as {@link #purchasesIn}. */
    public int eventsIn(Instant from, Instant to, boolean cutIncludesItsInstant) {
        return countIn(eventMillis, from.toEpochMilli(), to.toEpochMilli(), cutIncludesItsInstant);
    }

    /** Order times in the history of a cut at {@code t} (at {@code t} included or not, as {@link #purchasesIn}). */
    public List<Instant> purchasesBefore(Instant t, boolean cutIncludesItsInstant) {
        long millis = t.toEpochMilli();
        int n = cutIncludesItsInstant ? upperBound(purchaseMillis, millis) : lowerBound(purchaseMillis, millis);
        List<Instant> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Instant.ofEpochMilli(purchaseMillis[i]));
        }
        return out;
    }

    private static int countIn(long[] sorted, long from, long to, boolean cutIncludesItsInstant) {
        int n = cutIncludesItsInstant
                ? upperBound(sorted, to) - upperBound(sorted, from)
                : lowerBound(sorted, to) - lowerBound(sorted, from);
        return Math.max(0, n);
    }

    /** The number of values {@code < x}. */
    private static int lowerBound(long[] sorted, long x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The number of values {@code <= x}. */
    private static int upperBound(long[] sorted, long x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
