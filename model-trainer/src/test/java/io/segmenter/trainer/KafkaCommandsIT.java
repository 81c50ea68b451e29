package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.FraudScoreSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.SpecificAvroSerde;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.trainer.cli.RefreshCommand;
import io.segmenter.trainer.publish.KafkaSettings;
import io.segmenter.trainer.publish.ModelPublisher;
import io.segmenter.trainer.publish.ModelReleases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that talk to Kafka, on a real broker: {@code refresh} (publish when there is no
 * live model, keep the live one when the candidate is worse) and {@code train --from-topics}.
 * Few epochs: these are about the flow, not the model's quality.
 */
class KafkaCommandsIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.embedded();

    private static final String[] FAST = {"--epochs", "5", "--fraud-epochs", "3,3", "--history-days", "2"};
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Path sample(String file) {
        return BundledSample.find(Path.of("")).orElseThrow().resolve(file);
    }

    private String[] refresh(String scope, Path out) {
        List<String> args = new java.util.ArrayList<>(List.of("refresh", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", "mock://" + scope, "--topic", "models",
                "--data", sample("taobao-userbehavior-150users.csv").toString(), "--format", "taobao",
                "--data", sample("fraud-data-head4000.csv").toString(), "--format", "fraud-data", "--out", out.toString()));
        args.addAll(List.of(FAST));
        return args.toArray(String[]::new);
    }

    @Test
    void refreshPublishesTheFirstModelAndKeepsABetterLiveOne() throws Exception {
        KafkaSettings settings = KafkaSettings.of(KAFKA.bootstrapServers(), "mock://refresh-it");

        CliRunner first = CliRunner.run(refresh("refresh-it", dir.resolve("first")));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("live model: none", "no live model is published", "published seg-");
        String candidate = ModelBundle.read(dir.resolve("first/model.zip")).modelVersion();
        ModelRelease live = ModelReleases.latest(settings, "models", ModelRole.LIVE, TIMEOUT).orElseThrow();
        assertThat(live.getModelVersion()).isEqualTo(candidate);
        assertThat(live.getNotes()).startsWith("refresh: no live model is published");

        // a live release whose recorded macro-F1 no candidate can match
        ModelRelease better = ModelRelease.newBuilder(live)
                .setModelVersion("unbeatable")
                .setPublishedTime(live.getPublishedTime().plusSeconds(1))
                .setMetrics(Map.of("segmentMacroF1", 2.0))
                .build();
        produce(settings, "models", better);

        CliRunner second = CliRunner.run(refresh("refresh-it", dir.resolve("second")));
        assertThat(second.exitCode()).as(second.err() + second.out()).isEqualTo(RefreshCommand.KEPT_LIVE);
        assertThat(second.out()).contains("live model: unbeatable", "worse by more than 0.01", "not published");
        assertThat(ModelReleases.latest(settings, "models", ModelRole.LIVE, TIMEOUT).orElseThrow().getModelVersion())
                .isEqualTo("unbeatable");
        assertThat(ModelReleases.readAll(settings, "models", TIMEOUT)).hasSize(2);
        assertThat(dir.resolve("second/model.zip")).as("the candidate's files are kept for a look").isRegularFile();
    }

    @Test
    void trainsFromTheInputTopicsHistory() throws Exception {
        String scope = "topics-it";
        List<io.segmenter.features.dataset.DatasetEvent> events = DatasetReplay.sorted(
                DatasetSource.file(sample("taobao-userbehavior-150users.csv"), DatasetFormat.TAOBAO)).events();
        EventPublisher.Published published;
        try (SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope, Map.of())) {
            KAFKA.createTopic("user-clicks", 2);
            KAFKA.createTopic("user-purchases", 2);
            published = new EventPublisher(KAFKA.bootstrapServers(), Map.of(), "user-clicks", "user-purchases",
                    AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry))
                    .publish(events, 0);
        }
        Path out = dir.resolve("from-topics");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", "mock://" + scope, "--from-topics", "user-clicks,user-purchases", "--since", "P1D",
                "--out", out.toString()));
        args.addAll(List.of(FAST));

        CliRunner r = CliRunner.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode data = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("data").get(0);
        assertThat(data.get("format").asText()).isEqualTo("topics");
        assertThat(data.get("events").asLong()).isEqualTo(published.total()).isEqualTo(events.size());
        assertThat(data.get("malformed").asLong()).isZero();
        ModelBundle bundle = ModelBundle.read(out.resolve("model.zip"));
        assertThat(bundle.createdTime()).isEqualTo(events.get(events.size() - 1).eventTime());
        assertThat(bundle.fraudScoreSource()).as("topics carry no fraud labels").isEqualTo(FraudScoreSource.RECONSTRUCTION);
        assertThat(bundle.manifest().notes()).contains("topics user-clicks,user-purchases since PT24H");
    }

    @Test
    void readsNothingOlderThanSince() throws Exception {
        String scope = "since-it";
        KAFKA.createTopic("old-clicks", 1);
        KAFKA.createTopic("old-purchases", 1);
        Instant longAgo = Instant.now().minus(Duration.ofDays(3));
        try (SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope, Map.of());
             SpecificAvroSerde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                     new ByteArraySerializer())) {
            ClickEvent click = ClickEvent.newBuilder().setEventId("c1").setUserId("u1")
                    .setType(io.segmenter.schemas.avro.ClickType.VIEW).setEventTime(longAgo).build();
            producer.send(new ProducerRecord<>("old-clicks", null, longAgo.toEpochMilli(), "u1",
                    serde.serializer().serialize("old-clicks", click))).get();
        }

        io.segmenter.trainer.data.TrainingData read = io.segmenter.trainer.data.TopicHistory.read(
                KafkaSettings.of(KAFKA.bootstrapServers(), "mock://" + scope), List.of("old-clicks", "old-purchases"),
                Duration.ofDays(1), java.time.Clock.systemUTC(), TIMEOUT);

        assertThat(read.sources().get(0).events()).isEmpty();
        assertThat(io.segmenter.trainer.data.TopicHistory.read(KafkaSettings.of(KAFKA.bootstrapServers(), "mock://" + scope),
                List.of("old-clicks", "old-purchases"), Duration.ofDays(5), java.time.Clock.systemUTC(), TIMEOUT)
                .sources().get(0).events()).hasSize(1);
    }

    private static void produce(KafkaSettings settings, String topic, ModelRelease release) throws Exception {
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(settings.schemaRegistryUrl(), Map.of());
             SpecificAvroSerde<ModelRelease> serde = AvroSerdes.specific(ModelRelease.class, registry);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()), new StringSerializer(),
                     new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, ModelPublisher.key(release),
                    serde.serializer().serialize(topic, release))).get();
        }
    }
}
