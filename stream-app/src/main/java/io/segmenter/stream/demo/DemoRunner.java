package io.segmenter.stream.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.features.dataset.MalformedLine;
import io.segmenter.features.dataset.ReadReport;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.DeadLetterTally;
import io.segmenter.stream.app.DistinctKeys;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.ScoringProgress;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.broker.EmbeddedKafkaBroker;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.ops.ServedInstance;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.topology.MicrometerTopologyMetrics;
import io.segmenter.stream.topology.SegmentationTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: starts a broker and an in-memory registry, creates the topics, replays
 * dataset files, runs the topology until every record is processed and every marked user and
 * purchase is scored, and counts what happened from the topics themselves (dead letters, segment
 * changes, anomalies) and the stores (users), not only from metrics.
 */
public final class DemoRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRunner.class);
    private static final Duration PROCESSING_TIMEOUT = Duration.ofMinutes(5);
    /** Segment changes and anomalies shown in words. */
    private static final int EXAMPLES = 4;

    /**
     * What to replay and how. With {@code httpPort} the embedded instance serves its HTTP port
     * ({@code /metrics}, {@code /health/live}, {@code /health/ready}, {@code /users/{id}}) while it
     * runs, and {@code whileLive} is called after the summary is counted, before anything closes.
     */
    public record Options(List<DatasetSource> sources, double speed, SegmenterConfig baseConfig,
                          java.util.function.Consumer<SegmenterApp> inspectBeforeClose,
                          OptionalInt httpPort, java.util.function.Consumer<Live> whileLive) {

        public Options(List<DatasetSource> sources, double speed, SegmenterConfig baseConfig,
                       java.util.function.Consumer<SegmenterApp> inspectBeforeClose) {
            this(sources, speed, baseConfig, inspectBeforeClose, OptionalInt.empty(), live -> { });
        }

        public Options(List<DatasetSource> sources, double speed, SegmenterConfig baseConfig) {
            this(sources, speed, baseConfig, app -> { });
        }

        /** A copy that serves HTTP on {@code port} (0 for a free one) and calls {@code whileLive} after the replay. */
        public Options withHttp(int port, java.util.function.Consumer<Live> whileLive) {
            return new Options(sources, speed, baseConfig, inspectBeforeClose, OptionalInt.of(port), whileLive);
        }
    }

    /** The demo after its replay, still running: its summary and, when it serves HTTP, where. */
    public record Live(DemoSummary summary, Optional<URI> http) {
    }

    /** The bundled sample, from {@code data/sample} when run inside the repository, else from the jar. */
    public static List<DatasetSource> bundledSample() throws IOException {
        var dir = BundledSample.find(Path.of(""));
        return dir.isPresent() ? BundledSample.sources(dir.get())
                : BundledSample.classpathSources(DemoRunner.class.getClassLoader(), "segmenter/sample/");
    }

    public DemoSummary run(Options options) throws IOException {
        long start = System.nanoTime();
        DatasetReplay.Result read = DatasetReplay.builder().addAll(options.sources()).alignEnds().build().load();
        read.reports().forEach(r -> LOG.info("read {}", r.describe()));

        Path stateDir = Files.createTempDirectory("segmenter-demo-state");
        String registryScope = "demo-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            SegmenterConfig config = options.baseConfig()
                    .with("bootstrap.servers", broker.bootstrapServers())
                    .with("schema.registry.url", "mock://" + registryScope)
                    .with("state.dir", stateDir.toString())
                    // without HTTP, port 0 advertises no application.server
                    .with("http.port", Integer.toString(options.httpPort().orElse(0)));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                TopicLayout.ensure(admin, config, (short) 1, Duration.ofSeconds(30));
                if (options.httpPort().isPresent()) {
                    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                    try (ServedInstance served = ServedInstance.create(config, meters)) {
                        LOG.info("serving http on {}", served.uri());
                        return replay(options, read, start, broker, admin, config, served.app(), meters, Optional.of(served.uri()));
                    }
                }
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                try (SegmenterApp app = SegmenterApp.create(config, meters)) {
                    return replay(options, read, start, broker, admin, config, app, meters, Optional.empty());
                }
            }
        } finally {
            MockSchemaRegistry.dropScope(registryScope);
            deleteRecursively(stateDir);
        }
    }

    /** Starts {@code app}, replays into it, counts the outcome, calls {@code whileLive}; closes nothing. */
    private static DemoSummary replay(Options options, DatasetReplay.Result read, long start, EmbeddedKafkaBroker broker,
                                      Admin admin, SegmenterConfig config, SegmenterApp app, MeterRegistry meters,
                                      Optional<URI> http) throws IOException {
        EventPublisher publisher = new EventPublisher(broker.bootstrapServers(), Map.of(),
                config.get("topic.clicks"), config.get("topic.purchases"),
                AvroSerdes.specific(ClickEvent.class, app.registry()),
                AvroSerdes.specific(PurchaseEvent.class, app.registry()));
        EventPublisher.Published published;
        if (options.speed() > 0) {
            // paced replay: the application runs while events arrive, as in production
            startAndAwaitRunning(app);
            published = publisher.publish(read.events(), options.speed());
        } else {
            // as fast as possible: publish first, so the application reads data that is
            // all on the broker and Kafka Streams processes both topics in timestamp order
            published = publisher.publish(read.events(), 0);
            startAndAwaitRunning(app);
        }

        ProcessingProgress progress = new ProcessingProgress(admin, config.get("application.id"));
        Set<String> inputs = Set.of(config.get("topic.clicks"), config.get("topic.purchases"));
        if (!progress.awaitCaughtUp(inputs, PROCESSING_TIMEOUT)) {
            throw new IllegalStateException("not every record was processed within " + PROCESSING_TIMEOUT
                    + "; " + progress.lag(inputs) + " records behind");
        }
        ScoringOutputs scored;
        try (ScoringOutputTally outputs = new ScoringOutputTally(broker.bootstrapServers(), config.get("topic.segment-changes"),
                config.get("topic.fraud-anomalies"), app.registry(), EXAMPLES)) {
            awaitScored(app, meters, outputs, PROCESSING_TIMEOUT);
            scored = new ScoringOutputs(outputs.usersWithSegment(), outputs.segmentChanges(), outputs.segmentTombstones(),
                    outputs.anomalies(), outputs.modelVersions().stream().sorted().toList(), outputs.changeExamples(),
                    outputs.anomalyExamples());
        }
        DeadLetterTally deadLetters = DeadLetterTally.read(broker.bootstrapServers(), config.get("topic.dead-letters"), 5, Map.of());
        long inStore = countUsers(app);
        // every user that ever had features has a key in the store's changelog (evicted
        // users as tombstones): counted from the topic, independent of the metrics
        long everHadFeatures = DistinctKeys.count(broker.bootstrapServers(),
                config.get("application.id") + "-" + SegmentationTopology.USER_FEATURES_STORE + "-changelog");
        options.inspectBeforeClose().accept(app);
        long evicted = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.USERS_EVICTED);
        long processed = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.EVENTS_PROCESSED);
        DemoSummary summary = new DemoSummary(
                options.sources().stream().map(DatasetSource::toString).toList(),
                read.linesRead(), read.linesAccepted(), read.malformedLines(), read.skippedLines(),
                published.total(), processed, deadLetters.total(), deadLetters.byReason(),
                deadLetters.byReason().getOrDefault(RejectionReason.LATE_EVENT.code(), 0L),
                everHadFeatures, inStore, evicted,
                scored.usersScored(), scored.segmentChanges(), scored.segmentsForgotten(), scored.anomalies(),
                app.liveModelVersion(), scored.modelVersions(),
                read.reports().stream().allMatch(ReadReport::oneEventPerAcceptedLine),
                Duration.ofNanos(System.nanoTime() - start).toMillis(),
                malformedExamples(read), deadLetters.examples().stream()
                        .map(e -> e.reason() + " (" + e.sourceTopic() + "-" + e.partition() + "@" + e.offset() + "): " + e.detail())
                        .toList(),
                scored.changeExamples(), scored.anomalyExamples());
        options.whileLive().accept(new Live(summary, http));
        return summary;
    }

    /** What the output topics held once scoring caught up. */
    private record ScoringOutputs(long usersScored, long segmentChanges, long segmentsForgotten, long anomalies,
                                  List<String> modelVersions, List<String> changeExamples, List<String> anomalyExamples) {
    }

    /**
     * Waits until scoring has caught up with the processed input: nothing left in the
     * scoring-pending stores, and the output topics hold (committed) every segment change,
     * tombstone and anomaly the scoring metrics counted, still so after every stream thread has
     * completed another punctuation round. Called after the input is processed, so no new marks
     * arrive.
     */
    private static void awaitScored(SegmenterApp app, MeterRegistry meters, ScoringOutputTally outputs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        Map<String, Double> roundsWhenDrained = null;
        while (System.nanoTime() < deadline) {
            Map<String, Double> rounds = ScoringProgress.punctuationRounds(app.streams());
            long pendingUsers = ScoringProgress.pendingUsers(app.streams());
            long pendingPurchases = ScoringProgress.pendingPurchases(app.streams());
            outputs.readAvailable();
            long changesCounted = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.SEGMENT_CHANGES);
            long anomaliesCounted = (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.ANOMALIES);
            long changesOnTopic = outputs.segmentChanges() + outputs.segmentTombstones();
            boolean drained = pendingUsers == 0 && pendingPurchases == 0 && changesOnTopic == changesCounted
                    && outputs.anomalies() == anomaliesCounted;
            if (!drained) {
                roundsWhenDrained = null;
            } else if (roundsWhenDrained == null) {
                // a batch may have taken the last marks and not yet sent its outputs: wait for its round to end
                roundsWhenDrained = rounds;
            } else if (ScoringProgress.everyThreadAdvanced(roundsWhenDrained, rounds)) {
                return;
            }
            state = pendingUsers + " users and " + pendingPurchases + " purchases waiting; " + changesOnTopic + " of "
                    + changesCounted + " segment changes and " + outputs.anomalies() + " of " + anomaliesCounted
                    + " anomalies committed";
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
        }
        throw new IllegalStateException("scoring did not catch up within " + timeout + ": " + state);
    }

    private static void startAndAwaitRunning(SegmenterApp app) {
        app.start();
        if (!app.awaitRunning(Duration.ofMinutes(1))) {
            throw new IllegalStateException("Kafka Streams did not reach RUNNING within a minute (state " + app.streams().state() + ")");
        }
    }

    private static long countUsers(SegmenterApp app) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                SegmentationTopology.USER_FEATURES_STORE, QueryableStoreTypes.keyValueStore()));
        long n = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private static List<String> malformedExamples(DatasetReplay.Result read) {
        List<String> examples = new ArrayList<>();
        for (ReadReport report : read.reports()) {
            for (MalformedLine line : report.firstMalformed()) {
                if (examples.size() < 5) {
                    examples.add(report.source() + " " + line);
                }
            }
        }
        return examples;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
