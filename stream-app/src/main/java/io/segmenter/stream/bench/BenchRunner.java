package io.segmenter.stream.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.DistinctKeys;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.broker.EmbeddedKafkaBroker;
import io.segmenter.stream.broker.Topics;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.config.Setting;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.topology.MicrometerTopologyMetrics;
import io.segmenter.stream.topology.SegmentationTopology;
import io.segmenter.stream.topology.TopicSpec;
import io.segmenter.stream.topology.TopologyMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark against one embedded broker: publishes the input once, measures the
 * baseline and the full pipeline on it one after the other (separate application ids, fresh
 * state directories), then the pipeline's latency at a fixed offered load, and checks the
 * pipeline's output ({@link BenchChecks}). See {@link BenchCommand} for what each figure means.
 */
final class BenchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    /** Shortest and longest pause between two reads of the committed offsets. */
    private static final long MIN_POLL_MILLIS = 20;
    private static final long MAX_POLL_MILLIS = 500;
    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(60);
    private static final String WARMUP_PREFIX = "warmup-";

    /** What to run. */
    record Options(List<DatasetSource> sources, int events, int users, int warmupEvents, double rateFraction,
                   Duration latencyDuration, double timeScale, SegmenterConfig baseConfig, long seed) {
    }

    /** One throughput measurement: how long, and the heap while it ran. */
    private record Throughput(double eventsPerSec, double seconds, long peakHeapBytes, long maxAfterGcBytes) {
        static Throughput of(long events, long runningNanos, long doneNanos, HeapWatch heap) {
            double seconds = Math.max(1, doneNanos - runningNanos) / 1e9;
            return new Throughput(events / seconds, seconds, heap.peakBytes(), heap.maxAfterGcBytes());
        }
    }

    /**
     * Per-row cost of the scoring batches of one kind ({@code users} or {@code purchases}), from the
     * scoring metrics: the model call alone ({@code segmenter.scoring.model.duration}) and the whole
     * batch ({@code segmenter.scoring.batch.duration}), both over the rows of the batches.
     */
    private record ScoringCost(long batches, double rows, double modelMicros, double batchMicros) {
        static ScoringCost of(MeterRegistry meters, String kind) {
            Timer batch = meters.find(MicrometerTopologyMetrics.SCORING_BATCH_DURATION).tag("kind", kind).timer();
            Timer model = meters.find(MicrometerTopologyMetrics.SCORING_MODEL_DURATION).tag("kind", kind).timer();
            DistributionSummary size = meters.find(MicrometerTopologyMetrics.SCORING_BATCH_SIZE).tag("kind", kind).summary();
            if (batch == null || model == null || size == null) {
                return new ScoringCost(0, 0, 0, 0);
            }
            return new ScoringCost(batch.count(), size.totalAmount(), model.totalTime(TimeUnit.MICROSECONDS),
                    batch.totalTime(TimeUnit.MICROSECONDS));
        }

        double modelMicrosPerRow() {
            return rows == 0 ? 0 : modelMicros / rows;
        }

        double batchMicrosPerRow() {
            return rows == 0 ? 0 : batchMicros / rows;
        }

        double rowsPerBatch() {
            return batches == 0 ? 0 : rows / batches;
        }
    }

    /** The latency phase's outcome. */
    private record Latency(long events, long users, double offeredRate, long processed, long userRowsScored,
                           LatencySummary toAppend, LatencySummary toVisible, LatencySummary changesToAppend,
                           LatencySummary anomaliesToAppend, long changeSamples, long anomalySamples,
                           long changesWithUnknownTrigger, long anomaliesForUnknownPurchases, long withoutAppendTime,
                           long behindScheduleMs) {
        static final Latency SKIPPED = new Latency(0, 0, 0, 0, 0, LatencySummary.NONE, LatencySummary.NONE, LatencySummary.NONE,
                LatencySummary.NONE, 0, 0, 0, 0, 0, 0);
    }

    /** What the throughput phase left on the outputs and in the stores. */
    private record Outcome(long processed, long deadLettered, long usersWithFeatures, long usersWithSegment,
                           long segmentChanges, long anomalies, long unknownAnomalies, long ordersTwice, long userRowsScored,
                           long usersInStore, long stateBytes) {
    }

    BenchReport run(Options o) throws IOException {
        BenchInput input = BenchInput.read(o.sources());
        // One stream of N + N/4 events, ending an hour ago: the throughput phase gets its first N, the
        // latency phase the ones after (as many as its rate and duration send, at most N/4), so the
        // latency phase continues the same shoppers at the same events per day, with nothing late.
        Instant streamEnd = Instant.now().minus(Duration.ofHours(1));
        BenchEvents stream = input.generate("m", "m", o.events() + latencyReserve(o), o.users(), o.timeScale(), o.seed())
                .endingAt(streamEnd);
        BenchEvents measured = stream.first(o.events());
        Instant measuredEnd = measured.lastEventTime();
        if (measured.distinctUsers() < o.users()) {
            throw new IllegalArgumentException(o.events() + " events of the sample reach only " + measured.distinctUsers()
                    + " distinct shoppers, fewer than the " + o.users() + " users asked for: ask for more events or fewer users");
        }
        BenchEvents warmup = o.warmupEvents() <= 0 ? null : input.generate("w", "w", o.warmupEvents(),
                usersFor(o.warmupEvents(), o), o.timeScale(), o.seed() + 1).endingAt(measuredEnd);
        LOG.info("bench input: {} events of {} users from {} copies of the sample ({} events, {} users), {} .. {}",
                measured.size(), measured.distinctUsers(), measured.copies(), input.sampleEvents(), input.sampleUsers(),
                measured.firstEventTime(), measured.lastEventTime());

        Path stateRoot = Files.createTempDirectory("segmenter-bench-state");
        String registryScope = "bench-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            SegmenterConfig config = o.baseConfig()
                    .with("bootstrap.servers", broker.bootstrapServers())
                    .with("schema.registry.url", "mock://" + registryScope)
                    .with("http.port", "0");
            SchemaRegistryClient registry = SchemaRegistryClients.create(config.get("schema.registry.url"), Map.of());
            createTopics(admin, config);
            if (warmup != null) {
                SegmenterConfig warmupConfig = withTopicPrefix(config, WARMUP_PREFIX);
                createTopics(admin, warmupConfig);
                publish(broker, warmupConfig, registry, warmup);
                LOG.info("warm-up: baseline and pipeline over {} events", warmup.size());
                runBaseline(admin, app(warmupConfig, "bench-warmup-baseline", stateRoot), registry, warmup.size());
                runDataflowBaseline(admin, app(warmupConfig, "bench-warmup-dataflow", stateRoot), registry, true, warmup.size());
                runDataflowBaseline(admin, app(warmupConfig, "bench-warmup-twohop", stateRoot), registry, false, warmup.size());
                SegmenterConfig warmupPipeline = app(warmupConfig, "bench-warmup-pipeline", stateRoot);
                try (SegmenterApp app = SegmenterApp.create(warmupPipeline, new SimpleMeterRegistry())) {
                    measurePipeline(admin, app, warmupPipeline, warmup.size());
                }
            }

            publish(broker, config, registry, measured);

            SegmenterConfig baselineConfig = app(config, "bench-baseline", stateRoot);
            BaselineRun baseline = runBaseline(admin, baselineConfig, registry, measured.size());
            LOG.info("baseline: {} events/s ({} s)", Math.round(baseline.throughput().eventsPerSec()),
                    String.format(Locale.ROOT, "%.2f", baseline.throughput().seconds()));
            BaselineRun dataflow = runDataflowBaseline(admin, app(config, "bench-dataflow", stateRoot), registry, true,
                    measured.size());
            LOG.info("data-flow baseline: {} events/s ({} s)", Math.round(dataflow.throughput().eventsPerSec()),
                    String.format(Locale.ROOT, "%.2f", dataflow.throughput().seconds()));
            BaselineRun twoHop = runDataflowBaseline(admin, app(config, "bench-twohop", stateRoot), registry, false,
                    measured.size());
            LOG.info("two-hop data-flow baseline: {} events/s ({} s)", Math.round(twoHop.throughput().eventsPerSec()),
                    String.format(Locale.ROOT, "%.2f", twoHop.throughput().seconds()));

            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            SegmenterConfig pipelineConfig = app(config, "bench-pipeline", stateRoot);
            try (SegmenterApp app = SegmenterApp.create(pipelineConfig, meters)) {
                Throughput pipeline = measurePipeline(admin, app, pipelineConfig, measured.size());
                LOG.info("pipeline: {} events/s ({} s)", Math.round(pipeline.eventsPerSec()),
                        String.format(Locale.ROOT, "%.2f", pipeline.seconds()));
                Outcome outcome = outcome(broker, app, pipelineConfig, meters, measured);
                ScoringCost users = ScoringCost.of(meters, "users");
                ScoringCost purchases = ScoringCost.of(meters, "purchases");

                Latency latency = Latency.SKIPPED;
                if (!o.latencyDuration().isZero()) {
                    latency = measureLatency(o, stream, measured, broker, admin, registry, app, pipelineConfig, meters,
                            pipeline.eventsPerSec());
                }

                BenchChecks.Observed observed = new BenchChecks.Observed(measured.size(), measured.distinctUsers(),
                        baseline.counted(), baseline.users(), measured.purchases(), dataflow.counted(), dataflow.users(),
                        twoHop.counted(), twoHop.users(), outcome.processed(), outcome.deadLettered(),
                        outcome.usersWithFeatures(), outcome.usersWithSegment(), outcome.userRowsScored(),
                        outcome.unknownAnomalies() + latency.anomaliesForUnknownPurchases(), outcome.ordersTwice(),
                        !o.latencyDuration().isZero(), latency.events(), latency.processed(), latency.users(),
                        latency.userRowsScored(), latency.changeSamples() + latency.anomalySamples(),
                        latency.changesWithUnknownTrigger(), latency.withoutAppendTime());
                return new BenchReport(measured.size(), measured.distinctUsers(), measured.clicks(), measured.purchases(),
                        measured.copies(), o.timeScale(), Duration.between(measured.firstEventTime(), measured.lastEventTime()).toHours() / 24.0,
                        warmup == null ? 0 : warmup.size(),
                        config.get("processing.guarantee"), config.getInt("topic.partitions"),
                        config.getLong("commit.interval.ms"), config.getInt("num.stream.threads"),
                        baseline.throughput().eventsPerSec(), pipeline.eventsPerSec(),
                        pipeline.eventsPerSec() / baseline.throughput().eventsPerSec(),
                        baseline.throughput().seconds(), pipeline.seconds(),
                        dataflow.throughput().eventsPerSec(), dataflow.throughput().seconds(),
                        dataflow.throughput().eventsPerSec() / baseline.throughput().eventsPerSec(),
                        pipeline.eventsPerSec() / dataflow.throughput().eventsPerSec(),
                        twoHop.throughput().eventsPerSec(), twoHop.throughput().eventsPerSec() / baseline.throughput().eventsPerSec(),
                        o.rateFraction(), latency.offeredRate(), latency.events(), latency.users(),
                        latency.changeSamples(), latency.anomalySamples(),
                        latency.toAppend().p50Ms(), latency.toAppend().p99Ms(), latency.toAppend().maxMs(),
                        latency.changesToAppend().p99Ms(), latency.anomaliesToAppend().p99Ms(),
                        latency.toVisible().p50Ms(), latency.toVisible().p99Ms(), latency.toVisible().maxMs(),
                        latency.behindScheduleMs(),
                        users.modelMicrosPerRow(), purchases.modelMicrosPerRow(),
                        users.batchMicrosPerRow(), purchases.batchMicrosPerRow(), users.rowsPerBatch(),
                        outcome.usersInStore() == 0 ? 0 : (double) outcome.stateBytes() / outcome.usersInStore(), outcome.usersInStore(),
                        pipeline.peakHeapBytes(), pipeline.maxAfterGcBytes(), baseline.throughput().peakHeapBytes(),
                        outcome.processed(), outcome.deadLettered(), outcome.usersWithFeatures(), outcome.usersWithSegment(),
                        outcome.userRowsScored(), outcome.segmentChanges(), outcome.anomalies(),
                        MachineInfo.current(), BenchChecks.problems(observed));
            }
        } finally {
            MockSchemaRegistry.dropScope(registryScope);
            deleteRecursively(stateRoot);
        }
    }

    /**
     * Counts what the throughput phase produced, once its last scoring batch is out: processed and
     * dead-lettered events (metrics), users that ever had features (keys of the feature store's
     * changelog, evicted users included), users with a segment and anomalies (the output topics),
     * and the feature store's size (interactive queries).
     */
    private static Outcome outcome(EmbeddedKafkaBroker broker, SegmenterApp app, SegmenterConfig config, MeterRegistry meters,
                                   BenchEvents measured) {
        // scoring runs on a wall-clock interval: the last marks are scored shortly after the last event
        awaitScoringDrained(app);
        long processed = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.EVENTS_PROCESSED);
        long deadLettered = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.DEAD_LETTERED);
        Set<String> featureUsers = DistinctKeys.read(broker.bootstrapServers(),
                config.get("application.id") + "-" + SegmentationTopology.USER_FEATURES_STORE + "-changelog");
        try (OutputTail outputs = OutputTail.fromBeginning(broker.bootstrapServers(), app.topics().segmentChanges(),
                app.topics().fraudAnomalies())) {
            outputs.pollUntil(() -> outputs.usersWithSegment() >= featureUsers.size(), OUTPUT_TIMEOUT);
            outputs.poll(Duration.ofMillis(200));
            Set<String> withoutSegment = new TreeSet<>(featureUsers);
            withoutSegment.removeAll(outputs.changedUsers());
            if (!withoutSegment.isEmpty()) {
                Set<String> forgotten = outputs.forgottenUsers();
                LOG.warn("{} users had features but never a segment ({} users evicted as idle in all); of them {} have a"
                                + " tombstone on the segment-change topic, {} are still marked for scoring, {} have features now; {}",
                        withoutSegment.size(), (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.USERS_EVICTED),
                        withoutSegment.stream().filter(forgotten::contains).count(),
                        countIn(app, SegmentationTopology.USER_SCORING_PENDING_STORE, withoutSegment),
                        countIn(app, SegmentationTopology.USER_FEATURES_STORE, withoutSegment),
                        describeUsers(measured, withoutSegment.stream().limit(5).toList()));
            }
            Set<String> purchaseIds = measured.purchaseEventIds();
            long unknownAnomalies = outputs.anomalies().stream().filter(a -> !purchaseIds.contains(a.eventId())).count();
            long ordersTwice = outputs.anomaliesPerOrder().values().stream().filter(n -> n > 1).count();
            long[] state = featureState(app);
            return new Outcome(processed, deadLettered, featureUsers.size(), outputs.usersWithSegment(), outputs.changes().size(),
                    outputs.anomalies().size(), unknownAnomalies, ordersTwice,
                    (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.USERS_SCORED), state[0], state[1]);
        }
    }

    /** Waits (up to {@link #OUTPUT_TIMEOUT}) until no user and no purchase waits for scoring; false if some still do. */
    private static boolean awaitScoringDrained(SegmenterApp app) {
        long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (isEmpty(app, SegmentationTopology.USER_SCORING_PENDING_STORE)
                    && isEmpty(app, SegmentationTopology.PURCHASE_SCORING_PENDING_STORE)) {
                return true;
            }
            pause(Duration.ofMillis(50));
        }
        return false;
    }

    private static boolean isEmpty(SegmenterApp app, String storeName) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                storeName, QueryableStoreTypes.keyValueStore()));
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            return !all.hasNext();
        }
    }

    /** Events generated beyond the throughput phase's for the latency phase: N/4 (none without a latency phase). */
    private static int latencyReserve(Options o) {
        return o.latencyDuration().isZero() ? 0 : Math.max(1, o.events() / 4);
    }

    private static int usersFor(int events, Options o) {
        return (int) Math.max(1, Math.round((double) o.users() * events / o.events()));
    }

    // ---------------------------------------------------------------- topics and input

    /**
     * The application's topics, with the broker's append time as the timestamp of the inputs and
     * outputs: the latency is measured from append to append on one clock. The topology takes
     * event time from the events themselves, so this changes nothing it computes.
     */
    private static void createTopics(Admin admin, SegmenterConfig config) {
        Set<String> appendTimed = Set.of(config.get("topic.clicks"), config.get("topic.purchases"),
                config.get("topic.segment-changes"), config.get("topic.fraud-anomalies"));
        List<NewTopic> topics = new ArrayList<>();
        for (NewTopic topic : TopicLayout.topics(config, (short) 1)) {
            if (appendTimed.contains(topic.name())) {
                Map<String, String> configs = new HashMap<>(topic.configs() == null ? Map.of() : topic.configs());
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
                topic.configs(configs);
            }
            topics.add(topic);
        }
        Topics.createAndAwaitLeaders(admin, topics, Duration.ofSeconds(30));
        awaitWritable(admin, topics);
    }

    /**
     * Waits until every partition's leader answers for it. A broker can report a leader before
     * it has taken the partition over; a producer writing then gets NOT_LEADER_OR_FOLLOWER and,
     * on its retries, may fail with OutOfOrderSequenceException. Listing the end offsets asks the
     * leader itself, and the admin client retries until it answers.
     */
    private static void awaitWritable(Admin admin, List<NewTopic> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        try {
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new KafkaException("new topics not writable within 30 s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Every topic setting ({@code topic.*} but the partition count) with {@code prefix} before its name. */
    private static SegmenterConfig withTopicPrefix(SegmenterConfig config, String prefix) {
        SegmenterConfig out = config;
        for (Setting setting : SegmenterConfig.SETTINGS) {
            if (setting.key().startsWith("topic.") && !setting.key().equals("topic.partitions")) {
                out = out.with(setting.key(), prefix + config.get(setting.key()));
            }
        }
        return out;
    }

    private static SegmenterConfig app(SegmenterConfig config, String applicationId, Path stateRoot) throws IOException {
        return config.with("application.id", applicationId)
                .with("state.dir", Files.createDirectories(stateRoot.resolve(applicationId)).toString());
    }

    private static void publish(EmbeddedKafkaBroker broker, SegmenterConfig config, SchemaRegistryClient registry,
                                BenchEvents events) {
        new EventPublisher(broker.bootstrapServers(), Map.of(), config.get("topic.clicks"), config.get("topic.purchases"),
                AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry))
                .publish(events, 0);
    }

    private static Set<String> inputTopics(SegmenterConfig config) {
        return Set.of(config.get("topic.clicks"), config.get("topic.purchases"));
    }

    // ---------------------------------------------------------------- throughput

    private record BaselineRun(Throughput throughput, long counted, long users) {
    }

    private static BaselineRun runBaseline(Admin admin, SegmenterConfig config, SchemaRegistryClient registry, long events) {
        // the pipeline's own Streams properties: same guarantee, commit interval, threads, overrides
        Properties props = StreamsProperties.from(config, TopologyMetrics.NONE);
        var topology = CountPerUserTopology.build(clicks(config, registry), purchases(config, registry),
                config.getDuration("max.clock.skew"), Clock.systemUTC(), props);
        return runCounting(admin, config, topology, props, CountPerUserTopology.COUNT_STORE, events);
    }

    private static BaselineRun runDataflowBaseline(Admin admin, SegmenterConfig config, SchemaRegistryClient registry,
                                                   boolean backToUser, long events) {
        Properties props = StreamsProperties.from(config, TopologyMetrics.NONE);
        var topology = CountAlongPipelineTopology.build(clicks(config, registry), purchases(config, registry),
                new TopicSpec<>(config.get("topic.user-deletions"), Serdes.String(), Serdes.String()), backToUser,
                config.getDuration("max.clock.skew"), Clock.systemUTC(), props);
        return runCounting(admin, config, topology, props, CountAlongPipelineTopology.USER_COUNT_STORE, events);
    }

    private static TopicSpec<String, ClickEvent> clicks(SegmenterConfig config, SchemaRegistryClient registry) {
        return new TopicSpec<>(config.get("topic.clicks"), Serdes.String(), AvroSerdes.specific(ClickEvent.class, registry));
    }

    private static TopicSpec<String, PurchaseEvent> purchases(SegmenterConfig config, SchemaRegistryClient registry) {
        return new TopicSpec<>(config.get("topic.purchases"), Serdes.String(), AvroSerdes.specific(PurchaseEvent.class, registry));
    }

    /** Runs a counting topology until its group has committed every input; sums its per-user counts. */
    private static BaselineRun runCounting(Admin admin, SegmenterConfig config, Topology topology,
                                           Properties props, String countStore, long events) {
        KafkaStreams streams = new KafkaStreams(topology, props);
        try {
            RunningClock running = new RunningClock();
            streams.setStateListener((now, before) -> running.onChange(now));
            System.gc();
            try (HeapWatch heap = HeapWatch.start()) {
                streams.start();
                long start = running.awaitStart(streams, RUNNING_TIMEOUT);
                long done = awaitProcessed(admin, config, heap, streams::state);
                Throughput throughput = Throughput.of(events, start, done, heap);
                ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                        countStore, QueryableStoreTypes.keyValueStore()));
                long counted = 0;
                long users = 0;
                try (KeyValueIterator<String, Long> all = store.all()) {
                    while (all.hasNext()) {
                        counted += all.next().value;
                        users++;
                    }
                }
                return new BaselineRun(throughput, counted, users);
            }
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static Throughput measurePipeline(Admin admin, SegmenterApp app, SegmenterConfig config, long events) {
        RunningClock running = new RunningClock();
        app.addStateListener((now, before) -> running.onChange(now));
        System.gc();
        try (HeapWatch heap = HeapWatch.start()) {
            app.start();
            long start = running.awaitStart(app.streams(), RUNNING_TIMEOUT);
            long done = awaitProcessed(admin, config, heap, () -> app.streams().state());
            return Throughput.of(events, start, done, heap);
        }
    }

    /**
     * When a Kafka Streams client started to work: the first of reaching RUNNING and processing
     * its first record (a thread processes the tasks it has ready while others still initialise,
     * so records can be processed before the client reports RUNNING).
     */
    private static final class RunningClock {
        private static final Duration POLL = Duration.ofMillis(5);
        private final AtomicLong running = new AtomicLong();

        void onChange(KafkaStreams.State now) {
            if (now == KafkaStreams.State.RUNNING) {
                running.compareAndSet(0, System.nanoTime());
            }
        }

        /** Waits for the start; returns its {@link System#nanoTime()}. */
        long awaitStart(KafkaStreams streams, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long at = running.get();
                if (at != 0) {
                    return at;
                }
                if (recordsProcessed(streams) > 0) {
                    return System.nanoTime();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka Streams neither reached RUNNING nor processed a record within "
                            + timeout + " (state " + streams.state() + ")");
                }
                pause(POLL);
            }
        }

        private static double recordsProcessed(KafkaStreams streams) {
            double total = 0;
            for (var metric : streams.metrics().entrySet()) {
                if ("process-total".equals(metric.getKey().name()) && "stream-thread-metrics".equals(metric.getKey().group())
                        && metric.getValue().metricValue() instanceof Double value) {
                    total += value;
                }
            }
            return total;
        }
    }

    /**
     * Waits until the application's committed offsets cover every record of its input and
     * repartition topics; returns {@link System#nanoTime()} when that was first seen (within 20 ms).
     * Committed offsets, not a metric: with exactly-once they advance only with the transaction
     * that holds the results.
     */
    private static long awaitProcessed(Admin admin, SegmenterConfig config, HeapWatch heap,
                                       java.util.function.Supplier<KafkaStreams.State> state) {
        ProcessingProgress progress = new ProcessingProgress(admin, config.get("application.id"));
        Set<String> inputs = inputTopics(config);
        long start = System.nanoTime();
        long deadline = start + processingTimeout().toNanos();
        long firstLag = -1;
        while (true) {
            long lag = progress.lag(inputs);
            if (lag == 0) {
                return System.nanoTime();
            }
            heap.sample();
            KafkaStreams.State now = state.get();
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("Kafka Streams stopped (" + now + ") with " + progress.lag(inputs) + " records to go");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every record was processed within " + processingTimeout()
                        + "; " + progress.lag(inputs) + " records behind");
            }
            // Each read is four admin requests that the broker, on the same cores, must answer: read
            // rarely while much is left, every 20 ms near the end (a quarter of the estimated time left).
            firstLag = firstLag < 0 ? lag : firstLag;
            double perMilli = (firstLag - lag) / Math.max(1.0, (System.nanoTime() - start) / 1e6);
            long wait = perMilli <= 0 ? MIN_POLL_MILLIS : Math.round(lag / perMilli / 4);
            pause(Duration.ofMillis(Math.max(MIN_POLL_MILLIS, Math.min(MAX_POLL_MILLIS, wait))));
        }
    }

    private static Duration processingTimeout() {
        return Duration.ofMinutes(15);
    }

    // ---------------------------------------------------------------- latency

    /**
     * Offers the pipeline {@code rateFraction} of its measured maximum and times its outputs. The
     * events are the next ones of the stream the throughput phase read the start of: the same
     * shoppers carry on, at the same mix and events per day ({@link BenchInput} spreads the sample
     * evenly over its span); as many as the offered rate sends in the phase.
     */
    private static Latency measureLatency(Options o, BenchEvents stream, BenchEvents measured, EmbeddedKafkaBroker broker,
                                          Admin admin, SchemaRegistryClient registry, SegmenterApp app, SegmenterConfig config,
                                          MeterRegistry meters, double maxEventsPerSec) {
        double rate = o.rateFraction() * maxEventsPerSec;
        long wanted = Math.max(1, Math.round(rate * o.latencyDuration().toMillis() / 1000.0));
        int reserve = stream.size() - measured.size();
        if (wanted > reserve) {
            LOG.warn("latency phase: {} events wanted at {} events/s, capped at the {} generated for it (N/4)", wanted,
                    Math.round(rate), reserve);
        }
        int events = (int) Math.min(wanted, reserve);
        long afterMillis = measured.lastEventTime().toEpochMilli();
        BenchEvents next = stream.slice(measured.size(), measured.size() + events);
        LOG.info("latency: {} events of {} users at {} events/s, {} .. {}", events, next.distinctUsers(), Math.round(rate),
                next.firstEventTime(), next.lastEventTime());
        double processedBefore = MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.EVENTS_PROCESSED);
        double scoredBefore = MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.USERS_SCORED);
        PacedPublisher publisher = new PacedPublisher(broker.bootstrapServers(), config.get("topic.clicks"),
                config.get("topic.purchases"), AvroSerdes.specific(ClickEvent.class, registry),
                AvroSerdes.specific(PurchaseEvent.class, registry));
        PacedPublisher.Sent sent;
        OutputTail outputs = OutputTail.fromEnd(broker.bootstrapServers(), app.topics().segmentChanges(), app.topics().fraudAnomalies());
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                outputs.poll(Duration.ofMillis(50));
            }
        }, "bench-output-reader");
        try {
            reader.start();
            sent = publisher.publish(next, rate);
            try (HeapWatch heap = HeapWatch.start()) {
                awaitProcessed(admin, config, heap, () -> app.streams().state());
            }
            awaitScoringDrained(app);
            pause(Duration.ofMillis(500)); // for the reader to receive the last batch's outputs
        } finally {
            stop.set(true);
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outputs.close();
        }
        long processed = Math.round(MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.EVENTS_PROCESSED) - processedBefore);
        long rowsScored = Math.round(MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.USERS_SCORED) - scoredBefore);

        // the broker's append time of each user's latest event per event time, and of each purchase
        Map<String, Long> appendByUserAndTime = new HashMap<>();
        for (int i = 0; i < next.size(); i++) {
            appendByUserAndTime.merge(next.userIdOf(i) + '@' + next.eventTimeMillis(i), sent.appendMillis()[i], Math::max);
        }
        Set<String> purchaseIds = next.purchaseEventIds();
        Map<String, Long> appendByPurchase = new HashMap<>();
        for (int i = 0; i < next.size(); i++) {
            String eventId = next.eventIdOf(i);
            if (purchaseIds.contains(eventId)) {
                appendByPurchase.put(eventId, sent.appendMillis()[i]);
            }
        }
        List<Long> toAppend = new ArrayList<>();
        List<Long> toVisible = new ArrayList<>();
        List<Long> changesToAppend = new ArrayList<>();
        List<Long> anomaliesToAppend = new ArrayList<>();
        long changeSamples = 0;
        long unknownTrigger = 0;
        for (OutputTail.Change change : outputs.changes()) {
            if (change.triggeringEventTimeMillis() <= afterMillis) {
                continue; // a late output of the throughput phase
            }
            Long appended = appendByUserAndTime.get(change.key() + '@' + change.triggeringEventTimeMillis());
            if (appended == null) {
                unknownTrigger++;
                continue;
            }
            toAppend.add(change.appendMillis() - appended);
            changesToAppend.add(change.appendMillis() - appended);
            toVisible.add(change.receivedMillis() - appended);
            changeSamples++;
        }
        long anomalySamples = 0;
        long unknownPurchases = 0;
        for (OutputTail.Anomaly anomaly : outputs.anomalies()) {
            if (anomaly.eventTimeMillis() <= afterMillis) {
                continue; // a late output of the throughput phase
            }
            Long appended = appendByPurchase.get(anomaly.eventId());
            if (appended == null) {
                unknownPurchases++;
                continue;
            }
            toAppend.add(anomaly.appendMillis() - appended);
            anomaliesToAppend.add(anomaly.appendMillis() - appended);
            toVisible.add(anomaly.receivedMillis() - appended);
            anomalySamples++;
        }
        LatencySummary summary = LatencySummary.of(toArray(toAppend));
        LOG.info("latency: {} samples, p50 {} ms, p99 {} ms, max {} ms (input append -> output append)", summary.samples(),
                summary.p50Ms(), summary.p99Ms(), summary.maxMs());
        return new Latency(events, next.distinctUsers(), rate, processed, rowsScored, summary, LatencySummary.of(toArray(toVisible)),
                LatencySummary.of(toArray(changesToAppend)), LatencySummary.of(toArray(anomaliesToAppend)),
                changeSamples, anomalySamples, unknownTrigger, unknownPurchases, outputs.notAppendTime(),
                sent.maxBehindScheduleMillis());
    }

    /** How many of {@code keys} a store of the application holds now (interactive queries). */
    private static long countIn(SegmenterApp app, String storeName, Set<String> keys) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                storeName, QueryableStoreTypes.keyValueStore()));
        return keys.stream().filter(k -> store.get(k) != null).count();
    }

    /** For a log line: each user's number of events and the event-time span of them. */
    private static String describeUsers(BenchEvents events, List<String> users) {
        Map<String, long[]> seen = new HashMap<>();
        users.forEach(u -> seen.put(u, new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE}));
        for (int i = 0; i < events.size(); i++) {
            long[] s = seen.get(events.userIdOf(i));
            if (s != null) {
                s[0]++;
                s[1] = Math.min(s[1], events.eventTimeMillis(i));
                s[2] = Math.max(s[2], events.eventTimeMillis(i));
            }
        }
        StringBuilder out = new StringBuilder("e.g.");
        seen.forEach((user, s) -> out.append(' ').append(user).append(" (").append(s[0]).append(" events, ")
                .append(Instant.ofEpochMilli(s[1])).append(" .. ").append(Instant.ofEpochMilli(s[2])).append(')'));
        return out.toString();
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    // ---------------------------------------------------------------- state

    /** {number of users in the feature store, sum of their value sizes in bytes}, through interactive queries. */
    private static long[] featureState(SegmenterApp app) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                SegmentationTopology.USER_FEATURES_STORE, QueryableStoreTypes.keyValueStore()));
        long users = 0;
        long bytes = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                users++;
                bytes += entry.value.length;
            }
        }
        return new long[] {users, bytes};
    }

    // ---------------------------------------------------------------- helpers

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
