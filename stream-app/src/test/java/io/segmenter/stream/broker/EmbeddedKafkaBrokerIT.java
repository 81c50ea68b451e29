package io.segmenter.stream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.stream.testing.TransactionalRoundTrip;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedKafkaBrokerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void deliversTransactionalRecordsExactlyOnceAndInOrderToReadCommittedConsumers() {
        broker.createTopic("round-trip", 3, Map.of());

        Map<Integer, List<String>> sent =
                TransactionalRoundTrip.produceCommittedAndAborted(broker.bootstrapServers(), "round-trip", 3, 1_000);
        Map<Integer, List<String>> read =
                TransactionalRoundTrip.readCommitted(broker.bootstrapServers(), "round-trip", TIMEOUT);

        assertThat(sent.values().stream().mapToInt(List::size).sum()).isEqualTo(1_000);
        assertThat(read).isEqualTo(sent);
    }

    @Test
    void restartsOnItsDirectoryAndPortsKeepingTopicsCommittedRecordsAndClusterId() throws Exception {
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            own.createTopic("survives-restart", 2, Map.of());
            Map<Integer, List<String>> sent =
                    TransactionalRoundTrip.produceCommittedAndAborted(own.bootstrapServers(), "survives-restart", 2, 200);
            Map<String, Integer> ports = own.listenerPorts();
            String bootstrap = own.bootstrapServers();

            own.stop();
            assertThat(own.isRunning()).isFalse();
            assertThat(own.directory()).isDirectory();
            assertThrows(IllegalStateException.class, () -> own.createTopic("while-stopped", 1, Map.of()));
            own.stop(); // idempotent

            own.startAgain();
            assertThat(own.isRunning()).isTrue();
            assertThat(own.listenerPorts()).isEqualTo(ports);
            assertThat(own.bootstrapServers()).isEqualTo(bootstrap);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(own.clusterId());
                assertThat(admin.listTopics().names().get()).contains("survives-restart");
            }
            assertThat(TransactionalRoundTrip.readCommitted(bootstrap, "survives-restart", TIMEOUT)).isEqualTo(sent);
            own.createTopic("after-restart", 1, Map.of());

            own.restart();
            assertThat(TransactionalRoundTrip.readCommitted(bootstrap, "survives-restart", TIMEOUT)).isEqualTo(sent);
        }
    }

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void consumerGroupJoinsAndCommitsItsOffsets(GroupProtocol protocol) throws Exception {
        String topic = "group-commit-" + protocol.name().toLowerCase(Locale.ROOT);
        String group = topic + "-group";
        broker.createTopic(topic, 2, Map.of());
        produce(topic, 2, 10);

        try (KafkaConsumer<String, String> consumer = consumer(group, protocol); Admin admin = admin()) {
            consumer.subscribe(List.of(topic));
            List<String> received = new ArrayList<>();
            await("group " + group + " consuming").atMost(TIMEOUT).pollInSameThread()
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(record -> received.add(record.value()));
                        return received.size() >= 10;
                    });
            consumer.commitSync();

            Map<TopicPartition, Long> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
            ConsumerGroupDescription description =
                    admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();

            assertThat(received).hasSize(10);
            assertThat(committed).isEqualTo(Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 5L));
            assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
            assertThat(description.members()).hasSize(1);
        }
    }

    @Test
    void refusesToCreateAnExistingTopic() {
        broker.createTopic("created-once", 1, Map.of());

        KafkaException error = assertThrows(KafkaException.class, () -> broker.createTopic("created-once", 1, Map.of()));

        assertThat(error).hasCauseInstanceOf(TopicExistsException.class);
    }

    @Test
    void doesNotCreateTopicsOnFirstUse() throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
             Admin admin = admin()) {
            ExecutionException error = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("never-created", "value")).get());

            assertThat(error).hasCauseInstanceOf(TimeoutException.class);
            assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
        }
    }

    @Test
    void closeIsIdempotentAndReleasesPortsAndDirectory() throws IOException {
        EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start();
        Map<String, Integer> ports = own.listenerPorts();
        Path directory = own.directory();

        own.close();
        own.close();

        assertThat(directory).doesNotExist();
        assertThat(ports).containsOnlyKeys(EmbeddedKafkaBroker.CLIENT_LISTENER, EmbeddedKafkaBroker.CONTROLLER_LISTENER);
        for (int port : ports.values()) {
            try (ServerSocket socket = new ServerSocket(port, 0, InetAddress.getByName(EmbeddedKafkaBroker.HOST))) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
        assertThrows(IllegalStateException.class, () -> own.createTopic("after-close", 1, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {EmbeddedKafkaBroker.CLIENT_LISTENER, EmbeddedKafkaBroker.CONTROLLER_LISTENER})
    void startsAgainOnOtherPortsWhenAChosenPortIsTaken(String listener) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName(EmbeddedKafkaBroker.HOST))) {
            AtomicBoolean firstPick = new AtomicBoolean(true);
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().portPicker(listeners -> {
                List<Integer> ports = new ArrayList<>(EmbeddedKafkaBroker.freeLoopbackPorts(listeners.size()));
                if (firstPick.getAndSet(false)) {
                    ports.set(listeners.indexOf(listener), taken.getLocalPort());
                }
                return ports;
            });

            try (EmbeddedKafkaBroker own = builder.start()) {
                assertThat(firstPick).isFalse();
                assertThat(own.listenerPorts()).doesNotContainValue(taken.getLocalPort());
                own.createTopic("after-clash", 1, Map.of());
            }
        }
    }

    @Test
    void servesClientsOnAnExtraListener() throws Exception {
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.builder()
                .listener("external", SecurityProtocol.PLAINTEXT)
                .start();
             Admin admin = Admin.create(Map.of(
                     AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, own.bootstrapServers("EXTERNAL")))) {
            Set<String> advertised = admin.describeCluster().nodes().get().stream()
                    .map(node -> node.host() + ":" + node.port())
                    .collect(Collectors.toSet());

            assertThat(advertised).containsExactly(own.bootstrapServers("external"));
            assertThat(own.bootstrapServers("external")).isNotEqualTo(own.bootstrapServers());
            assertThrows(IllegalArgumentException.class, () -> own.bootstrapServers("CONTROLLER"));
        }
    }

    /** Sends {@code count} records, record {@code i} to partition {@code i % partitions}. */
    private static void produce(String topic, int partitions, int count) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            IntStream.range(0, count).forEach(i ->
                    producer.send(new ProducerRecord<>(topic, i % partitions, "key-" + i, "value-" + i)));
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, GroupProtocol protocol) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.name().toLowerCase(Locale.ROOT),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }
}
