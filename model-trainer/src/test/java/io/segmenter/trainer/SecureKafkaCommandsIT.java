package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.BundleValidator;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.SecureKafka;
import io.segmenter.trainer.publish.KafkaSettings;
import io.segmenter.trainer.publish.ModelReleases;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The trainer's Kafka commands against a broker that admits only authenticated clients
 * ({@link SecureKafka}: TLS + SASL/PLAIN on one listener, TLS with required client certificates on
 * another; certificates made for the test). The trainer gets its client security from nothing but
 * {@code --kafka-config FILE}, as an operator would give it: {@code train --from-topics} reads the
 * input topics over the secured listener, {@code publish} sends the bundle it trained, and a
 * running instance, itself configured for the same listener through {@code kafka.*} settings,
 * swaps to it. Without valid credentials both commands fail fast with exit code 1 and a message
 * that says authentication failed. Set-up (topics, events) goes through the plaintext listener.
 */
class SecureKafkaCommandsIT {

    private static final String TRAINER_USER = "model-trainer";
    private static final String TRAINER_PASSWORD = "trainer-" + UUID.randomUUID();
    private static final String APP_USER = "segmenter-app";
    private static final String APP_PASSWORD = "app-" + UUID.randomUUID();
    private static final String[] FAST = {"--epochs", "5", "--fraud-epochs", "3,3", "--history-days", "2"};
    private static final Duration WAIT = Duration.ofSeconds(45);
    /** A refused command must end well within this; the trainer's own Kafka timeouts are minutes. */
    private static final Duration REFUSAL_BOUND = Duration.ofSeconds(20);

    @TempDir
    static Path certificates;
    private static SecureKafka kafka;

    @TempDir
    Path dir;
    private final String scope = "secure-trainer-" + UUID.randomUUID();

    /** How a client proves who it is, per secured listener. */
    enum Listener {
        SASL_SSL {
            @Override
            Map<String, String> client(SecureKafka kafka, String user, String password) {
                return kafka.saslClient(user, password);
            }

            @Override
            Map<String, String> refused(SecureKafka kafka) {
                return kafka.saslClient(TRAINER_USER, "not-" + TRAINER_PASSWORD);
            }
        },
        MUTUAL_TLS {
            @Override
            Map<String, String> client(SecureKafka kafka, String user, String password) {
                return kafka.mutualTlsClient(kafka.certificates().client(user));
            }

            @Override
            Map<String, String> refused(SecureKafka kafka) {
                return kafka.mutualTlsWithoutCertificate();
            }
        };

        /** Settings (with {@code bootstrap.servers}) of a client the broker admits as {@code user}. */
        abstract Map<String, String> client(SecureKafka kafka, String user, String password);

        /** Settings of a client the broker refuses: a wrong password, or no client certificate. */
        abstract Map<String, String> refused(SecureKafka kafka);

        String prefix() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @BeforeAll
    static void startSecureBroker() {
        kafka = SecureKafka.start(certificates, Map.of(TRAINER_USER, TRAINER_PASSWORD, APP_USER, APP_PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void dropRegistryScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void trainsFromSecuredTopicsAndASecuredInstanceSwapsToThePublishedBundle(Listener listener) throws Exception {
        Map<String, String> trainer = listener.client(kafka, TRAINER_USER, TRAINER_PASSWORD);
        String bootstrap = trainer.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        Path trainerConfig = propertiesFile(trainer, listener.prefix() + "-trainer.properties");
        String clicks = listener.prefix() + "-history-clicks";
        String purchases = listener.prefix() + "-history-purchases";
        List<DatasetEvent> events = DatasetReplay.sorted(
                DatasetSource.file(sample("taobao-userbehavior-150users.csv"), DatasetFormat.TAOBAO)).events();
        long published = publishOverPlaintext(events, clicks, purchases);

        Path trained = dir.resolve("trained");
        CliRunner train = CliRunner.run(withFastTraining("train", "--bootstrap-servers", bootstrap,
                "--kafka-config", trainerConfig.toString(), "--schema-registry", "mock://" + scope,
                "--from-topics", clicks + "," + purchases, "--since", "P1D", "--out", trained.toString()));

        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("reading [" + clicks + ", " + purchases + "] since PT24H from " + bootstrap);
        JsonNode data = new ObjectMapper().readTree(trained.resolve("metrics.json").toFile()).get("data").get(0);
        assertThat(data.get("format").asText()).isEqualTo("topics");
        assertThat(data.get("events").asLong()).isEqualTo(published).isEqualTo(events.size());
        assertThat(data.get("malformed").asLong()).isZero();
        ModelBundle bundle = ModelBundle.read(trained.resolve("model.zip"));

        ModelBundle startup = DemoBundles.defaultBundle();
        assertThat(bundle.modelVersion()).isNotEqualTo(startup.modelVersion());
        Path startupFile = dir.resolve("startup.zip");
        startup.write(startupFile);
        Map<String, String> appClient = listener.client(kafka, APP_USER, APP_PASSWORD);
        SegmenterConfig config = securedAppConfig(listener, appClient, startupFile);
        try (Admin admin = Admin.create(new HashMap<String, Object>(appClient))) {
            TopicLayout.ensure(admin, config, (short) 1, WAIT);
        }
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            assertThat(app.liveModelVersion()).isEqualTo(startup.modelVersion());

            CliRunner publish = CliRunner.run("publish", "--model", trained.resolve("model.zip").toString(),
                    "--bootstrap-servers", bootstrap, "--kafka-config", trainerConfig.toString(),
                    "--schema-registry", "mock://" + scope, "--topic", config.get("topic.models"),
                    "--notes", "over " + listener);

            assertThat(publish.exitCode()).as(publish.err()).isZero();
            assertThat(publish.out()).contains("published " + bundle.modelVersion() + " as LIVE to " + config.get("topic.models"));
            await().atMost(WAIT).until(() -> app.liveModelVersion().equals(bundle.modelVersion()));
            assertThat(app.models().current().live().fileSha256()).isEqualTo(bundle.fileSha256());
        }
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void publishWithoutValidCredentialsFailsSayingAuthenticationFailed(Listener listener) throws Exception {
        Map<String, String> refused = listener.refused(kafka);
        byte[] bundle = DemoBundles.defaultBundle().toBytes();
        // a bundle publish accepts, so only the broker can stop it; loading it here also keeps DL4J's start-up out of the bound
        BundleValidator.forRunningDefinition().load(bundle);
        Path model = Files.write(dir.resolve("model.zip"), bundle);
        String topic = listener.prefix() + "-refused-models";

        CliRunner publish = assertTimeoutPreemptively(REFUSAL_BOUND, () -> CliRunner.run("publish", "--model", model.toString(),
                "--bootstrap-servers", refused.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                "--kafka-config", propertiesFile(refused, "refused.properties").toString(),
                "--schema-registry", "mock://" + scope, "--topic", topic));

        assertThat(publish.exitCode()).as(publish.err()).isEqualTo(TrainerCli.FAILED);
        assertThat(publish.err()).startsWith("error: Kafka authentication failed").hasLineCount(1);
        assertThat(publish.out()).doesNotContain("published");
        assertThat(ModelReleases.readAll(KafkaSettings.of(kafka.plaintextBootstrapServers(), "mock://" + scope), topic,
                WAIT)).as("nothing reached the topic").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Listener.class)
    void trainFromTopicsWithoutValidCredentialsFailsSayingAuthenticationFailed(Listener listener) throws Exception {
        Map<String, String> refused = listener.refused(kafka);
        String clicks = listener.prefix() + "-refused-clicks";
        String purchases = listener.prefix() + "-refused-purchases";
        kafka.createTopics(List.of(new NewTopic(clicks, 1, (short) 1), new NewTopic(purchases, 1, (short) 1)));
        Path out = dir.resolve("refused");

        CliRunner train = assertTimeoutPreemptively(REFUSAL_BOUND, () -> CliRunner.run(withFastTraining("train",
                "--bootstrap-servers", refused.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                "--kafka-config", propertiesFile(refused, "refused.properties").toString(),
                "--schema-registry", "mock://" + scope, "--from-topics", clicks + "," + purchases, "--out", out.toString())));

        assertThat(train.exitCode()).as(train.err()).isEqualTo(TrainerCli.FAILED);
        assertThat(train.err()).contains("\nerror: Kafka authentication failed");
        assertThat(out.resolve("model.zip")).doesNotExist();
    }

    /** The instance's settings as an operator gives them: the listener's client settings as {@code kafka.*} keys. */
    private SegmenterConfig securedAppConfig(Listener listener, Map<String, String> client, Path startupModel) {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "secure-trainer-" + listener.prefix())
                .with("bootstrap.servers", client.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG))
                .with("schema.registry.url", "mock://" + scope)
                .with("topic.models", listener.prefix() + "-segment-models")
                .with("topic.partitions", "1")
                .with("state.dir", dir.resolve("state").toString())
                .with("model.file", startupModel.toString())
                .with("http.port", "0");
        for (Map.Entry<String, String> setting : client.entrySet()) {
            if (!setting.getKey().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                config = config.with("kafka." + setting.getKey(), setting.getValue());
            }
        }
        return config;
    }

    /** The client settings, except the bootstrap servers (given by flag), as the file {@code --kafka-config} reads. */
    private Path propertiesFile(Map<String, String> client, String name) throws IOException {
        Properties properties = new Properties();
        client.forEach((key, value) -> {
            if (!key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                properties.setProperty(key, value);
            }
        });
        Path file = dir.resolve(name);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "client security for model-trainer");
        }
        return file;
    }

    /** Creates the topics and produces the events through the plaintext set-up listener; returns how many. */
    private long publishOverPlaintext(List<DatasetEvent> events, String clicks, String purchases) {
        kafka.createTopics(List.of(new NewTopic(clicks, 2, (short) 1), new NewTopic(purchases, 2, (short) 1)));
        try (SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + scope, Map.of())) {
            return new EventPublisher(kafka.plaintextBootstrapServers(), Map.of(), clicks, purchases,
                    AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry))
                    .publish(events, 0).total();
        }
    }

    private static String[] withFastTraining(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(FAST));
        return all.toArray(String[]::new);
    }

    private static Path sample(String file) {
        return BundledSample.find(Path.of("")).orElseThrow().resolve(file);
    }
}
