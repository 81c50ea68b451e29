package io.segmenter.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.trainer.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Publishing to a real broker and reading the release back. */
class ModelPublisherIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.embedded();

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private KafkaSettings settings(String scope) {
        return KafkaSettings.of(KAFKA.bootstrapServers(), "mock://" + scope);
    }

    @Test
    void publishesOneValidatedReleaseKeyedByRoleToACompactedTopic() throws Exception {
        ModelBundle bundle = DemoBundles.defaultBundle();
        byte[] bytes = bundle.toBytes();
        KafkaSettings settings = settings("publisher-it-1");
        ModelPublisher.Published published;
        try (ModelPublisher publisher = new ModelPublisher(settings, "models-1", Clock.fixed(NOW, ZoneOffset.UTC))) {
            published = publisher.publish(bytes, ModelRole.LIVE, "first release");
        }

        assertThat(published.key()).isEqualTo(published.release().getModelVersion());
        List<ModelRelease> all = ModelReleases.readAll(settings, "models-1", TIMEOUT);
        assertThat(all).hasSize(1);
        ModelRelease r = all.get(0);
        assertThat(r.getModelVersion()).isEqualTo(bundle.modelVersion());
        assertThat(r.getRole()).isEqualTo(ModelRole.LIVE);
        assertThat(r.getCreatedTime()).isEqualTo(bundle.createdTime());
        assertThat(r.getPublishedTime()).isEqualTo(NOW);
        assertThat(r.getChecksumSha256()).isEqualTo(bundle.fileSha256()).isEqualTo(ModelBundle.sha256Hex(bytes));
        assertThat(r.getFeatureDefinitionHash()).isEqualTo(bundle.featureDefinitionHash());
        assertThat(r.getMetrics()).isEqualTo(bundle.trainingMetrics());
        assertThat(r.getNotes()).isEqualTo("first release");
        assertThat(r.getBundleUri()).isNull();
        assertThat(bytes(r.getBundle())).isEqualTo(bytes);
        assertThat(ModelBundle.read(bytes(r.getBundle()), r.getChecksumSha256()).modelVersion()).isEqualTo(bundle.modelVersion());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "models-1");
            ConfigEntry policy = admin.describeConfigs(List.of(topic)).all().get().get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            assertThat(policy.value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void theLatestLiveReleaseIsTheOnePublishedLast() throws Exception {
        KafkaSettings settings = settings("publisher-it-2");
        byte[] first = DemoBundles.defaultBundle().toBytes();
        byte[] second = DemoBundles.build(43).toBytes();
        try (ModelPublisher publisher = new ModelPublisher(settings, "models-2", Clock.systemUTC())) {
            publisher.publish(first, ModelRole.LIVE, null);
            publisher.publish(second, ModelRole.SHADOW, null);
            publisher.publish(second, ModelRole.LIVE, "promoted");
            publisher.publish(first, ModelRole.SHADOW, null);
        }

        assertThat(ModelReleases.latest(settings, "models-2", ModelRole.LIVE, TIMEOUT).orElseThrow().getModelVersion())
                .isEqualTo("demo-synthetic-seed43");
        assertThat(ModelReleases.latest(settings, "models-2", ModelRole.SHADOW, TIMEOUT).orElseThrow().getModelVersion())
                .isEqualTo("demo-synthetic-seed42");
        assertThat(ModelReleases.latest(settings, "no-such-topic", ModelRole.LIVE, TIMEOUT)).isEmpty();
    }

    @Test
    void aBundleAnInstanceWouldRejectIsNotSent() throws Exception {
        KafkaSettings settings = settings("publisher-it-3");
        byte[] corrupt = DemoBundles.defaultBundle().toBytes();
        corrupt[corrupt.length / 2] ^= 0x5A;
        try (ModelPublisher publisher = new ModelPublisher(settings, "models-3", Clock.systemUTC())) {
            assertThatThrownBy(() -> publisher.publish(corrupt, ModelRole.LIVE, null))
                    .isInstanceOf(BundleRejectedException.class);
        }
        assertThat(ModelReleases.readAll(settings, "models-3", TIMEOUT)).isEmpty();
    }

    @Test
    void theCommandPublishesWithExtraClientSettingsFromAFile() throws Exception {
        Path model = Files.write(dir.resolve("model.zip"), DemoBundles.defaultBundle().toBytes());
        Properties extra = new Properties();
        extra.setProperty("client.dns.lookup", "use_all_dns_ips");
        Path config = dir.resolve("kafka.properties");
        try (var out = Files.newBufferedWriter(config)) {
            extra.store(out, null);
        }
        CommandLine cli = TrainerCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("publish", "--model", model.toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--schema-registry", "mock://publisher-it-4", "--topic", "models-4", "--role", "SHADOW",
                "--kafka-config", config.toString(), "--notes", "from the command line");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("published demo-synthetic-seed42 as SHADOW to models-4");
        ModelRelease r = ModelReleases.latest(settings("publisher-it-4"), "models-4", ModelRole.SHADOW, TIMEOUT).orElseThrow();
        assertThat(r.getNotes()).isEqualTo("from the command line");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return Arrays.copyOf(out, out.length);
    }
}
