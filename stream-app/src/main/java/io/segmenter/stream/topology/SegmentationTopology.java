package io.segmenter.stream.topology;

import io.segmenter.features.validation.EventValidator;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.scoring.LiveModels;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the segmentation topology. A pure function of its arguments: it reads no environment,
 * starts nothing and touches no files.
 *
 * <p>Input topics: {@code topic.clicks} (String user id, {@link ClickEvent}) and
 * {@code topic.purchases} (String user id, {@link PurchaseEvent}), and {@code topic.user-deletions}
 * (String user id, String reason or null: erase the user; co-partitioned with the inputs). Output topics:
 * {@code topic.segment-changes} (String user id, {@link SegmentChange}; a null value when a user
 * is forgotten), {@code topic.fraud-anomalies} (String user id, {@link FraudAnomaly}) and
 * {@code topic.dead-letters} (String key, original bytes, reason headers).
 *
 * <p>Purchases are re-keyed by device and then by IP so that per-device and per-IP activity is
 * counted in one place (the earlier purchases the counter has seen when the purchase reaches it; the
 * repartition topics are in the order the upstream tasks wrote them, so a slightly earlier purchase
 * that arrives later is missed: docs/decisions/0003), then re-keyed back to
 * the user. Clicks go straight to the user. {@code update-user-features} folds both into the
 * user's state; {@value #SCORE_PROCESSOR} scores the users it marked and the purchases it
 * completed in batches with the live model of {@link LiveModels} (see {@link ScoringProcessor}).
 *
 * <p>Stores (String keys, byte[] values, all changelogged): {@value #USER_FEATURES_STORE} (user
 * id to feature state), {@value #USER_EXPIRY_INDEX_STORE} ({@code day|userId}, the day of the
 * user's newest event, to nothing: which users the daily eviction is due to look at; see
 * {@link ExpiryIndex}), {@value #PURCHASE_CONTEXT_STORE} ({@code userId|eventId} to a purchase
 * half waiting for the other), {@value #DEVICE_ACTIVITY_STORE} and {@value #IP_ACTIVITY_STORE}
 * (device / IP to recent purchases), {@value #DEVICE_EXPIRY_INDEX_STORE} and
 * {@value #IP_EXPIRY_INDEX_STORE} ({@code hour|device} / {@code hour|ip} of the newest purchase,
 * for the hourly eviction), {@value #USER_SEGMENT_STORE} (user id to the user's current
 * segment), {@value #USER_ANOMALY_STORE} (user id to the user's latest anomaly),
 * {@value #USER_EVENT_IDS_STORE} (user id to the hashes of the event ids the user sent recently,
 * for deduplication, pruned on write and deleted with the user's state; see
 * {@link RecentEventIds}); and, in memory
 * because they stay small, {@value #USER_SCORING_PENDING_STORE} (user id to the newest event
 * time that marked the user for scoring), {@value #PURCHASE_SCORING_PENDING_STORE} (order id to
 * the purchase and its fraud vector, waiting for scoring) and {@value #ORDER_ANOMALY_DEDUP_STORE}
 * (order id to the event time of the purchase that raised an anomaly, and its user id). Repartition topics:
 * {@code purchases-by-device}, {@code purchases-by-ip}, {@code purchases-by-user}.
 */
public final class SegmentationTopology {

    public static final String USER_FEATURES_STORE = "user-features-30d-store";
    public static final String USER_EXPIRY_INDEX_STORE = "user-expiry-index-store";
    public static final String DEVICE_EXPIRY_INDEX_STORE = "device-expiry-index-store";
    public static final String IP_EXPIRY_INDEX_STORE = "ip-expiry-index-store";
    public static final String DEVICE_ACTIVITY_STORE = "device-activity-24h-store";
    public static final String IP_ACTIVITY_STORE = "ip-activity-24h-store";
    public static final String PURCHASE_CONTEXT_STORE = "purchase-context-pending-store";
    public static final String USER_SCORING_PENDING_STORE = "user-scoring-pending-store";
    public static final String PURCHASE_SCORING_PENDING_STORE = "purchase-scoring-pending-store";
    public static final String USER_SEGMENT_STORE = "user-segment-current-store";
    public static final String ORDER_ANOMALY_DEDUP_STORE = "order-anomaly-dedup-store";
    public static final String USER_ANOMALY_STORE = "user-anomaly-last-store";
    public static final String USER_EVENT_IDS_STORE = "user-event-ids-recent-store";

    /** The processor that scores users and purchases. */
    public static final String SCORE_PROCESSOR = "score-features";

    /** Streams-config key carrying the dead-letter topic to the exception handlers. */
    public static final String DEAD_LETTER_TOPIC_CONFIG = StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG;

    private SegmentationTopology() {
    }

    /** The topic names and serdes the topology reads and writes. */
    public record Topics(TopicSpec<String, ClickEvent> clicks,
                         TopicSpec<String, PurchaseEvent> purchases,
                         TopicSpec<String, byte[]> deadLetters,
                         TopicSpec<String, SegmentChange> segmentChanges,
                         TopicSpec<String, FraudAnomaly> fraudAnomalies,
                         TopicSpec<String, String> userDeletions) {

        /** Every topic with an Avro serde of {@code registry}. */
        public static Topics from(SegmenterConfig config, SchemaRegistryClient registry) {
            int maxEventBytes = config.getInt("max.event.bytes");
            return new Topics(
                    new TopicSpec<>(config.get("topic.clicks"), Serdes.String(),
                            SizeLimitedSerde.wrap(AvroSerdes.specific(ClickEvent.class, registry), maxEventBytes)),
                    new TopicSpec<>(config.get("topic.purchases"), Serdes.String(),
                            SizeLimitedSerde.wrap(AvroSerdes.specific(PurchaseEvent.class, registry), maxEventBytes)),
                    new TopicSpec<>(config.get("topic.dead-letters"), Serdes.String(), Serdes.ByteArray()),
                    new TopicSpec<>(config.get("topic.segment-changes"), Serdes.String(),
                            AvroSerdes.specific(SegmentChange.class, registry)),
                    new TopicSpec<>(config.get("topic.fraud-anomalies"), Serdes.String(),
                            AvroSerdes.specific(FraudAnomaly.class, registry)),
                    new TopicSpec<>(config.get("topic.user-deletions"), Serdes.String(), Serdes.String()));
        }
    }

    /**
     * @param config    settings (grace, validation limits, scoring and hysteresis)
     * @param topics    topic names and serdes
     * @param metrics   where processors report counts
     * @param models    the models to score with (read once per batch; swapped by the model watcher)
     * @param props     the Streams properties the topology is optimised for
     */
    public static Topology build(SegmenterConfig config, Topics topics, TopologyMetrics metrics, LiveModels models,
                                 Properties props) {
        return build(config, topics, metrics, models, props, Clock.systemUTC());
    }

    /**
     * As {@link #build(SegmenterConfig, Topics, TopologyMetrics, LiveModels, Properties)}, with the
     * wall clock the timestamp extractor compares event times against (tests pass the driver's clock).
     */
    public static Topology build(SegmenterConfig config, Topics topics, TopologyMetrics metrics, LiveModels models,
                                 Properties props, Clock clock) {
        EventValidator validator = new EventValidator(ValidationPolicies.from(config));
        Duration grace = config.getDuration("grace");
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(store(USER_FEATURES_STORE));
        builder.addStateStore(store(PURCHASE_CONTEXT_STORE));
        builder.addStateStore(store(DEVICE_ACTIVITY_STORE));
        builder.addStateStore(store(IP_ACTIVITY_STORE));
        builder.addStateStore(store(USER_SEGMENT_STORE));
        builder.addStateStore(store(USER_ANOMALY_STORE));
        builder.addStateStore(smallStore(USER_SCORING_PENDING_STORE));
        builder.addStateStore(smallStore(PURCHASE_SCORING_PENDING_STORE));
        builder.addStateStore(smallStore(ORDER_ANOMALY_DEDUP_STORE));
        builder.addStateStore(store(USER_EVENT_IDS_STORE));
        builder.addStateStore(store(USER_EXPIRY_INDEX_STORE));
        builder.addStateStore(store(DEVICE_EXPIRY_INDEX_STORE));
        builder.addStateStore(store(IP_EXPIRY_INDEX_STORE));

        KStream<String, ClickEvent> clicks = validated(builder, topics.clicks(), topics.deadLetters(), "clicks",
                ValidateEventProcessor.rules(validator::validate, ClickEvent::getUserId, c -> c.getEventTime().toEpochMilli(),
                        ClickEvent::getEventId),
                RecentEventIds.Input.CLICKS, grace, config.getDuration("max.clock.skew"), clock, metrics);
        KStream<String, PurchaseEvent> purchases = validated(builder, topics.purchases(), topics.deadLetters(), "purchases",
                ValidateEventProcessor.rules(validator::validate, PurchaseEvent::getUserId, p -> p.getEventTime().toEpochMilli(),
                        PurchaseEvent::getEventId),
                RecentEventIds.Input.PURCHASES, grace, config.getDuration("max.clock.skew"), clock, metrics);

        // Per-device and per-IP activity: re-keyed, counted from what arrived before, and back to the user.
        EnrichedPurchaseSerde enrichedSerde = new EnrichedPurchaseSerde(topics.purchases().name(), topics.purchases().valueSerde());
        KStream<String, EnrichedPurchase> networkCounted = purchases
                .mapValues(EnrichedPurchase::of, Named.as("wrap-purchases"))
                .selectKey((user, p) -> NetworkKeys.device(p.purchase()), Named.as("key-purchases-by-device"))
                .repartition(Repartitioned.with(Serdes.String(), enrichedSerde).withName("purchases-by-device"))
                .processValues(() -> new NetworkActivityProcessor(DEVICE_ACTIVITY_STORE, DEVICE_EXPIRY_INDEX_STORE,
                                NetworkActivityProcessor.Kind.DEVICE),
                        Named.as("count-device-activity"), DEVICE_ACTIVITY_STORE, DEVICE_EXPIRY_INDEX_STORE)
                .selectKey((device, p) -> NetworkKeys.ip(p.purchase()), Named.as("key-purchases-by-ip"))
                .repartition(Repartitioned.with(Serdes.String(), enrichedSerde).withName("purchases-by-ip"))
                .processValues(() -> new NetworkActivityProcessor(IP_ACTIVITY_STORE, IP_EXPIRY_INDEX_STORE,
                                NetworkActivityProcessor.Kind.IP),
                        Named.as("count-ip-activity"), IP_ACTIVITY_STORE, IP_EXPIRY_INDEX_STORE)
                .selectKey((ip, p) -> p.purchase().getUserId(), Named.as("key-purchases-by-user"))
                .repartition(Repartitioned.with(Serdes.String(), enrichedSerde).withName("purchases-by-user"));

        // Clicks and purchases reach the user's state directly, in event-time order; the network
        // counts of a purchase arrive later and complete its fraud features.
        // Deletion requests are keyed by user id on a topic co-partitioned with the inputs, so they
        // reach the task that holds the user's state; they are stamped 0 so they never move stream time.
        KStream<String, UserInput> deletions = builder
                .stream(topics.userDeletions().name(), Consumed.with(topics.userDeletions().keySerde(), topics.userDeletions().valueSerde())
                        .withTimestampExtractor((record, partitionTime) -> 0L)
                        .withName("read-user-deletions"))
                .filter((user, reason) -> user != null && !user.isEmpty(), Named.as("drop-keyless-deletions"))
                .mapValues(UserInput.Deletion::new, Named.as("wrap-user-deletions"));
        KStream<String, UserInput> userInputs = clicks
                .<UserInput>mapValues(UserInput.Click::new, Named.as("wrap-clicks"))
                .merge(purchases.mapValues(UserInput.Purchase::new, Named.as("wrap-user-purchases")), Named.as("merge-user-events"))
                .merge(networkCounted.mapValues(UserInput.Network::new, Named.as("wrap-network-counts")), Named.as("merge-network-counts"))
                .merge(deletions, Named.as("merge-user-deletions"));

        KStream<String, FeatureUpdate> updates = userInputs.process(
                () -> new UserFeatureProcessor(USER_FEATURES_STORE, PURCHASE_CONTEXT_STORE, USER_EXPIRY_INDEX_STORE, grace, metrics),
                Named.as("update-user-features"), USER_FEATURES_STORE, PURCHASE_CONTEXT_STORE, USER_EVENT_IDS_STORE,
                USER_EXPIRY_INDEX_STORE);

        // Users and purchases are scored in batches, and each output goes to its topic.
        ScoringProcessor.Settings scoring = ScoringProcessor.Settings.from(config);
        updates.process(() -> new ScoringProcessor(scoring, models, metrics), Named.as(SCORE_PROCESSOR),
                        USER_FEATURES_STORE, USER_SCORING_PENDING_STORE, PURCHASE_SCORING_PENDING_STORE, USER_SEGMENT_STORE,
                        ORDER_ANOMALY_DEDUP_STORE, USER_ANOMALY_STORE)
                .split(Named.as("route-scores-"))
                .branch(ScoringOutput::isChange, Branched.withConsumer(changes -> emit(
                        changes.mapValues(ScoringOutput::change, Named.as("unwrap-segment-changes")),
                        topics.segmentChanges(), "emit-segment-changes"), "segment-changes"))
                .branch(ScoringOutput::isAnomaly, Branched.withConsumer(anomalies -> emit(
                        anomalies.mapValues(ScoringOutput::anomaly, Named.as("unwrap-fraud-anomalies")),
                        topics.fraudAnomalies(), "emit-fraud-anomalies"), "fraud-anomalies"))
                .noDefaultBranch();

        return builder.build(props);
    }

    private static <V> KStream<String, V> validated(StreamsBuilder builder, TopicSpec<String, V> topic,
                                                    TopicSpec<String, byte[]> deadLetters, String what,
                                                    ValidateEventProcessor.Rules<V> rules, RecentEventIds.Input input,
                                                    Duration grace,
                                                    Duration maxClockSkew, Clock clock, TopologyMetrics metrics) {
        String validateName = "validate-" + what;
        KStream<String, Checked<V>> checked = builder
                .stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(maxClockSkew, clock))
                        .withName("read-" + what))
                .processValues(() -> new ValidateEventProcessor<>(rules, validateName, grace, input, metrics), Named.as(validateName),
                        USER_EVENT_IDS_STORE);
        Serde<V> serde = topic.valueSerde();
        var branches = checked.split(Named.as("route-" + what + "-"))
                .branch((key, c) -> !c.isAccepted(), Branched.withConsumer(rejected -> rejected
                        .mapValues(c -> c.event() == null ? null : serde.serializer().serialize(topic.name(), c.event()),
                                Named.as("encode-invalid-" + what))
                        .to(deadLetters.name(), Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                                .withName("dead-letter-invalid-" + what)), "rejected"))
                .defaultBranch(Branched.as("accepted"));
        return branches.get("route-" + what + "-accepted").mapValues(Checked::event, Named.as("unwrap-valid-" + what));
    }

    private static <V> void emit(KStream<String, V> stream, TopicSpec<String, V> topic, String sinkName) {
        stream.to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(sinkName));
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(java.util.Map.of())
                .withCachingEnabled();
    }

    /**
     * A store whose contents stay small (what waits for one scoring interval, orders flagged in the
     * dedup window): kept in memory and rebuilt from its changelog on restart, which spares a RocksDB
     * instance the churn of entries written and deleted every second.
     */
    private static StoreBuilder<KeyValueStore<String, byte[]>> smallStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(java.util.Map.of())
                .withCachingEnabled();
    }
}
