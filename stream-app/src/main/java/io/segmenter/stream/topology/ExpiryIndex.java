package io.segmenter.stream.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An index, in its own store, of the keys of a data store by the bucket (day, hour) of their
 * newest event time, so that a punctuation finds the entries due for eviction with a range scan
 * that reads only them instead of decoding the whole data store. Index keys are
 * {@code bucket|key}, the bucket zero-padded to {@value #BUCKET_DIGITS} digits so that the
 * byte order of the keys is the time order; values are empty.
 *
 * <p>The owning processor keeps one entry per data key: {@link #add} when the key is first
 * stored, {@link #move} when its newest time changes (a write only when the bucket changes),
 * {@link #remove} when it is deleted. A candidate from {@link #dueBefore} is re-checked
 * against the data by the caller, so the index only has to be complete, not exact.
 *
 * <p>A scan starts at the lowest bucket that may still hold an entry, not at bucket 0: after the
 * caller has evicted what a scan returned, the buckets before the scan's last one are empty, and
 * {@link #add}/{@link #move} lower the start again for a key filed further back (an event far
 * behind the task's stream time). The start lives in memory and is 0 after a restart. Without it,
 * each scan of a caching store walks the deletes of the previous scans that wait for the next
 * commit's flush: in a replay, where an hourly punctuation runs every few milliseconds, that was
 * 9% of the stream thread.
 */
final class ExpiryIndex {

    /** One entry of the index: the data key and its bucket. */
    record Entry(long bucket, String key) {
    }

    static final int BUCKET_DIGITS = 9;
    private static final long MAX_BUCKET = 999_999_999L;

    private static final byte[] PRESENT = new byte[0];
    /** Sorts after {@code '|'} and before no digit: the inclusive end of a bucket's keys. */
    private static final char AFTER_SEPARATOR = '}';

    private final KeyValueStore<String, byte[]> store;
    private final long bucketMillis;
    private boolean checked;
    /** No entry is filed in a bucket before this one (as far as this instance has seen). */
    private long scanFrom;

    ExpiryIndex(KeyValueStore<String, byte[]> store, Duration bucket) {
        this.store = store;
        this.bucketMillis = bucket.toMillis();
    }

    /**
     * The bucket of an event time; times before the epoch (and "no events") share bucket 0, and
     * times beyond what {@value #BUCKET_DIGITS} digits hold share the last one.
     */
    long bucketOf(long millis) {
        return Math.min(MAX_BUCKET, Math.max(0L, Math.floorDiv(millis, bucketMillis)));
    }

    /** Indexes a key stored for the first time. */
    void add(String key, long newestMillis) {
        long bucket = bucketOf(newestMillis);
        scanFrom = Math.min(scanFrom, bucket);
        store.put(indexKey(bucket, key), PRESENT);
    }

    /** Moves a stored key whose newest time went from {@code previousMillis} to {@code newestMillis}. */
    void move(String key, long previousMillis, long newestMillis) {
        long from = bucketOf(previousMillis);
        long to = bucketOf(newestMillis);
        if (from != to) {
            scanFrom = Math.min(scanFrom, to);
            store.delete(indexKey(from, key));
            store.put(indexKey(to, key), PRESENT);
        }
    }

    /** Removes the entry of a key whose newest time is {@code newestMillis}. */
    void remove(String key, long newestMillis) {
        remove(new Entry(bucketOf(newestMillis), key));
    }

    void remove(Entry entry) {
        store.delete(indexKey(entry.bucket(), entry.key()));
    }

    /**
     * Every entry whose bucket may hold a time before {@code cutoffMillis} (the buckets up to and
     * including the one of {@code cutoffMillis - 1}), in index order. Some may not be due: the
     * last bucket also holds later times. The caller must remove (or file again under its real
     * bucket) every returned entry before the last bucket: the next scan starts at the last one.
     */
    List<Entry> dueBefore(long cutoffMillis) {
        List<Entry> due = new ArrayList<>();
        if (cutoffMillis <= Long.MIN_VALUE + 1) {
            return due;
        }
        long last = bucketOf(cutoffMillis - 1);
        if (last < scanFrom) {
            return due;
        }
        try (KeyValueIterator<String, byte[]> range = store.range(pad(scanFrom), pad(last) + AFTER_SEPARATOR)) {
            while (range.hasNext()) {
                due.add(parse(range.next().key));
            }
        }
        scanFrom = last;
        return due;
    }

    /**
     * Once per processor instance, before its first use: when the index is empty but
     * {@code data} is not, the data was written before the index existed (state restored from an
     * older version), so every key is indexed from one full scan. Returns how many were indexed.
     */
    int indexOnce(KeyValueStore<String, byte[]> data, ToLongFunction<byte[]> newestMillis) {
        if (checked) {
            return 0;
        }
        checked = true;
        try (KeyValueIterator<String, byte[]> any = store.all()) {
            if (any.hasNext()) {
                return 0;
            }
        }
        int indexed = 0;
        try (KeyValueIterator<String, byte[]> all = data.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                add(entry.key, newestMillis.applyAsLong(entry.value));
                indexed++;
            }
        }
        return indexed;
    }

    static String indexKey(long bucket, String key) {
        return pad(bucket) + '|' + key;
    }

    private static Entry parse(String indexKey) {
        return new Entry(Long.parseLong(indexKey, 0, BUCKET_DIGITS, 10), indexKey.substring(BUCKET_DIGITS + 1));
    }

    private static String pad(long bucket) {
        String digits = Long.toString(bucket);
        if (digits.length() > BUCKET_DIGITS) {
            throw new IllegalArgumentException("bucket " + bucket + " has more than " + BUCKET_DIGITS + " digits");
        }
        StringBuilder out = new StringBuilder(BUCKET_DIGITS + 1);
        for (int i = digits.length(); i < BUCKET_DIGITS; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }
}
