package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.Iterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

class SegmentPopulationTest {

    private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, byte[]> users = new TreeMap<>();
    private boolean readable = true;

    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store = () -> {
        if (!readable) {
            throw new InvalidStateStoreException("rebalancing");
        }
        return new MapStore(new TreeMap<>(users));
    };

    @Test
    void countsUsersPerSegmentAndZeroesASegmentThatEmpties() {
        SegmentPopulation population = new SegmentPopulation(registry, store);
        put("u1", "frequent");
        put("u2", "frequent");
        put("u3", "dormant");
        assertThat(population.refresh()).isTrue();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 2.0, "dormant", 1.0));

        put("u3", "frequent");
        assertThat(population.refresh()).isTrue();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 3.0, "dormant", 0.0));
    }

    @Test
    void keepsTheLastCountsWhileTheStoreCannotBeRead() {
        SegmentPopulation population = new SegmentPopulation(registry, store);
        put("u1", "frequent");
        population.refresh();
        readable = false;
        users.clear();
        assertThat(population.refresh()).isFalse();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 1.0));
    }

    @Test
    void scansAtEachCallUntilAScanFindsUsersThenOncePerInterval() {
        SegmentPopulation population = new SegmentPopulation(registry, store);
        Duration minute = Duration.ofMinutes(1);
        readable = false;
        assertThat(population.refreshIfDue(0, minute)).isTrue();
        readable = true;
        assertThat(population.refreshIfDue(5_000, minute)).as("store readable but empty").isTrue();
        assertThat(gauges()).isEmpty();

        put("u1", "frequent");
        assertThat(population.refreshIfDue(10_000, minute)).isTrue();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 1.0));

        put("u2", "frequent");
        assertThat(population.refreshIfDue(15_000, minute)).isFalse();
        assertThat(population.refreshIfDue(69_999, minute)).isFalse();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 1.0));
        assertThat(population.refreshIfDue(70_000, minute)).isTrue();
        assertThat(gauges()).isEqualTo(Map.of("frequent", 2.0));
    }

    @Test
    void closeRemovesTheGauges() {
        SegmentPopulation population = new SegmentPopulation(registry, store);
        put("u1", "frequent");
        population.refresh();
        population.close();
        assertThat(registry.find(SegmentPopulation.POPULATION).gauges()).isEmpty();
    }

    private void put(String user, String segment) {
        users.put(user, CurrentSegmentCodec.encode(new CurrentSegment(segment, segment + " name", 0.9, SINCE, "v1")));
    }

    private Map<String, Double> gauges() {
        Map<String, Double> out = new TreeMap<>();
        for (Gauge g : registry.find(SegmentPopulation.POPULATION).gauges()) {
            out.put(g.getId().getTag("segment"), g.value());
        }
        return out;
    }

    /** A read-only store over a sorted copy of the map, as interactive queries give one. */
    private record MapStore(TreeMap<String, byte[]> map) implements ReadOnlyKeyValueStore<String, byte[]> {

        @Override
        public byte[] get(String key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<String, byte[]> range(String from, String to) {
            return iterator(map.subMap(from, true, to, true));
        }

        @Override
        public KeyValueIterator<String, byte[]> all() {
            return iterator(map);
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        private static KeyValueIterator<String, byte[]> iterator(Map<String, byte[]> entries) {
            Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<String, byte[]> next() {
                    Map.Entry<String, byte[]> e = it.next();
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public String peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
