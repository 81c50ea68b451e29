package io.segmenter.stream.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The meters of one {@link KafkaStreams} client:
 * <ul>
 *   <li>Kafka's own client metrics through {@link KafkaStreamsMetrics} ({@code kafka_stream_*},
 *       {@code kafka_consumer_*}, {@code kafka_producer_*}, {@code kafka_admin_*}), at the
 *       recording level the Streams config sets (INFO unless {@code kafka.metrics.recording.level});</li>
 *   <li>{@value #STORE_ENTRIES}{@code {store}}: the approximate number of entries of each local
 *       key-value store over this instance's active tasks (RocksDB's {@code estimate-num-keys},
 *       read at scrape time; NaN while the store is not queryable, e.g. during a rebalance);</li>
 *   <li>{@value #STATE}{@code {state}}: 1 for the client's current state, 0 for the others
 *       (one series per {@link KafkaStreams.State}), so "not RUNNING for 10 minutes" is a query;</li>
 *   <li>{@value SegmentPopulation#POPULATION}{@code {segment}}: users per segment ({@link SegmentPopulation}).</li>
 * </ul>
 * Tags are low-cardinality: store names and state names, never keys.
 */
public final class StreamsMeters implements AutoCloseable {

    public static final String STORE_ENTRIES = "segmenter.state.store.approximate.entries";
    public static final String STATE = "segmenter.streams.state";
    /**
     * How often new Kafka metrics (a new stream thread, a newly assigned partition's lag) are
     * picked up; Micrometer's default is a minute.
     */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);
    /** How often the segment population is counted (a scan of the local segment store). */
    static final Duration POPULATION_INTERVAL = Duration.ofSeconds(60);
    /** How often the population scan is considered: until a scan finds users it is repeated at this pace. */
    static final Duration POPULATION_POLL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final List<Meter> meters;
    private final SegmentPopulation population;

    private StreamsMeters(MeterRegistry registry, ScheduledExecutorService scheduler, KafkaStreamsMetrics kafkaMetrics,
                          List<Meter> meters, SegmentPopulation population) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.kafkaMetrics = kafkaMetrics;
        this.meters = meters;
        this.population = population;
    }

    /** Binds the meters of {@code streams}, whose topology is {@code topology}, to {@code registry}. */
    public static StreamsMeters bind(KafkaStreams streams, Topology topology, MeterRegistry registry) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segmenter-kafka-metrics");
            thread.setDaemon(true);
            return thread;
        });
        KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), scheduler, KAFKA_METRICS_REFRESH);
        kafkaMetrics.bindTo(registry);
        List<Meter> meters = new ArrayList<>();
        for (String store : storeNames(topology)) {
            meters.add(Gauge.builder(STORE_ENTRIES, streams, s -> approximateEntries(s, store))
                    .description("Approximate entries of a local state store over this instance's active tasks")
                    .tag("store", store)
                    .register(registry));
        }
        Map<KafkaStreams.State, Meter> states = new EnumMap<>(KafkaStreams.State.class);
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            states.put(state, Gauge.builder(STATE, streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the Kafka Streams client's current state, 0 for the others")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        meters.addAll(states.values());
        SegmentPopulation population = SegmentPopulation.of(streams, registry);
        scheduler.scheduleWithFixedDelay(() -> population.refreshIfDue(System.currentTimeMillis(), POPULATION_INTERVAL),
                POPULATION_POLL.toSeconds(), POPULATION_POLL.toSeconds(), TimeUnit.SECONDS);
        return new StreamsMeters(registry, scheduler, kafkaMetrics, Collections.unmodifiableList(meters), population);
    }

    /** Every state store the topology's processors use, sorted. */
    static Set<String> storeNames(Topology topology) {
        Set<String> names = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
            }
        }
        topology.describe().globalStores().forEach(g -> names.addAll(g.processor().stores()));
        return names;
    }

    private static double approximateEntries(KafkaStreams streams, String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN; // not started, rebalancing, closed, or not a key-value store
        }
    }

    @Override
    public void close() {
        kafkaMetrics.close();
        scheduler.shutdownNow();
        meters.forEach(registry::remove);
        population.close();
    }
}
