package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.scoring.LiveModels;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watcher on a real broker, without the streams: releases published to a compacted models
 * topic are installed, rejected or recorded in the order the topic holds them, and a restarted
 * watcher replays the topic to the same models.
 */
class ModelReleaseWatcherIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ModelBundle v42;
    private static ModelBundle v7;

    private final String scope = "watcher-it-" + UUID.randomUUID();
    private final SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope, Map.of());
    private final List<ModelReleaseWatcher> watchers = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        AvroTrustedPackages.trustGeneratedClasses();
        v42 = DemoBundles.defaultBundle();
        v7 = DemoBundles.build(7);
    }

    @AfterEach
    void tearDown() throws Exception {
        watchers.forEach(ModelReleaseWatcher::close);
        registry.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void followsReleasesRejectsBadOnesAndReplaysToTheSameModelsAfterARestart() {
        String topic = modelsTopic();
        SegmenterConfig config = config(topic);
        // published before the watcher starts: read on its first pass over the topic
        publish(topic, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.LIVE).build());

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LiveModels models = LiveModels.of(v42);
        ModelReleaseWatcher watcher = start(config, models, meters);
        assertThat(watcher.awaitCaughtUp(WAIT)).isTrue();
        assertThat(models.current().live().modelVersion()).isEqualTo(v7.modelVersion());
        assertThat(swaps(meters, "live")).isEqualTo(1);

        // bad bytes, a flipped byte, a bundle for another feature definition: all rejected, v7 serves on
        publishBytes(topic, "garbage", "not avro at all".getBytes(StandardCharsets.US_ASCII));
        publish(topic, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE)
                .setBundle(ByteBuffer.wrap(ModelReleases.flippedByte(v42))).build());
        publish(topic, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE).setFeatureDefinitionHash("0".repeat(64)).build());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rejections(meters, "undecodable")).isEqualTo(1);
            assertThat(rejections(meters, "file-checksum-mismatch")).isEqualTo(1);
            assertThat(rejections(meters, "feature-hash-mismatch")).isEqualTo(1);
        });
        assertThat(models.current().live().modelVersion()).isEqualTo(v7.modelVersion());

        // rollback: the older version published again
        publish(topic, v42.modelVersion(), ModelReleases.inline(v42, ModelRole.LIVE).build());
        await().atMost(WAIT).until(() -> models.current().live().modelVersion().equals(v42.modelVersion()));
        assertThat(info(meters)).containsExactly(Map.entry("live", v42.modelVersion()));

        // a shadow, then promoted by a LIVE release of its version
        publish(topic, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.SHADOW).build());
        await().atMost(WAIT).until(() -> models.current().shadow() != null);
        assertThat(models.current().shadow().modelVersion()).isEqualTo(v7.modelVersion());
        assertThat(models.current().live().modelVersion()).isEqualTo(v42.modelVersion());
        assertThat(info(meters)).containsOnly(Map.entry("live", v42.modelVersion()), Map.entry("shadow", v7.modelVersion()));
        ModelBundle shadow = models.current().shadow();
        publish(topic, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.LIVE).build());
        await().atMost(WAIT).until(() -> models.current().live() == shadow);
        await().atMost(WAIT).until(() -> models.current().shadow() == null);
        assertThat(swaps(meters, "live")).isEqualTo(3);
        assertThat(swaps(meters, "shadow")).isEqualTo(1);
        assertThat(info(meters)).containsExactly(Map.entry("live", v7.modelVersion()));

        watcher.close();

        // a restarted instance, starting from the jar's model, replays the topic to v7 live, no shadow
        LiveModels restarted = LiveModels.of(v42);
        SimpleMeterRegistry restartedMeters = new SimpleMeterRegistry();
        ModelReleaseWatcher again = start(config, restarted, restartedMeters);
        assertThat(again.awaitCaughtUp(WAIT)).isTrue();
        assertThat(restarted.current().live().modelVersion()).isEqualTo(v7.modelVersion());
        assertThat(restarted.current().shadow()).isNull();
        assertThat(rejections(restartedMeters, "undecodable")).isEqualTo(1);
    }

    @Test
    void withAPinOtherVersionsAreRecordedNotInstalled() {
        String topic = modelsTopic();
        publish(topic, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.LIVE).build());
        LiveModels models = LiveModels.of(v42);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        ModelReleaseWatcher watcher = start(config(topic).with("model.pin", v42.modelVersion()), models, meters);

        assertThat(watcher.awaitCaughtUp(WAIT)).isTrue();
        assertThat(models.current().live()).isSameAs(v42);
        assertThat(swaps(meters, "live")).isZero();
        assertThat(meters.find(ModelMeters.REJECTIONS).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void aMissingTopicDoesNotHoldTheStartAndIsFollowedOnceCreated() {
        String topic = "segment-models-late-" + UUID.randomUUID();
        LiveModels models = LiveModels.of(v42);
        ModelReleaseWatcher watcher = start(config(topic), models, new SimpleMeterRegistry());

        assertThat(watcher.awaitCaughtUp(WAIT)).isTrue();
        assertThat(models.current().live()).isSameAs(v42);

        KAFKA.createTopics(List.of(compacted(topic)));
        publish(topic, v7.modelVersion(), ModelReleases.inline(v7, ModelRole.LIVE).build());
        await().atMost(WAIT).until(() -> models.current().live().modelVersion().equals(v7.modelVersion()));
    }

    private ModelReleaseWatcher start(SegmenterConfig config, LiveModels models, SimpleMeterRegistry meters) {
        ModelReleaseWatcher watcher = ModelReleaseWatcher.create(config, registry, models, ModelMeters.bind(meters, models));
        watchers.add(watcher);
        watcher.start();
        return watcher;
    }

    private SegmenterConfig config(String topic) {
        return SegmenterConfig.defaults()
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("application.id", "watcher-it")
                .with("topic.models", topic);
    }

    private static String modelsTopic() {
        String topic = "segment-models-" + UUID.randomUUID();
        KAFKA.createTopics(List.of(compacted(topic)));
        return topic;
    }

    private static NewTopic compacted(String topic) {
        return new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    private void publish(String topic, String key, ModelRelease release) {
        publishBytes(topic, key, AvroSerdes.specific(ModelRelease.class, registry).serializer().serialize(topic, release));
    }

    private static void publishBytes(String topic, String key, byte[] value) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static double swaps(SimpleMeterRegistry meters, String role) {
        return meters.get(ModelMeters.SWAPS).tag("role", role).counter().count();
    }

    private static double rejections(SimpleMeterRegistry meters, String reason) {
        return meters.get(ModelMeters.REJECTIONS).tag("reason", reason).counter().count();
    }

    private static Map<String, String> info(SimpleMeterRegistry meters) {
        return meters.find(ModelMeters.INFO).gauges().stream().collect(java.util.stream.Collectors.toMap(
                g -> g.getId().getTag("role"), g -> g.getId().getTag("version")));
    }
}
