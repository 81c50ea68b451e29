package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.ScoringProgress;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running application takes a new model from the models topic with no restart: users first
 * seen after the release is installed are scored, and their segment changes and anomalies
 * emitted, by the new version; corrupt releases published after it are rejected (metric, WARN),
 * the new version keeps serving and scoring goes on; at the end every user with features has a
 * segment and nothing waits to be scored.
 */
class ModelSwapIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int USERS_PER_PHASE = 30;

    private static ModelBundle v42;
    private static ModelBundle v7;

    @TempDir
    Path stateDir;

    private final String scope = "swap-it-" + UUID.randomUUID();
    private SegmenterApp app;

    @BeforeAll
    static void setUp() {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
        v42 = DemoBundles.defaultBundle();
        v7 = DemoBundles.build(7);
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void newModelMidStreamIsUsedWithoutRestartAndCorruptReleasesAreRejectedWhileScoringContinues() throws Exception {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "swap-it")
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + scope)
                .with("topic.partitions", "2")
                .with("state.dir", stateDir.toString())
                .with("scoring.interval", "PT0.5S")
                .with("http.port", "0");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        // the recent past: inside every window, behind the wall clock
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicLayout.ensure(admin, config, (short) 1, Duration.ofSeconds(30));
            app = SegmenterApp.create(config, meters);
            assertThat(app.liveModelVersion()).as("starts on the model shipped in the jar").isEqualTo(readShipped().modelVersion());
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            String startVersion = app.liveModelVersion();
            assertThat(startVersion).isNotEqualTo(v7.modelVersion());
            EventPublisher publisher = new EventPublisher(KAFKA.bootstrapServers(), Map.of(), config.get("topic.clicks"),
                    config.get("topic.purchases"), AvroSerdes.specific(ClickEvent.class, app.registry()),
                    AvroSerdes.specific(PurchaseEvent.class, app.registry()));
            ProcessingProgress progress = new ProcessingProgress(admin, config.get("application.id"));
            Set<String> inputs = Set.of(config.get("topic.clicks"), config.get("topic.purchases"));

            try (Outputs outputs = new Outputs(config, app)) {
                // phase 1: the startup model
                List<String> before = users("before");
                publisher.publish(events(before, base), 0);
                await().atMost(WAIT).untilAsserted(() -> assertThat(outputs.read().usersWithSegment()).containsAll(before));
                assertThat(outputs.versionsOfChanges(before)).containsOnly(startVersion);
                await().atMost(WAIT).untilAsserted(() -> assertThat(outputs.read().versionsOfAnomalies(before))
                        .containsOnly(startVersion));

                // a new model on the models topic, mid-stream, with the same plain producer a trainer uses
                publish(config, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.LIVE).build());
                await().atMost(WAIT).until(() -> app.liveModelVersion().equals(v7.modelVersion()));
                assertThat(meters.get(ModelMeters.SWAPS).tag("role", "live").counter().count()).isEqualTo(1);

                // phase 2: users first seen after the swap are scored by the new version
                List<String> after = users("after");
                publisher.publish(events(after, base.plus(Duration.ofMinutes(30))), 0);
                await().atMost(WAIT).untilAsserted(() -> assertThat(outputs.read().usersWithSegment()).containsAll(after));
                assertThat(outputs.versionsOfChanges(after)).containsOnly(v7.modelVersion());
                // the purchases of fresh accounts on a shared device are flagged, by the new version
                await().atMost(WAIT).untilAsserted(() -> assertThat(outputs.read().versionsOfAnomalies(after))
                        .containsOnly(v7.modelVersion()));

                // corrupt releases: a flipped byte, a wrong checksum, another feature definition, bad bytes
                publish(config, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE)
                        .setBundle(ByteBuffer.wrap(ModelReleases.flippedByte(v42))).build());
                publish(config, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE).setChecksumSha256("0".repeat(64)).build());
                publish(config, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE)
                        .setFeatureDefinitionHash("f".repeat(64)).build());
                publishBytes(config, "garbage", new byte[] {0, 0, 0, 0, 99, 1, 2, 3});
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(rejections(meters, "file-checksum-mismatch")).isEqualTo(2);
                    assertThat(rejections(meters, "feature-hash-mismatch")).isEqualTo(1);
                    assertThat(rejections(meters, ModelReleaseWatcher.UNDECODABLE)).isEqualTo(1);
                });
                assertThat(app.liveModelVersion()).isEqualTo(v7.modelVersion());
                assertThat(meters.get(ModelMeters.INFO).tag("role", "live").gauge().getId().getTag("version"))
                        .isEqualTo(v7.modelVersion());

                // phase 3: scoring goes on with the version that was live
                List<String> later = users("later");
                publisher.publish(events(later, base.plus(Duration.ofMinutes(60))), 0);
                await().atMost(WAIT).untilAsserted(() -> assertThat(outputs.read().usersWithSegment()).containsAll(later));
                assertThat(outputs.versionsOfChanges(later)).containsOnly(v7.modelVersion());

                // nobody left unscored: every user with features has a segment, nothing waits
                assertThat(progress.awaitCaughtUp(inputs, WAIT)).isTrue();
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(ScoringProgress.pendingUsers(app.streams())).isZero();
                    assertThat(ScoringProgress.pendingPurchases(app.streams())).isZero();
                });
                Set<String> everyone = new HashSet<>(before);
                everyone.addAll(after);
                everyone.addAll(later);
                assertThat(outputs.read().usersWithSegment()).isEqualTo(everyone);
                assertThat(ScoringProgress.count(app.streams(), io.segmenter.stream.topology.SegmentationTopology.USER_FEATURES_STORE))
                        .isEqualTo(everyone.size());
            }
        }
    }

    private static List<String> users(String phase) {
        return IntStream.range(0, USERS_PER_PHASE).mapToObj(i -> String.format(java.util.Locale.ROOT, "%s-%02d", phase, i)).toList();
    }

    /**
     * Per user, within 20 minutes of {@code start}: views, carts, and for every other user a
     * purchase; every fifth purchase looks like a fresh account buying at once from a new device.
     */
    private static List<DatasetEvent> events(List<String> users, Instant start) {
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            Instant t = start.plusSeconds(i * 17L);
            for (int v = 0; v <= i % 6; v++) {
                events.add(click(user, ClickType.VIEW, t.plusSeconds(v * 40L), 1_000 + 250L * v));
            }
            if (i % 3 != 2) {
                events.add(click(user, ClickType.CART, t.plus(Duration.ofMinutes(5)), 2_500));
            }
            if (i % 2 == 0) {
                boolean suspicious = i % 5 == 0;
                events.add(purchase(user, suspicious ? 950_000 : 2_500 + 100L * i, t.plus(Duration.ofMinutes(9)),
                        suspicious ? t.plus(Duration.ofMinutes(8)) : t.minus(Duration.ofDays(200)),
                        suspicious ? "shared-device" : "device-" + user, suspicious ? "10.0.0.1" : "10.1.0." + i));
            }
        }
        events.sort(Comparator.comparing(DatasetEvent::eventTime));
        return events;
    }

    private static DatasetEvent click(String user, ClickType type, Instant at, long priceMinor) {
        return new DatasetEvent.Click(ClickEvent.newBuilder()
                .setEventId(user + "-" + type + "-" + at.toEpochMilli()).setUserId(user).setType(type)
                .setProductId("p-" + priceMinor).setCategoryId("c-1").setPriceMinor(priceMinor).setCurrency("EUR")
                .setEventTime(at).build(), 0);
    }

    private static DatasetEvent purchase(String user, long amountMinor, Instant at, Instant accountCreated, String device, String ip) {
        return new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId(user + "-order-" + at.toEpochMilli()).setOrderId("o-" + user + "-" + at.toEpochMilli())
                .setUserId(user).setAmountMinor(amountMinor).setCurrency("EUR").setItemCount(1)
                .setDeviceId(device).setIp(ip).setAccountCreatedTime(accountCreated)
                .setEventTime(at).build(), 0, OptionalInt.empty());
    }

    private void publish(SegmenterConfig config, String key, ModelRelease release) {
        String topic = config.get("topic.models");
        publishBytes(config, key, AvroSerdes.specific(ModelRelease.class, app.registry()).serializer().serialize(topic, release));
    }

    private static void publishBytes(SegmenterConfig config, String key, byte[] value) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.get("topic.models"), key, value));
        }
    }

    private static double rejections(SimpleMeterRegistry meters, String reason) {
        return meters.get(ModelMeters.REJECTIONS).tag("reason", reason).counter().count();
    }

    private static ModelBundle readShipped() throws Exception {
        return ModelBundle.read(Path.of("..", "models", "default", "model.zip"));
    }

    /** The committed segment changes and anomalies, read on from where the last read stopped. */
    private static final class Outputs implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final String changesTopic;
        private final org.apache.kafka.common.serialization.Deserializer<SegmentChange> changes;
        private final org.apache.kafka.common.serialization.Deserializer<FraudAnomaly> anomalies;
        private final List<SegmentChange> changeRecords = new ArrayList<>();
        private final List<FraudAnomaly> anomalyRecords = new ArrayList<>();

        Outputs(SegmenterConfig config, SegmenterApp app) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            changesTopic = config.get("topic.segment-changes");
            changes = AvroSerdes.specific(SegmentChange.class, app.registry()).deserializer();
            anomalies = AvroSerdes.specific(FraudAnomaly.class, app.registry()).deserializer();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(changesTopic, config.get("topic.fraud-anomalies"))) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Outputs read() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                if (record.topic().equals(changesTopic)) {
                    changeRecords.add(changes.deserialize(record.topic(), record.headers(), record.value()));
                } else {
                    anomalyRecords.add(anomalies.deserialize(record.topic(), record.headers(), record.value()));
                }
            }
            return this;
        }

        Set<String> usersWithSegment() {
            return changeRecords.stream().map(SegmentChange::getUserId).collect(Collectors.toSet());
        }

        Set<String> versionsOfChanges(List<String> users) {
            Set<String> wanted = Set.copyOf(users);
            return changeRecords.stream().filter(c -> wanted.contains(c.getUserId())).map(SegmentChange::getModelVersion)
                    .collect(Collectors.toSet());
        }

        Set<String> versionsOfAnomalies(List<String> users) {
            Set<String> wanted = Set.copyOf(users);
            return anomalyRecords.stream().filter(a -> wanted.contains(a.getUserId())).map(FraudAnomaly::getModelVersion)
                    .collect(Collectors.toSet());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
