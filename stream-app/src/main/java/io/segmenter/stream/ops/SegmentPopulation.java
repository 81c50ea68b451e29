package io.segmenter.stream.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.topology.SegmentationTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@value #POPULATION}{@code {segment}}: how many users this instance's active tasks hold in each
 * segment, counted by scanning {@value SegmentationTopology#USER_SEGMENT_STORE} on a schedule (not
 * at scrape time, and not kept from decisions, which would start from zero after every restart or
 * rebalance). Summed over instances it is the whole population, because each user lives in one
 * active task. A segment that empties reads 0; a scan that cannot read the store (rebalancing)
 * leaves the last counts.
 */
final class SegmentPopulation {

    static final String POPULATION = "segmenter.segment.population";

    private final MeterRegistry registry;
    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();
    private long lastFoundUsersMillis = Long.MIN_VALUE;

    SegmentPopulation(MeterRegistry registry, Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
        this.registry = registry;
        this.store = store;
    }

    static SegmentPopulation of(KafkaStreams streams, MeterRegistry registry) {
        return new SegmentPopulation(registry, () -> streams.store(StoreQueryParameters.fromNameAndType(
                SegmentationTopology.USER_SEGMENT_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    /**
     * Scans the store when a scan is due: when no scan has found a user yet (the store could not be
     * read, or was empty), or {@code interval} after the last scan that found users. Called more
     * often than {@code interval}, it makes the gauges appear soon after the first users are scored
     * and then costs one scan per interval. True when it scanned.
     */
    boolean refreshIfDue(long nowMillis, Duration interval) {
        if (lastFoundUsersMillis != Long.MIN_VALUE && nowMillis - lastFoundUsersMillis < interval.toMillis()) {
            return false;
        }
        if (refresh() && counts.values().stream().anyMatch(count -> count.get() > 0)) {
            lastFoundUsersMillis = nowMillis;
        }
        return true;
    }

    /** Scans the store once and updates the gauges; false when the store could not be read. */
    boolean refresh() {
        Map<String, Long> scanned = new HashMap<>();
        try (KeyValueIterator<String, byte[]> all = store.get().all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                scanned.merge(CurrentSegmentCodec.decode(entry.value).segmentId(), 1L, Long::sum);
            }
        } catch (InvalidStateStoreException e) {
            return false;
        }
        counts.forEach((segment, count) -> count.set(scanned.getOrDefault(segment, 0L)));
        scanned.forEach((segment, count) -> counts.computeIfAbsent(segment, this::register).set(count));
        return true;
    }

    private AtomicLong register(String segment) {
        AtomicLong count = new AtomicLong();
        gauges.add(Gauge.builder(POPULATION, count, AtomicLong::get)
                .description("Users in each segment over this instance's active tasks (scanned every minute)")
                .tag("segment", segment)
                .register(registry));
        return count;
    }

    /** Removes the gauges from the registry. */
    void close() {
        gauges.forEach(registry::remove);
    }
}
