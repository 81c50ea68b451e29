package io.segmenter.stream.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.broker.KeyStoreFile;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.SecureKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application against a broker that only lets authenticated clients in: Kafka client
 * security is nothing but {@code kafka.*} settings passed through to Streams, its consumers,
 * producers and admin, and to the model watcher. Certificates are made for the test.
 */
class SecureBrokerIT {

    private static final String APP_USER = "segmenter-app";
    private static final String APP_PASSWORD = "app-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(3);
    private static final int USERS = 12;

    @TempDir
    static Path certificates;
    private static SecureKafka kafka;

    @TempDir
    Path stateDir;
    private final String scope = "secure-" + UUID.randomUUID();
    private SegmenterApp app;

    @BeforeAll
    static void startSecureBroker() {
        AvroTrustedPackages.trustGeneratedClasses();
        kafka = SecureKafka.start(certificates, Map.of(APP_USER, APP_PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @AfterEach
    void closeApp() {
        if (app != null) {
            app.close();
        }
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void appTurnsEventsIntoSegmentChangesOverTheSaslSslListener() {
        Map<String, String> client = kafka.saslClient(APP_USER, APP_PASSWORD);
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "secure-it")
                .with("bootstrap.servers", kafka.saslSslBootstrapServers())
                .with("schema.registry.url", "mock://" + scope)
                .with("topic.partitions", "2")
                .with("state.dir", stateDir.toString())
                .with("scoring.interval", "PT0.5S")
                .with("http.port", "0");
        for (Map.Entry<String, String> setting : client.entrySet()) {
            if (!setting.getKey().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                config = config.with("kafka." + setting.getKey(), setting.getValue());
            }
        }
        assertThat(config.kafkaOverrides()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsKeys("ssl.truststore.location", "sasl.jaas.config");

        List<String> users = IntStream.range(0, USERS).mapToObj(i -> String.format(Locale.ROOT, "secure-user-%02d", i)).toList();
        // the recent past: inside every window, behind the wall clock
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        try (Admin admin = Admin.create(new HashMap<String, Object>(client))) {
            TopicLayout.ensure(admin, config, (short) 1, WAIT);
            app = SegmenterApp.create(config, new SimpleMeterRegistry());
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            new EventPublisher(kafka.saslSslBootstrapServers(), client, config.get("topic.clicks"), config.get("topic.purchases"),
                    AvroSerdes.specific(ClickEvent.class, app.registry()), AvroSerdes.specific(PurchaseEvent.class, app.registry()))
                    .publish(events(users, base), 0);

            try (SegmentChanges changes = new SegmentChanges(client, config.get("topic.segment-changes"), app)) {
                await().atMost(WAIT).untilAsserted(() -> assertThat(changes.read()).containsAll(users));
            }
        }
    }

    @Test
    void clientWithoutCredentialsGetsNothingFromTheSaslSslListener() {
        try (Admin anonymous = Admin.create(adminProps(kafka.saslListenerWithoutCredentials()))) {
            // TLS succeeds, but the broker closes every connection that does not authenticate
            assertThatThrownBy(() -> describeCluster(anonymous)).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void clientWithAWrongPasswordIsRefused() {
        try (Admin wrong = Admin.create(adminProps(kafka.saslClient(APP_USER, "not-" + APP_PASSWORD)))) {
            assertThatThrownBy(() -> describeCluster(wrong)).isInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin unknown = Admin.create(adminProps(kafka.saslClient("intruder", APP_PASSWORD)))) {
            assertThatThrownBy(() -> describeCluster(unknown)).isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void plaintextClientGetsNothingFromTheTlsListener() {
        Map<String, String> plaintext = new HashMap<>(kafka.saslClient(APP_USER, APP_PASSWORD));
        plaintext.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        try (Admin cleartext = Admin.create(adminProps(plaintext))) {
            assertThatThrownBy(() -> describeCluster(cleartext)).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void mutualTlsListenerAdmitsOnlyClientsWithACertificateFromTheCa() throws Throwable {
        KeyStoreFile clientKeys = kafka.certificates().client("segmenter-app");
        try (Admin withCertificate = Admin.create(adminProps(kafka.mutualTlsClient(clientKeys)))) {
            assertThat(describeCluster(withCertificate)).isNotEmpty();
        }
        try (Admin withoutCertificate = Admin.create(adminProps(kafka.mutualTlsWithoutCertificate()))) {
            assertThatThrownBy(() -> describeCluster(withoutCertificate)).isInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Map<String, Object> adminProps(Map<String, String> client) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL_WAIT.toMillis());
        // no reconnect storm while the test waits for the refusal
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 200);
        return props;
    }

    /** The cluster's node ids; rethrows the cause of a failed call. */
    private static List<Integer> describeCluster(Admin admin) throws Throwable {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) REFUSAL_WAIT.toMillis()))
                    .nodes().get().stream().map(node -> node.id()).toList();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Views and a cart per user, a purchase for every other one, within 20 minutes of {@code start}. */
    private static List<DatasetEvent> events(List<String> users, Instant start) {
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            Instant t = start.plusSeconds(i * 17L);
            for (int v = 0; v <= i % 4; v++) {
                events.add(new DatasetEvent.Click(ClickEvent.newBuilder()
                        .setEventId(user + "-view-" + v).setUserId(user).setType(ClickType.VIEW)
                        .setProductId("p-" + v).setCategoryId("c-1").setPriceMinor(1_000 + 250L * v).setCurrency("EUR")
                        .setEventTime(t.plusSeconds(v * 40L)).build(), 0));
            }
            events.add(new DatasetEvent.Click(ClickEvent.newBuilder()
                    .setEventId(user + "-cart").setUserId(user).setType(ClickType.CART)
                    .setProductId("p-1").setCategoryId("c-1").setPriceMinor(2_500L).setCurrency("EUR")
                    .setEventTime(t.plus(Duration.ofMinutes(5))).build(), 0));
            if (i % 2 == 0) {
                events.add(new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId(user + "-order").setOrderId("o-" + user).setUserId(user)
                        .setAmountMinor(2_500 + 100L * i).setCurrency("EUR").setItemCount(1)
                        .setDeviceId("device-" + user).setIp("10.1.0." + i)
                        .setAccountCreatedTime(t.minus(Duration.ofDays(200)))
                        .setEventTime(t.plus(Duration.ofMinutes(9))).build(), 0, OptionalInt.empty()));
            }
        }
        events.sort(Comparator.comparing(DatasetEvent::eventTime));
        return events;
    }

    /** The users named by committed segment changes, read over the secure listener. */
    private static final class SegmentChanges implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final org.apache.kafka.common.serialization.Deserializer<SegmentChange> deserializer;
        private final Set<String> users = new HashSet<>();

        SegmentChanges(Map<String, String> client, String topic, SegmenterApp app) {
            Map<String, Object> props = new HashMap<>(client);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            deserializer = AvroSerdes.specific(SegmentChange.class, app.registry()).deserializer();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Set<String> read() {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() != null) {
                    users.add(deserializer.deserialize(record.topic(), record.headers(), record.value()).getUserId());
                }
            }
            return users;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
