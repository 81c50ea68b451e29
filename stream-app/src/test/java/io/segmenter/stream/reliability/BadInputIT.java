package io.segmenter.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.stream.topology.DeadLetters;
import io.segmenter.stream.topology.MicrometerTopologyMetrics;
import io.segmenter.stream.topology.SegmentationTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, on the real broker: a catalogue of bad records ({@link BadRecordCatalogue}) mixed
 * into valid traffic of 50 users. Two applications run side by side on the same model, each on
 * topics of its own: "clean" gets the valid traffic only, "dirty" the same traffic with the bad
 * records interleaved. Every bad record must reach the dead-letter topic with its reason and the
 * coordinates the producer got back, the dirty application must stay RUNNING with no failed
 * thread, the counts must reconcile exactly, and every valid user must end with the same
 * features and segment in both.
 */
class BadInputIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int USERS = 50;
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    @TempDir
    Path cleanState;
    @TempDir
    Path dirtyState;

    private final String registryScope = "bad-input-" + UUID.randomUUID();
    private final List<Run> runs = new ArrayList<>();

    @BeforeAll
    static void trustGeneratedAvroClasses() {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
    }

    @AfterEach
    void closeApps() {
        runs.forEach(Run::close);
        MockSchemaRegistry.dropScope(registryScope);
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndValidUsersEndAsWithoutThem() throws Exception {
        List<String> users = ValidTraffic.users(USERS);
        List<SpecificRecord> valid = ValidTraffic.events(users);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Run clean = prepare(admin, "clean", cleanState);
            Run dirty = prepare(admin, "dirty", dirtyState);

            // All input is on the topics before the applications start (see compareFinalState).
            clean.send(plan(clean, valid, false));
            List<InputRecord.Sent> dirtySent = dirty.send(plan(dirty, valid, true));
            List<InputRecord.Sent> bad = dirtySent.stream().filter(s -> s.record().isBad()).toList();

            clean.start();
            dirty.start();
            for (Run run : runs) {
                assertThat(new ProcessingProgress(admin, run.applicationId).awaitCaughtUp(run.inputs(), WAIT))
                        .as("%s processed its input", run.name).isTrue();
                await().atMost(WAIT).until(() -> run.pendingScoring() == 0);
            }

            // 1. every bad record is in dead-letters, with its reason and its source coordinates
            Map<String, String> expectedReasons = new TreeMap<>();
            for (InputRecord.Sent sent : bad) {
                expectedReasons.put(coordinates(sent.record().topic(), sent.partition(), sent.offset()),
                        sent.record().expectedReason() + " <- " + sent.record().label());
            }
            Map<String, String> labels = new HashMap<>();
            bad.forEach(s -> labels.put(coordinates(s.record().topic(), s.partition(), s.offset()), s.record().label()));
            List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
            await().atMost(WAIT).untilAsserted(() -> {
                deadLetters.clear();
                deadLetters.addAll(readAll(dirty.config.get("topic.dead-letters")));
                Map<String, String> actual = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> letter : deadLetters) {
                    String at = coordinates(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_TOPIC),
                            Integer.parseInt(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_PARTITION)),
                            Long.parseLong(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET)));
                    actual.put(at, DeadLetters.header(letter.headers(), DeadLetters.REASON) + " <- " + labels.get(at));
                }
                assertThat(actual).isEqualTo(expectedReasons);
            });
            assertThat(deadLetters).as("one dead letter per bad record").hasSize(bad.size());
            assertThat(readAll(clean.config.get("topic.dead-letters"))).as("the clean run dead-letters nothing").isEmpty();

            // 2. the application kept running: no state change after RUNNING, no failed thread
            assertThat(dirty.app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(dirty.statesAfterRunning).as("state changes after the first RUNNING").isEmpty();
            assertThat(streamMetric(dirty, "failed-stream-threads")).isZero();
            assertThat(streamMetric(dirty, "alive-stream-threads")).isEqualTo(1.0);

            // 3. the counts reconcile exactly, from the metrics and from the topics
            Map<String, Long> reasonsOnTopic = new TreeMap<>();
            deadLetters.forEach(l -> reasonsOnTopic.merge(DeadLetters.header(l.headers(), DeadLetters.REASON), 1L, Long::sum));
            Map<String, Long> reasonsExpected = new TreeMap<>();
            bad.forEach(s -> reasonsExpected.merge(s.record().expectedReason(), 1L, Long::sum));
            assertThat(dirty.deadLetteredByReason()).as("dead-lettered metric by reason").isEqualTo(reasonsExpected);
            assertThat(reasonsOnTopic).isEqualTo(reasonsExpected);
            long input = dirtySent.size();
            long processed = dirty.processed();
            long duplicates = dirty.duplicatesDropped();
            long deadLettered = dirty.deadLettered();
            String duplicate = RejectionReason.DUPLICATE_EVENT.code();
            long duplicatesOnTopic = reasonsOnTopic.getOrDefault(duplicate, 0L);
            assertThat(processed).as("processed = the valid events, each once").isEqualTo(valid.size());
            assertThat(duplicates).as("duplicates dropped = duplicate dead letters").isEqualTo(duplicatesOnTopic).isEqualTo(3);
            // A duplicate is both dead-lettered (reason duplicate-event) and counted as dropped, so
            // "input = processed + dead-lettered + duplicates dropped" holds with the dead letters that
            // are not duplicates; and input = processed + every dead letter.
            assertThat(processed + (deadLettered - duplicatesOnTopic) + duplicates).isEqualTo(input);
            assertThat(processed + deadLetters.size()).isEqualTo(input);
            assertThat(clean.processed()).isEqualTo(valid.size());
            assertThat(clean.deadLettered() + clean.duplicatesDropped()).isZero();

            // 4. valid users end as they do without the bad records
            compareFinalState(clean, dirty, users);
        }
    }

    /**
     * Values above {@code max.event.bytes} (64 KB by default) are dead-lettered as {@code oversized}
     * before they are decoded, whatever else is wrong with them: a 500 KB click valid in every
     * field, and a negative-price click of 1,047,000 bytes (just under the broker's 1 MB limit; its
     * dead letter, with headers, still fits the producer's {@code max.request.size}). The valid
     * clicks around them are processed and the application keeps running.
     */
    @Test
    void oversizedRecordsAreDeadLetteredAndTheApplicationKeepsRunning() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            Run run = prepare(admin, "oversized", dirtyState);
            String clicks = run.config.get("topic.clicks");
            BadRecordCatalogue catalogue = new BadRecordCatalogue(clicks, run.config.get("topic.purchases"),
                    run.config.get("topic.segment-changes"), run.app.registry());
            ClickEvent first = ValidTraffic.click("user-00", ClickType.VIEW, ValidTraffic.BASE, 1_000L);
            ClickEvent negativeNearLimit = ClickEvent.newBuilder(BadRecordCatalogue.oversizedClick(first, 1_047_000))
                    .setPriceMinor(-1L).build();
            ClickEvent after = ValidTraffic.click("user-00", ClickType.CART,
                    ValidTraffic.BASE.plusSeconds(60), 1_000L);
            List<InputRecord> plan = List.of(
                    InputRecord.valid(clicks, "user-00", catalogue.serialize(first)),
                    new InputRecord("click with a 500 KB user-agent family", clicks, "user-00",
                            catalogue.serialize(BadRecordCatalogue.oversizedClick(first, 500 * 1024)), "oversized"),
                    new InputRecord("negative-price click of 1,047,000 bytes", clicks, "user-00",
                            catalogue.serialize(negativeNearLimit), "oversized"),
                    InputRecord.valid(clicks, "user-00", catalogue.serialize(after)));
            List<InputRecord.Sent> sent = run.send(plan);
            run.start();
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, String> reasons = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> letter : readAll(run.config.get("topic.dead-letters"))) {
                    reasons.put(DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET),
                            DeadLetters.header(letter.headers(), DeadLetters.REASON));
                }
                assertThat(reasons).as("dead letters by source offset; state %s, states after RUNNING %s, failed threads %s,"
                                + " processed %s", run.app.streams().state(), run.statesAfterRunning,
                        streamMetric(run, "failed-stream-threads"), run.processed())
                        .isEqualTo(Map.of(Long.toString(sent.get(1).offset()), "oversized",
                                Long.toString(sent.get(2).offset()), "oversized"));
            });
            assertThat(run.processed()).isEqualTo(2);
            assertThat(run.statesAfterRunning).isEmpty();
        }
    }

    /**
     * Scoring runs on a wall-clock punctuation, so which intermediate segment changes a user gets
     * depends on where the batches fall in the input, and that legitimately differs between two
     * runs. What must not differ is the final state: the features (a function of the user's events
     * in event-time order) and the segment the final features put the user in. Hysteresis would
     * make the final segment depend on the intermediate ones too, so both runs switch at once
     * ({@code segment.switch.margin=0}, {@code segment.min.dwell=PT0S}): the final segment is then
     * the final features' best segment with its probability. {@code since} (the event time of the
     * switch) and the segment-change records' probabilities and times stay batch-dependent and are
     * not compared. The features are compared exactly; the probabilities within
     * {@value #PROBABILITY_TOLERANCE}: the same vector scored in batches of different sizes comes
     * out of the float network a few ulps apart (measured: 1.2e-7 on 2 of 50 users).
     */
    private static void compareFinalState(Run clean, Run dirty, List<String> users) {
        Map<String, FeatureVector> cleanFeatures = clean.features();
        assertThat(cleanFeatures.keySet()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(dirty.features()).isEqualTo(cleanFeatures);

        Map<String, FinalSegment> cleanSegments = clean.segments();
        assertThat(cleanSegments.keySet()).containsExactlyInAnyOrderElementsOf(users);
        assertThat(dirty.segments()).usingRecursiveComparison()
                .withComparatorForType((a, b) -> Math.abs(a - b) <= PROBABILITY_TOLERANCE ? 0 : Double.compare(a, b), Double.class)
                .isEqualTo(cleanSegments);

        // the segment-changes topic agrees with the store: each user's latest change is the current segment
        for (Run run : List.of(clean, dirty)) {
            Map<String, List<Object>> expected = new TreeMap<>();
            run.segments().forEach((user, segment) -> expected.put(user, List.of(segment.segmentId(), segment.modelVersion())));
            await().atMost(WAIT).untilAsserted(() -> assertThat(run.latestSegmentChanges()).isEqualTo(expected));
        }
    }

    private List<InputRecord> plan(Run run, List<SpecificRecord> valid, boolean withBadRecords) {
        String clicks = run.config.get("topic.clicks");
        String purchases = run.config.get("topic.purchases");
        BadRecordCatalogue catalogue = new BadRecordCatalogue(clicks, purchases, run.config.get("topic.segment-changes"),
                run.app.registry());
        List<InputRecord> plan = new ArrayList<>();
        ClickEvent lastClick = null;
        byte[] lastClickBytes = null;
        PurchaseEvent lastPurchase = null;
        byte[] lastPurchaseBytes = null;
        int firstSlot = -1;
        int next = 0;
        for (int i = 0; i < valid.size(); i++) {
            SpecificRecord event = valid.get(i);
            if (event instanceof ClickEvent click) {
                lastClick = click;
                lastClickBytes = catalogue.serialize(click);
                plan.add(InputRecord.valid(clicks, click.getUserId(), lastClickBytes));
            } else {
                lastPurchase = (PurchaseEvent) event;
                lastPurchaseBytes = catalogue.serialize(lastPurchase);
                plan.add(InputRecord.valid(purchases, lastPurchase.getUserId(), lastPurchaseBytes));
            }
            if (!withBadRecords || lastClick == null || lastPurchase == null) {
                continue;
            }
            if (firstSlot < 0) {
                firstSlot = i + 5;
            }
            // spread the catalogue evenly over the rest of the traffic
            int slots = valid.size() - 10 - firstSlot;
            while (next < catalogue.size() && i >= firstSlot + (long) next * slots / catalogue.size()) {
                String other = ValidTraffic.userId(valid.get((i + 7) % valid.size()));
                if (other.equals(lastClick.getUserId())) {
                    other = ValidTraffic.userId(valid.get((i + 13) % valid.size()));
                }
                plan.add(catalogue.make(next, new BadRecordCatalogue.Context(lastClick, lastClickBytes, lastPurchase,
                        lastPurchaseBytes, other)));
                next++;
            }
        }
        assertThat(next).as("every catalogue record was planned").isEqualTo(withBadRecords ? catalogue.size() : 0);
        return plan;
    }

    private Run prepare(Admin admin, String name, Path stateDir) {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "bad-input-" + name)
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + registryScope)
                .with("topic.partitions", "4")
                .with("state.dir", stateDir.toString())
                .with("segment.switch.margin", "0")
                .with("segment.min.dwell", "PT0S")
                .with("http.port", "0");
        for (String topic : List.of("clicks", "purchases", "dead-letters", "segment-changes", "fraud-anomalies",
                "user-deletions", "models")) {
            config = config.with("topic." + topic, name + "-" + config.get("topic." + topic));
        }
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Run run = new Run(name, config, SegmenterApp.create(config, meters), meters);
        runs.add(run);
        return run;
    }

    private static String coordinates(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private static double streamMetric(Run run, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : run.app.streams().metrics().entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals("stream-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("Kafka Streams has no metric " + name);
    }

    /** Every committed record of {@code topic}, from the beginning to the current end. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** A user's current segment without {@code since}, which depends on where the scoring batches fell. */
    private record FinalSegment(String segmentId, String segmentName, double probability, String modelVersion) {
    }

    /** One application with its own topics, state directory and meters. */
    private static final class Run {
        final String name;
        final SegmenterConfig config;
        final SegmenterApp app;
        final SimpleMeterRegistry meters;
        final String applicationId;
        final List<KafkaStreams.State> statesAfterRunning = new CopyOnWriteArrayList<>();
        private volatile boolean running;

        Run(String name, SegmenterConfig config, SegmenterApp app, SimpleMeterRegistry meters) {
            this.name = name;
            this.config = config;
            this.app = app;
            this.meters = meters;
            this.applicationId = config.get("application.id");
            app.addStateListener((now, before) -> {
                if (running) {
                    statesAfterRunning.add(now);
                }
                if (now == KafkaStreams.State.RUNNING) {
                    running = true;
                }
            });
        }

        Set<String> inputs() {
            return Set.of(config.get("topic.clicks"), config.get("topic.purchases"));
        }

        void start() {
            app.start();
            assertThat(app.awaitRunning(WAIT)).as("%s reached RUNNING", name).isTrue();
        }

        /** Sends the records in order and returns where each landed. */
        List<InputRecord.Sent> send(List<InputRecord> records) throws InterruptedException, ExecutionException {
            Map<String, Object> props = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5);
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
                for (InputRecord record : records) {
                    futures.add(producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value())));
                }
                producer.flush();
            }
            List<InputRecord.Sent> sent = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = futures.get(i).get();
                sent.add(new InputRecord.Sent(records.get(i), metadata.partition(), metadata.offset()));
            }
            return sent;
        }

        long processed() {
            return (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.EVENTS_PROCESSED);
        }

        long deadLettered() {
            return (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.DEAD_LETTERED);
        }

        long duplicatesDropped() {
            return (long) MicrometerTopologyMetrics.total(meters, MicrometerTopologyMetrics.DUPLICATES_DROPPED);
        }

        Map<String, Long> deadLetteredByReason() {
            Map<String, Long> byReason = new TreeMap<>();
            for (Counter counter : meters.find(MicrometerTopologyMetrics.DEAD_LETTERED).counters()) {
                byReason.put(counter.getId().getTag("reason"), (long) counter.count());
            }
            return byReason;
        }

        long pendingScoring() {
            return entries(SegmentationTopology.USER_SCORING_PENDING_STORE).size()
                    + (long) entries(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE).size();
        }

        /** Each user's feature vector as of the user's newest event, from the feature store. */
        Map<String, FeatureVector> features() {
            Map<String, FeatureVector> vectors = new TreeMap<>();
            entries(SegmentationTopology.USER_FEATURES_STORE).forEach((user, bytes) -> {
                UserFeatureState state = UserFeatureStateCodec.decode(bytes);
                vectors.put(user, FeatureExtractor.segmentVector(state, state.lastEventTime().orElseThrow()));
            });
            return vectors;
        }

        /** Each user's current segment, from the segment store. */
        Map<String, FinalSegment> segments() {
            Map<String, FinalSegment> segments = new TreeMap<>();
            entries(SegmentationTopology.USER_SEGMENT_STORE).forEach((user, bytes) -> {
                CurrentSegment segment = CurrentSegmentCodec.decode(bytes);
                segments.put(user, new FinalSegment(segment.segmentId(), segment.segmentName(), segment.probability(),
                        segment.modelVersion()));
            });
            return segments;
        }

        /** Each user's latest segment-change record: segment id and model version. */
        Map<String, List<Object>> latestSegmentChanges() {
            String topic = config.get("topic.segment-changes");
            var deserializer = AvroSerdes.specific(SegmentChange.class, app.registry()).deserializer();
            Map<String, List<Object>> latest = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> record : readAll(topic)) {
                String user = new String(record.key(), StandardCharsets.UTF_8);
                if (record.value() == null) {
                    latest.remove(user);
                } else {
                    SegmentChange change = deserializer.deserialize(topic, record.value());
                    latest.put(user, List.of(change.getSegmentId(), change.getModelVersion()));
                }
            }
            return latest;
        }

        private Map<String, byte[]> entries(String storeName) {
            ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            Map<String, byte[]> entries = new TreeMap<>();
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    entries.put(entry.key, entry.value);
                }
            }
            return entries;
        }

        void close() {
            if (app.streams().state() != KafkaStreams.State.NOT_RUNNING) {
                app.close();
            }
        }
    }
}
