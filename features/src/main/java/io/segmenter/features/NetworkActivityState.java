package io.segmenter.features;

import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The recent purchases seen on one device (or one IP), for causal fraud context: at most
 * {@link #CAPACITY} (user hash, event time) entries, kept sorted by event time and pruned to the
 * {@link #LONG_WINDOW} before the newest one. The stream keeps one per device id and one per IP in
 * re-keyed stores; for each purchase it calls {@link #countsBefore} and then {@link #record}.
 *
 * <p>Windows are sliding over exact event times: the 24 h count at time t covers entries in
 * {@code (t - 24h, t]} recorded <em>earlier</em>; the purchase being scored is recorded only after
 * its counts are taken, so it never counts itself, while an earlier-arrived purchase with the same
 * timestamp does (timestamps of one second or one minute resolution are common). Entries newer
 * than t (out-of-order arrivals) do not count. Above {@link #CAPACITY} purchases in 24 hours the
 * oldest are dropped, so counts saturate at 256, which is as suspicious as any higher number.
 *
 * <p>Mutable for the same reason as {@link UserFeatureState}; not thread-safe.
 */
public final class NetworkActivityState {

    public static final Duration LONG_WINDOW = Duration.ofHours(24);
    public static final Duration SHORT_WINDOW = Duration.ofMinutes(10);
    /** Most entries kept; the newest win. */
    public static final int CAPACITY = 256;

    private static final long LONG_MILLIS = LONG_WINDOW.toMillis();
    private static final long SHORT_MILLIS = SHORT_WINDOW.toMillis();
    private static final int LINEAR_DISTINCT_LIMIT = 32;
    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[CAPACITY]);

    long[] times;
    long[] users;
    int size;

    public NetworkActivityState() {
        this(4);
    }

    NetworkActivityState(int initialCapacity) {
        times = new long[Math.min(CAPACITY, Math.max(1, initialCapacity))];
        users = new long[times.length];
    }

    /** The purchase's device id, the key of the per-device state; empty when the purchase names none. */
    public static Optional<String> deviceKey(PurchaseEvent purchase) {
        return UserFeatureState.present(purchase.getDeviceId()) ? Optional.of(purchase.getDeviceId()) : Optional.empty();
    }

    /** The purchase's IP, the key of the per-IP state; empty when the purchase names none. */
    public static Optional<String> ipKey(PurchaseEvent purchase) {
        return UserFeatureState.present(purchase.getIp()) ? Optional.of(purchase.getIp()) : Optional.empty();
    }

    /** Distinct users and purchases recorded so far with event time in {@code (t - window, t]}. */
    public ActivityCounts countsBefore(Instant t) {
        long now = t.toEpochMilli();
        int end = firstAfter(now);
        int startLong = firstAfter(now - LONG_MILLIS);
        int startShort = firstAfter(now - SHORT_MILLIS);
        if (startLong >= end) {
            return ActivityCounts.ZERO;
        }
        return new ActivityCounts(distinctUsers(startLong, end), end - startLong,
                distinctUsers(startShort, end), end - startShort);
    }

    /** Adds a purchase by the user with hash {@code userHash} (see {@link Hashing#hash64}) at {@code t}. */
    public void record(long userHash, Instant t) {
        long ms = t.toEpochMilli();
        long newest = size == 0 ? ms : Math.max(ms, times[size - 1]);
        if (ms <= newest - LONG_MILLIS) {
            return; // could never be counted again
        }
        removeOldest(firstAfter(newest - LONG_MILLIS));
        if (size == CAPACITY) {
            if (ms < times[0]) {
                return; // would be the oldest, dropped at once
            }
            removeOldest(1);
        }
        if (size == times.length) {
            int grown = Math.min(CAPACITY, times.length * 2);
            times = Arrays.copyOf(times, grown);
            users = Arrays.copyOf(users, grown);
        }
        int at = firstAfter(ms);
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(users, at, users, at + 1, size - at);
        times[at] = ms;
        users[at] = userHash;
        size++;
    }

    /** The event time of the newest entry, or {@link Long#MIN_VALUE} when there is none. */
    public long newestMillis() {
        return size == 0 ? Long.MIN_VALUE : times[size - 1];
    }

    /**
     * A state whose newest entry (see {@link #newestMillis}) is before this is idle at
     * {@code streamTimeMillis}: the same rule as {@link #isIdle}.
     */
    public static long idleCutoffMillis(long streamTimeMillis, Duration grace) {
        return streamTimeMillis - LONG_MILLIS - grace.toMillis();
    }

    /** Entries held (at most {@link #CAPACITY}). */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * True when the newest entry is more than {@link #LONG_WINDOW} plus {@code grace} before
     * {@code streamTime} (or there is none): nothing in it can count again, so the store may
     * delete it; doing so earlier or later never changes a count.
     */
    public boolean isIdle(Instant streamTime, Duration grace) {
        return size == 0 || times[size - 1] < idleCutoffMillis(streamTime.toEpochMilli(), grace);
    }

    /** Index of the first entry with time > {@code ms} (entries are sorted ascending). */
    private int firstAfter(long ms) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= ms) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void removeOldest(int n) {
        if (n <= 0) {
            return;
        }
        System.arraycopy(times, n, times, 0, size - n);
        System.arraycopy(users, n, users, 0, size - n);
        size -= n;
    }

    private int distinctUsers(int from, int to) {
        int n = to - from;
        if (n <= LINEAR_DISTINCT_LIMIT) {
            int distinct = 0;
            outer:
            for (int i = from; i < to; i++) {
                for (int j = from; j < i; j++) {
                    if (users[j] == users[i]) {
                        continue outer;
                    }
                }
                distinct++;
            }
            return distinct;
        }
        long[] scratch = SCRATCH.get();
        System.arraycopy(users, from, scratch, 0, n);
        Arrays.sort(scratch, 0, n);
        int distinct = 1;
        for (int i = 1; i < n; i++) {
            if (scratch[i] != scratch[i - 1]) {
                distinct++;
            }
        }
        return distinct;
    }
}
