package io.segmenter.stream.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TopologyMetrics} as Micrometer meters with low-cardinality tags: counters, the scoring
 * batch size as a distribution summary, and batch, model-call and output latencies as timers with histogram
 * buckets (Prometheus {@code _bucket} series).
 */
public final class MicrometerTopologyMetrics implements TopologyMetrics {

    public static final String EVENTS_PROCESSED = "segmenter.events.processed";
    public static final String DEAD_LETTERED = "segmenter.events.dead.lettered";
    public static final String DUPLICATES_DROPPED = "segmenter.events.duplicates.dropped";
    public static final String USERS_CREATED = "segmenter.users.added";
    public static final String USERS_EVICTED = "segmenter.users.evicted";
    public static final String SCORING_BATCH_SIZE = "segmenter.scoring.batch.size";
    public static final String SCORING_BATCH_DURATION = "segmenter.scoring.batch.duration";
    public static final String SCORING_MODEL_DURATION = "segmenter.scoring.model.duration";
    public static final String USERS_SCORED = "segmenter.users.scored";
    public static final String PURCHASES_SCORED = "segmenter.purchases.scored";
    public static final String SEGMENT_CHANGES = "segmenter.segment.changes";
    public static final String ANOMALIES = "segmenter.anomalies";
    public static final String ANOMALIES_SUPPRESSED = "segmenter.anomalies.suppressed";
    public static final String SHADOW_AGREEMENT = "segmenter.shadow.agreement";
    public static final String OUTPUT_LATENCY = "segmenter.output.latency";

    /** Bucket bounds of the output latency: the end-to-end objectives worth alerting on. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** Bucket bounds of the batch size, up to the default {@code scoring.max.batch} and the scorer's largest call. */
    static final double[] BATCH_SIZE_BUCKETS = {1, 8, 64, 256, 1024, 4096};
    /** Bucket bounds of the batch duration and of the model call's. */
    static final Duration[] BATCH_DURATION_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)};

    private final MeterRegistry registry;
    private final Map<String, Counter> processed = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Counter duplicates;
    private final Counter usersCreated;
    private final Counter usersEvicted;
    private final Map<String, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, Timer> batchDurations = new ConcurrentHashMap<>();
    private final Map<String, Timer> modelDurations = new ConcurrentHashMap<>();
    private final Counter usersScored;
    private final Counter purchasesScored;
    private final Map<String, Counter> segmentChanges = new ConcurrentHashMap<>();
    private final Counter anomalies;
    private final Counter anomaliesSuppressed;
    private final Map<String, Counter> shadowAgreement = new ConcurrentHashMap<>();
    private final Map<String, Timer> outputLatency = new ConcurrentHashMap<>();

    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder(DUPLICATES_DROPPED).description("Input events dropped as duplicates of an earlier event id").register(registry);
        this.usersCreated = Counter.builder(USERS_CREATED).description("Users that got feature state").register(registry);
        this.usersEvicted = Counter.builder(USERS_EVICTED).description("Idle users removed from the feature store").register(registry);
        this.usersScored = Counter.builder(USERS_SCORED).description("Users whose segment probabilities were computed").register(registry);
        this.purchasesScored = Counter.builder(PURCHASES_SCORED).description("Purchases whose fraud score was computed").register(registry);
        this.anomalies = Counter.builder(ANOMALIES).description("Fraud anomalies emitted").register(registry);
        this.anomaliesSuppressed = Counter.builder(ANOMALIES_SUPPRESSED)
                .description("Purchases at or above the fraud threshold whose order id had already raised an anomaly").register(registry);
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

    @Override
    public void scoringBatch(String kind, int size, Duration elapsed) {
        batchSizes.computeIfAbsent(kind, k -> DistributionSummary.builder(SCORING_BATCH_SIZE)
                .description("Rows scored per batched model call, by kind (users, purchases)")
                .tag("kind", k).serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry)).record(size);
        batchDurations.computeIfAbsent(kind, k -> Timer.builder(SCORING_BATCH_DURATION)
                .description("Time of one scoring batch (read features, score, decide, emit), by kind")
                .tag("kind", k).serviceLevelObjectives(BATCH_DURATION_BUCKETS)
                .register(registry)).record(elapsed);
    }

    @Override
    public void scoringModelCall(String kind, int size, Duration elapsed) {
        modelDurations.computeIfAbsent(kind, k -> Timer.builder(SCORING_MODEL_DURATION)
                .description("Time of the model call (DL4J) within one scoring batch, by kind (users, predictions, purchases)")
                .tag("kind", k).serviceLevelObjectives(BATCH_DURATION_BUCKETS)
                .register(registry)).record(elapsed);
    }

    @Override
    public void usersScored(int count) {
        usersScored.increment(count);
    }

    @Override
    public void purchasesScored(int count) {
        purchasesScored.increment(count);
    }

    @Override
    public void segmentChanged(String from, String to) {
        segmentChanges.computeIfAbsent(from + '\u0000' + to, key -> Counter.builder(SEGMENT_CHANGES)
                .description("Segment changes emitted, by previous and new segment id (none: no segment)")
                .tag("from", from).tag("to", to).register(registry)).increment();
    }

    @Override
    public void anomalyEmitted() {
        anomalies.increment();
    }

    @Override
    public void anomalySuppressed() {
        anomaliesSuppressed.increment();
    }

    @Override
    public void shadowCompared(String kind, boolean agreed) {
        String outcome = agreed ? "agree" : "disagree";
        shadowAgreement.computeIfAbsent(kind + '/' + outcome, key -> Counter.builder(SHADOW_AGREEMENT)
                .description("Rows scored by both the live and the shadow model, by kind (segment, anomaly) and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry)).increment();
    }

    @Override
    public void outputLatency(String output, Duration latency) {
        outputLatency.computeIfAbsent(output, o -> Timer.builder(OUTPUT_LATENCY)
                .description("Time from the event that caused an output to its emit, by output (segment-change, fraud-anomaly)")
                .tag("output", o).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** Sum of a counter over all its tags; 0 when never incremented. */
    public static double total(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
