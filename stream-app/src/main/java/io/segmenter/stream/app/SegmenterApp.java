package io.segmenter.stream.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.RetryingSchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.registry.SchemaRegistryConfig;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.models.ModelMeters;
import io.segmenter.stream.models.ModelReleaseWatcher;
import io.segmenter.stream.models.StartupModel;
import io.segmenter.stream.scoring.LiveModels;
import io.segmenter.stream.ops.KafkaReachability;
import io.segmenter.stream.ops.Readiness;
import io.segmenter.stream.ops.RegistryMeters;
import io.segmenter.stream.ops.StreamsMeters;
import io.segmenter.stream.topology.MicrometerTopologyMetrics;
import io.segmenter.stream.topology.SegmentationTopology;
import io.segmenter.stream.topology.TopologyMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one instance: config to serdes to model to topology to {@link KafkaStreams}. Owns the
 * registry client, the streams client and the model watcher, and closes them.
 *
 * <p>The startup model ({@link StartupModel}: {@code model.file}, else the default in the jar)
 * must load, or creation fails naming the file and the reason. {@link #start} first reads the
 * models topic to its end ({@link ModelReleaseWatcher}), so an instance that restarts scores its
 * first batch with the model the topic says is live, then starts the streams; the watcher then
 * follows the topic and swaps models between scoring batches.
 *
 * <p>Uncaught exceptions replace the stream thread: records that are merely bad never get
 * here (they are dead-lettered), so what does is an outage (registry, broker) or a bug, and a
 * fresh thread resumes from the last committed transaction.
 *
 * <p>Outages are ridden out rather than turned into failures: the streams' serdes use a
 * {@link RetryingSchemaRegistryClient}, so a stream thread that needs a schema while the registry
 * is unreachable waits for it (up to {@link RetryingSchemaRegistryClient#DEFAULT_MAX_WAIT}) instead
 * of dead-lettering the record or dying; Kafka's own clients retry through a broker outage.
 * {@link #dependencyChecks()} report both to readiness.
 */
public final class SegmenterApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmenterApp.class);
    /** How long {@link #start} waits for the models topic to be read before starting the streams. */
    static final long MODELS_CATCH_UP_SECONDS = 60;

    private final SegmenterConfig config;
    /** How often, and how patiently, {@link KafkaReachability} asks the cluster. */
    static final Duration KAFKA_PROBE_INTERVAL = Duration.ofSeconds(2);
    static final Duration KAFKA_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final SchemaRegistryClient registry;
    private final RetryingSchemaRegistryClient streamsRegistry;
    private final RegistryMeters registryMeters;
    private final KafkaReachability kafka;
    private final SegmentationTopology.Topics topics;
    private final Topology topology;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final List<KafkaStreams.StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private final StreamsMeters streamsMeters;
    private final LiveModels models;
    private final ModelMeters modelMeters;
    private final ModelReleaseWatcher watcher;

    private SegmenterApp(SegmenterConfig config, MeterRegistry meters) {
        this.config = config;
        ModelBundle startup = StartupModel.load(config);
        LOG.info("startup model {} ({})", startup.modelVersion(),
                config.get("model.file").isBlank() ? "the default shipped in the jar" : config.get("model.file"));
        this.models = LiveModels.of(startup);
        this.registry = SchemaRegistryClients.create(config.get("schema.registry.url"), registryConfig(config));
        this.streamsRegistry = RetryingSchemaRegistryClient.wrap(registry);
        this.topics = SegmentationTopology.Topics.from(config, streamsRegistry);
        TopologyMetrics metrics = new MicrometerTopologyMetrics(meters);
        Properties props = StreamsProperties.from(config, metrics);
        this.topology = SegmentationTopology.build(config, topics, metrics, models, props);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed, replacing it: {}", e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            stateListeners.forEach(listener -> listener.onChange(now, before));
        });
        this.streamsMeters = StreamsMeters.bind(streams, topology, meters);
        this.modelMeters = ModelMeters.bind(meters, models);
        this.registryMeters = RegistryMeters.bind(meters, streamsRegistry);
        // the model watcher retries registry outages itself, between polls: it gets the plain client
        this.watcher = ModelReleaseWatcher.create(config, registry, models, modelMeters);
        this.kafka = KafkaReachability.start(new StreamsConfig(props).getAdminConfigs(config.get("application.id") + "-reachability"),
                KAFKA_PROBE_INTERVAL, KAFKA_PROBE_TIMEOUT);
    }

    public static SegmenterApp create(SegmenterConfig config, MeterRegistry meters) {
        return new SegmenterApp(config, meters);
    }

    /**
     * Basic auth if configured, and short per-request retries (one retry after 200 ms): the
     * {@link RetryingSchemaRegistryClient} around it does the patient waiting, and an outage shows
     * in readiness within a second rather than after the client's default 3 to 7 s of retries.
     */
    static Map<String, Object> registryConfig(SegmenterConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(SchemaRegistryConfig.MAX_RETRIES, 1);
        settings.put(SchemaRegistryConfig.RETRIES_WAIT_MS, 200);
        settings.put(SchemaRegistryConfig.RETRIES_MAX_WAIT_MS, 1_000);
        String userInfo = config.get("schema.registry.basic.auth.user.info");
        if (!userInfo.isBlank()) {
            settings.put(SchemaRegistryConfig.BASIC_AUTH_USER_INFO, userInfo);
        }
        return settings;
    }

    /**
     * Starts the model watcher, waits (up to {@value #MODELS_CATCH_UP_SECONDS} s) until it has read
     * the models topic to its end, then starts the streams.
     */
    public void start() {
        LOG.info("starting {} against {} (registry {})", config.get("application.id"), config.get("bootstrap.servers"), registry.url());
        watcher.start();
        if (!watcher.awaitCaughtUp(Duration.ofSeconds(MODELS_CATCH_UP_SECONDS))) {
            LOG.warn("models topic {} not read to its end within {} s; starting with model {} and swapping when it is",
                    config.get("topic.models"), MODELS_CATCH_UP_SECONDS, liveModelVersion());
        }
        streams.start();
    }

    /** The models this instance scores with; the watcher swaps them, the topology reads them. */
    public LiveModels models() {
        return models;
    }

    /** The version of the live model now. */
    public String liveModelVersion() {
        return models.current().live().modelVersion();
    }

    /** Follows the models topic; {@link ModelReleaseWatcher#caughtUp()} once it has read it to its end. */
    public ModelReleaseWatcher modelWatcher() {
        return watcher;
    }

    /** Waits for the first transition to RUNNING. */
    public boolean awaitRunning(Duration timeout) {
        try {
            return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Also tells {@code listener} of every state change (KafkaStreams itself takes only one listener). */
    public void addStateListener(KafkaStreams.StateListener listener) {
        stateListeners.add(listener);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    public SegmentationTopology.Topics topics() {
        return topics;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** The registry client of the streams' serdes, which waits out outages; its counters feed readiness and metrics. */
    public RetryingSchemaRegistryClient streamsRegistry() {
        return streamsRegistry;
    }

    /** Probes the cluster every {@link #KAFKA_PROBE_INTERVAL}. */
    public KafkaReachability kafkaReachability() {
        return kafka;
    }

    /**
     * Readiness checks of the instance's dependencies, to add beside {@code streams} and
     * {@code model}: {@code kafka} ({@link Readiness#kafkaReachable}) and {@code schema-registry}
     * ({@link Readiness#schemaRegistryAnswering}).
     */
    public Map<String, Supplier<Readiness.Check>> dependencyChecks() {
        Map<String, Supplier<Readiness.Check>> checks = new LinkedHashMap<>();
        checks.put("kafka", Readiness.kafkaReachable(kafka));
        checks.put("schema-registry", Readiness.schemaRegistryAnswering(streamsRegistry));
        return checks;
    }

    @Override
    public void close() {
        // no swap while the streams close
        watcher.close();
        streams.close(Duration.ofSeconds(30));
        kafka.close();
        streamsMeters.close();
        modelMeters.close();
        registryMeters.close();
        try {
            // also ends the wait of a stream thread that the close above could not stop
            streamsRegistry.close();
        } catch (Exception e) {
            LOG.warn("closing the registry client failed: {}", e.toString());
        }
    }
}
