package io.segmenter.stream.bench;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark input made from real behaviour: the bundled sample, copied and remapped to reach
 * any number of events and users. Deterministic: the same sample, sizes and seed give the same
 * events.
 *
 * <p><b>Method.</b> The sample (24,505 events of 5,640 users, read with the project's readers and
 * aligned to end together, as {@code demo} replays it; it spans {@code S}, about 347 days) is
 * copied {@code k = ceil(N / 24,505)} times. Copy {@code c} is shifted later by {@code c/k} of
 * {@code S}, and its events that then fall after {@code S} are moved back by {@code S} (wrapped
 * around): the copies together spread the sample's uneven timeline (a year of one-off Fraud_Data
 * purchases, a few busy weeks of Taobao, two hours of REES46) evenly over {@code S}, so any
 * stretch of the stream has the same mix and the same events per day, and one generation can
 * follow another without a gap or a burst. Each copy keeps the sample's spacing and order. From
 * the {@code k} copies exactly {@code N} events are kept, chosen uniformly by a seeded hash.
 * Each (copy, original user, wrapped or not) triple is a shopper (a history cut by the wrap point
 * becomes two shoppers, so no history runs backwards); shoppers are numbered in order of first
 * appearance and shopper {@code j} becomes user {@code j mod U}, so {@code U} users are reached
 * when there are at least {@code U} shoppers. Event, order and session ids and device ids get the copy (and
 * generation) as a suffix and IPv4 addresses are offset per copy, so copies share no order,
 * device or IP. Every event-time gap is then multiplied by a time scale (1 keeps the sample's
 * spacing; below 1 compresses it) and the timeline is shifted to end (or start) at a chosen
 * instant.
 */
final class BenchInput {

    private static final int TIME_BITS = 64 - 1 - BenchEvents.ID_BITS;
    private static final int ID_BITS = BenchEvents.ID_BITS;
    private static final long ID_MASK = BenchEvents.ID_MASK;

    private final List<DatasetEvent> sample;
    private final int[] sampleUser;
    private final int sampleUsers;
    private final long firstMillis;
    /** The wrap-around period: the sample's span plus one millisecond. */
    private final long periodMillis;

    BenchInput(List<DatasetEvent> sampleInTimeOrder) {
        if (sampleInTimeOrder.isEmpty()) {
            throw new IllegalArgumentException("the sample has no events");
        }
        this.sample = List.copyOf(sampleInTimeOrder);
        this.sampleUser = new int[sample.size()];
        this.firstMillis = sample.get(0).eventTime().toEpochMilli();
        Map<String, Integer> users = new HashMap<>();
        for (int i = 0; i < sample.size(); i++) {
            sampleUser[i] = users.computeIfAbsent(sample.get(i).userId(), u -> users.size());
        }
        this.sampleUsers = users.size();
        this.periodMillis = sample.get(sample.size() - 1).eventTime().toEpochMilli() - firstMillis + 1;
        if (periodMillis >= 1L << TIME_BITS) {
            throw new IllegalArgumentException("the sample spans " + Duration.ofMillis(periodMillis) + ", more than this generator handles");
        }
    }

    /** The sources read in time order, aligned to end together (as {@code demo} replays them). */
    static BenchInput read(List<DatasetSource> sources) throws IOException {
        return new BenchInput(DatasetReplay.builder().addAll(sources).alignEnds().build().load().events());
    }

    int sampleEvents() {
        return sample.size();
    }

    int sampleUsers() {
        return sampleUsers;
    }

    /**
     * {@code events} events in event-time order, anchored at the sample's own first event time
     * (re-anchor with {@link BenchEvents#endingAt} or {@link BenchEvents#startingAt}). Each (copy,
     * original user) pair becomes user {@code j mod users}, so at most {@code users} users appear;
     * fewer when the events reach fewer pairs ({@link BenchEvents#distinctUsers()}).
     *
     * @param userTag   user ids are {@code userTag-uN}: two generations with the same tag share users
     * @param eventTag  event and order ids carry it, so generations with different tags share no id
     * @param timeScale every event-time gap is multiplied by this (1: the sample's own spacing)
     */
    BenchEvents generate(String userTag, String eventTag, int events, int users, double timeScale, long seed) {
        if (events <= 0 || users <= 0) {
            throw new IllegalArgumentException("events and users must be positive, got " + events + " and " + users);
        }
        if (!(timeScale > 0 && timeScale <= 1)) {
            throw new IllegalArgumentException("time scale must be in (0, 1], got " + timeScale);
        }
        int m = sample.size();
        int copies = (int) Math.max(1, (events + (long) m - 1) / m);
        long total = (long) copies * m;
        if (total > ID_MASK) {
            throw new IllegalArgumentException(events + " events is more than this generator handles");
        }
        // keep exactly `events` of the copies' events, chosen uniformly by a seeded hash
        long[] byHash = new long[(int) total];
        for (int id = 0; id < total; id++) {
            byHash[id] = (mix(seed * 0x9E3779B97F4A7C15L + id) & 0xFFFFFFFF00000000L) | id;
        }
        java.util.Arrays.sort(byHash);
        long[] order = new long[events];
        for (int j = 0; j < events; j++) {
            int id = (int) (byHash[j] & 0xFFFFFFFFL);
            order[j] = Math.round(placedMillis(id / m, copies, id % m) * timeScale) << ID_BITS | id;
        }
        java.util.Arrays.sort(order);
        // each (copy, original user, wrapped) shopper becomes user j mod U, j in order of first appearance
        int[] shopperUser = new int[copies * sampleUsers * 2];
        java.util.Arrays.fill(shopperUser, -1);
        int[] eventUser = new int[events];
        int shoppers = 0;
        long clicks = 0;
        for (int j = 0; j < events; j++) {
            int id = (int) (order[j] & ID_MASK);
            int copy = id / m;
            int i = id % m;
            int shopper = (copy * sampleUsers + sampleUser[i]) * 2 + (wraps(copy, copies, i) ? 1 : 0);
            if (shopperUser[shopper] < 0) {
                shopperUser[shopper] = shoppers++ % users;
            }
            eventUser[j] = shopperUser[shopper];
            if (sample.get(i) instanceof DatasetEvent.Click) {
                clicks++;
            }
        }
        return new BenchEvents(userTag, eventTag, sample, order, eventUser, Math.min(shoppers, users), copies, firstMillis,
                clicks, events - clicks);
    }

    /**
     * Where sample event {@code i} of copy {@code copy} falls, relative to the sample's first
     * event: shifted by {@code copy / copies} of the period, and back by one period when that
     * would put it after the period.
     */
    private long placedMillis(int copy, int copies, int i) {
        long shifted = sample.get(i).eventTime().toEpochMilli() - firstMillis + offset(copy, copies);
        return shifted >= periodMillis ? shifted - periodMillis : shifted;
    }

    private boolean wraps(int copy, int copies, int i) {
        return sample.get(i).eventTime().toEpochMilli() - firstMillis + offset(copy, copies) >= periodMillis;
    }

    private long offset(int copy, int copies) {
        return copy * periodMillis / copies;
    }

    /** SplitMix64's finalizer: a cheap, well-spread 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
