package io.segmenter.stream.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link TopologyMetrics} as Micrometer counters with low-cardinality tags. */
public final class MicrometerTopologyMetrics implements TopologyMetrics {

    public static final String EVENTS_PROCESSED = "segmenter.events.processed";
    public static final String DEAD_LETTERED = "segmenter.events.dead.lettered";
    public static final String DUPLICATES_DROPPED = "segmenter.events.duplicates.dropped";
    public static final String USERS_CREATED = "segmenter.users.added";
    public static final String USERS_EVICTED = "segmenter.users.evicted";

    private final MeterRegistry registry;
    private final Map<String, Counter> processed = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Counter duplicates;
    private final Counter usersCreated;
    private final Counter usersEvicted;

    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder(DUPLICATES_DROPPED).description("Input events dropped as duplicates of an earlier event id").register(registry);
        this.usersCreated = Counter.builder(USERS_CREATED).description("Users that got feature state").register(registry);
        this.usersEvicted = Counter.builder(USERS_EVICTED).description("Idle users removed from the feature store").register(registry);
    }

    @Override
    public void processed(String eventType) {
        processed.computeIfAbsent(eventType, t -> Counter.builder(EVENTS_PROCESSED)
                .description("Valid input events folded into feature state, by event type")
                .tag("type", t).register(registry)).increment();
    }

    @Override
    public void deadLettered(String reason) {
        deadLettered.computeIfAbsent(reason, r -> Counter.builder(DEAD_LETTERED)
                .description("Input records sent to the dead-letter topic, by reason")
                .tag("reason", r).register(registry)).increment();
    }

    @Override
    public void duplicateDropped() {
        duplicates.increment();
    }

    @Override
    public void userCreated() {
        usersCreated.increment();
    }

    @Override
    public void usersEvicted(int count) {
        usersEvicted.increment(count);
    }

    /** Sum of a counter over all its tags; 0 when never incremented. */
    public static double total(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
