package io.segmenter.stream.topology;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.NetworkActivityState;
import io.segmenter.features.NetworkActivityStateCodec;
import io.segmenter.features.NetworkCounts;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.http.UserAttribute;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.scoring.FraudAnomalyCodec;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology, wired as {@code main} wires it (config, registry, serdes, metrics,
 * {@link StreamsProperties}, models), in a {@link TopologyTestDriver} with a fixed initial wall
 * clock and a mock registry scope of its own. Sends every event with its event time as record
 * timestamp and reads stores, the output topics and the dead-letter topic back in the forms the
 * tests compare. The wall clock moves only through {@link #advanceWallClock}; the timestamp
 * extractor's clock stays at the initial instant.
 */
final class TopologyHarness implements AutoCloseable {

    /** Name of the test-only sink that {@link Builder#tapPurchaseFeatures()} adds. */
    static final String PURCHASE_FEATURES_TAP = "tap-purchase-features";

    private static final AtomicInteger SCOPES = new AtomicInteger();

    private final SegmenterConfig config;
    private final String scope;
    private final Serde<ClickEvent> clickSerde;
    private final Serde<PurchaseEvent> purchaseSerde;
    private final Topology topology;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ClickEvent> clicks;
    private final TestInputTopic<String, PurchaseEvent> purchases;
    private final TestInputTopic<String, byte[]> rawClicks;
    private final TestInputTopic<String, EnrichedPurchase> purchasesByUser;
    private final TestInputTopic<String, String> userDeletions;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TestOutputTopic<String, SegmentChange> segmentChanges;
    private final TestOutputTopic<String, FraudAnomaly> fraudAnomalies;
    private final List<PurchaseFeatures> tappedPurchaseFeatures = new ArrayList<>();
    private final Map<String, TestOutputTopic<String, byte[]>> changelogs = new HashMap<>();

    private TopologyHarness(Builder b) {
        this.config = b.config.with("state.dir", b.stateDir.toString());
        this.scope = "topology-test-" + SCOPES.incrementAndGet();
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope, Map.of());
        this.clickSerde = AvroSerdes.specific(ClickEvent.class, registry);
        this.purchaseSerde = AvroSerdes.specific(PurchaseEvent.class, registry);
        Properties props = StreamsProperties.from(config, b.metrics);
        this.topology = SegmentationTopology.build(config,
                SegmentationTopology.Topics.from(config, registry), b.metrics, b.models, props,
                java.time.Clock.fixed(b.wallClock, java.time.ZoneOffset.UTC));
        if (b.tapPurchaseFeatures) {
            // A test sink on the forwarding processor captures the completed purchases as they leave it.
            Serializer<FeatureUpdate> capture = (topic, value) -> {
                if (value instanceof PurchaseFeatures features) {
                    tappedPurchaseFeatures.add(features);
                }
                return new byte[0];
            };
            topology.addSink(PURCHASE_FEATURES_TAP, PURCHASE_FEATURES_TAP, new StringSerializer(), capture,
                    "update-user-features");
        }
        this.driver = new TopologyTestDriver(topology, props, b.wallClock);
        this.clicks = driver.createInputTopic(clicksTopic(), new StringSerializer(), clickSerde.serializer());
        this.purchases = driver.createInputTopic(purchasesTopic(), new StringSerializer(), purchaseSerde.serializer());
        this.rawClicks = driver.createInputTopic(clicksTopic(), new StringSerializer(), new ByteArraySerializer());
        this.purchasesByUser = driver.createInputTopic(config.get("application.id") + "-purchases-by-user-repartition",
                new StringSerializer(), new EnrichedPurchaseSerde(purchasesTopic(), purchaseSerde).serializer());
        this.userDeletions = driver.createInputTopic(config.get("topic.user-deletions"), new StringSerializer(),
                new StringSerializer());
        this.deadLetters = driver.createOutputTopic(config.get("topic.dead-letters"), new StringDeserializer(),
                new ByteArrayDeserializer());
        this.segmentChanges = driver.createOutputTopic(config.get("topic.segment-changes"), new StringDeserializer(),
                AvroSerdes.specific(SegmentChange.class, registry).deserializer());
        this.fraudAnomalies = driver.createOutputTopic(config.get("topic.fraud-anomalies"), new StringDeserializer(),
                AvroSerdes.specific(FraudAnomaly.class, registry).deserializer());
    }

    static Builder builder(Path stateDir, Instant wallClock) {
        return new Builder(stateDir, wallClock);
    }

    /** Defaults: {@link SegmenterConfig#defaults()} with a 1 s scoring interval, metrics discarded. */
    static TopologyHarness start(Path stateDir, Instant wallClock) {
        return builder(stateDir, wallClock).start();
    }

    String clicksTopic() {
        return config.get("topic.clicks");
    }

    String purchasesTopic() {
        return config.get("topic.purchases");
    }

    Topology topology() {
        return topology;
    }

    // ---- input

    /** Sends {@code events} keyed by their user id, each stamped with its event time. */
    void send(ClickEvent... events) {
        for (ClickEvent e : events) {
            send(e.getUserId(), e);
        }
    }

    void send(String key, ClickEvent event) {
        clicks.pipeInput(key, event, event.getEventTime());
    }

    void send(PurchaseEvent... events) {
        for (PurchaseEvent e : events) {
            send(e.getUserId(), e);
        }
    }

    void send(String key, PurchaseEvent event) {
        purchases.pipeInput(key, event, event.getEventTime());
    }

    /** Sends clicks and purchases in the order given (normally event-time order). */
    void sendAll(List<?> events) {
        for (Object e : events) {
            if (e instanceof ClickEvent click) {
                send(click);
            } else {
                send((PurchaseEvent) e);
            }
        }
    }

    /** Sends a click keyed by its user id with extra headers on the record. */
    void send(ClickEvent event, Headers headers) {
        clicks.pipeInput(new TestRecord<>(event.getUserId(), event, headers, event.getEventTime()));
    }

    /** Sends arbitrary bytes (or a tombstone, for null) to the clicks topic. */
    void sendClickBytes(String key, byte[] value, Instant timestamp) {
        rawClicks.pipeInput(key, value, timestamp);
    }

    /**
     * Puts a purchase with its device/IP counts on the repartition topic that brings them back to
     * the user, as the device and IP processors do: for halves that arrive in another order than
     * the driver's in-line processing gives.
     */
    void sendNetworkHalf(PurchaseEvent purchase, NetworkCounts counts) {
        purchasesByUser.pipeInput(purchase.getUserId(), new EnrichedPurchase(purchase, counts), purchase.getEventTime());
    }

    /** Sends a deletion request for {@code user} (value: the reason, or null), stamped with the wall clock. */
    void deleteUser(String user, String reason, Instant at) {
        userDeletions.pipeInput(user, reason, at);
    }

    /** Moves the driver's wall clock on, running the wall-clock punctuations that come due (scoring). */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    // ---- output

    /** Every topic written so far, changelogs included. */
    Set<String> producedTopicNames() {
        return driver.producedTopicNames();
    }

    /** The changelog topic of a store. */
    String changelogOf(String storeName) {
        return config.get("application.id") + "-" + storeName + "-changelog";
    }

    /** The records written to a store's changelog since the last call for that store, in order. */
    List<TestRecord<String, byte[]>> changelogRecords(String storeName) {
        return changelogs.computeIfAbsent(storeName, name -> driver.createOutputTopic(changelogOf(name),
                new StringDeserializer(), new ByteArrayDeserializer())).readRecordsToList();
    }

    /** The segment changes written since the last call, in order (a null value is a tombstone). */
    List<TestRecord<String, SegmentChange>> segmentChanges() {
        return segmentChanges.readRecordsToList();
    }

    /** The fraud anomalies written since the last call, in order. */
    List<TestRecord<String, FraudAnomaly>> fraudAnomalies() {
        return fraudAnomalies.readRecordsToList();
    }

    /** The dead letters written since the last call, decoded. */
    List<DeadLetter> deadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : deadLetters.readRecordsToList()) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            out.add(new DeadLetter(r.key(), decode(headers, r.value()), headers, r.getRecordTime()));
        }
        return out;
    }

    private Object decode(Map<String, String> headers, byte[] bytes) {
        String topic = headers.get(DeadLetters.SOURCE_TOPIC);
        if (bytes == null) {
            return null;
        }
        if (RejectionReason.UNDECODABLE.code().equals(headers.get(DeadLetters.REASON))) {
            return HexFormat.of().formatHex(bytes);
        }
        if (clicksTopic().equals(topic)) {
            return clickSerde.deserializer().deserialize(topic, bytes);
        }
        if (purchasesTopic().equals(topic)) {
            return purchaseSerde.deserializer().deserialize(topic, bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }

    /** The PurchaseFeatures forwarded so far (needs {@link Builder#tapPurchaseFeatures()}). */
    List<PurchaseFeatures> tappedPurchaseFeatures() {
        return List.copyOf(tappedPurchaseFeatures);
    }

    // ---- stores

    /** Every entry of a key-value store, sorted by key. */
    Map<String, byte[]> storeContents(String storeName) {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(storeName);
        Map<String, byte[]> contents = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                contents.put(entry.key, entry.value);
            }
        }
        return contents;
    }

    /** The user's stored feature state, decoded. */
    Optional<UserFeatureState> userState(String user) {
        byte[] bytes = driver.<String, byte[]>getKeyValueStore(SegmentationTopology.USER_FEATURES_STORE).get(user);
        return Optional.ofNullable(bytes).map(UserFeatureStateCodec::decode);
    }

    /** The raw bytes of the user's stored state. */
    Optional<byte[]> userStateBytes(String user) {
        return Optional.ofNullable(driver.<String, byte[]>getKeyValueStore(SegmentationTopology.USER_FEATURES_STORE).get(user));
    }

    /** The user's segment vector as of {@code asOf}, from the stored state. */
    FeatureVector segmentVector(String user, Instant asOf) {
        return FeatureExtractor.segmentVector(userState(user).orElseThrow(() -> new AssertionError("no state for " + user)),
                asOf);
    }

    /** The user's current segment, decoded. */
    Optional<CurrentSegment> currentSegment(String user) {
        return Optional.ofNullable(driver.<String, byte[]>getKeyValueStore(SegmentationTopology.USER_SEGMENT_STORE).get(user))
                .map(CurrentSegmentCodec::decode);
    }

    /** The user's latest anomaly, decoded. */
    Optional<FraudAnomaly> lastAnomaly(String user) {
        return Optional.ofNullable(driver.<String, byte[]>getKeyValueStore(SegmentationTopology.USER_ANOMALY_STORE).get(user))
                .map(FraudAnomalyCodec::decode);
    }

    /** The driver's stores, as the HTTP attributes read them on the owning instance. */
    UserAttribute.LocalStores localStores() {
        return new UserAttribute.LocalStores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName) {
                return driver.getKeyValueStore(storeName);
            }
        };
    }

    /** Writes an entry straight into a store, e.g. one the code could not have written. */
    void putStoreEntry(String storeName, String key, byte[] value) {
        driver.<String, byte[]>getKeyValueStore(storeName).put(key, value);
    }

    /** Puts a pending purchase half into the store, as if it had been waiting for its other half. */
    void putPendingPurchase(String key, byte[] half) {
        driver.<String, byte[]>getKeyValueStore(SegmentationTopology.PURCHASE_CONTEXT_STORE).put(key, half);
    }

    /** The pending purchase halves, decoded, by {@code userId|eventId}. */
    Map<String, PendingPurchaseCodec.Pending> pendingPurchases() {
        Map<String, PendingPurchaseCodec.Pending> pending = new TreeMap<>();
        storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)
                .forEach((key, bytes) -> pending.put(key, PendingPurchaseCodec.decode(bytes)));
        return pending;
    }

    /** The encoded network state of a device or IP, as stored. */
    Optional<byte[]> networkStateBytes(String storeName, String key) {
        return Optional.ofNullable(driver.<String, byte[]>getKeyValueStore(storeName).get(key));
    }

    Optional<NetworkActivityState> networkState(String storeName, String key) {
        return networkStateBytes(storeName, key).map(NetworkActivityStateCodec::decode);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    /** Options of a harness; {@link #start()} builds the topology and the driver. */
    static final class Builder {
        private final Path stateDir;
        private final Instant wallClock;
        // the tests step the wall clock in whole seconds: one scoring round per step, whatever the default
        private SegmenterConfig config = SegmenterConfig.defaults().with("scoring.interval", "PT1S");
        private TopologyMetrics metrics = TopologyMetrics.NONE;
        private boolean tapPurchaseFeatures;
        private LiveModels models = LiveModels.none();

        private Builder(Path stateDir, Instant wallClock) {
            this.stateDir = stateDir;
            this.wallClock = wallClock;
        }

        Builder config(String key, String value) {
            config = config.with(key, value);
            return this;
        }

        Builder metrics(TopologyMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /** The models to score with; none by default (nothing is scored). */
        Builder models(LiveModels models) {
            this.models = models;
            return this;
        }

        /** Adds a test sink after {@code update-user-features} that captures the PurchaseFeatures it forwards. */
        Builder tapPurchaseFeatures() {
            this.tapPurchaseFeatures = true;
            return this;
        }

        TopologyHarness start() {
            return new TopologyHarness(this);
        }
    }
}
