package io.segmenter.stream.testing;

import io.segmenter.stream.broker.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft broker in a Docker container ({@code apache/kafka} image), set up like
 * the embedded one: Testcontainers already gives the internal topics replication factor 1 and
 * no initial rebalance delay; automatic topic creation is turned off here as well.
 */
final class ContainerBroker implements RunningBroker {
    private static final Logger log = LoggerFactory.getLogger(ContainerBroker.class);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaContainer container;
    private final Admin admin;
    private final String image;

    private ContainerBroker(KafkaContainer container, Admin admin, String image) {
        this.container = container;
        this.admin = admin;
        this.image = image;
    }

    static ContainerBroker start(String image, Map<String, String> brokerProperties) {
        long started = System.nanoTime();
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        brokerProperties.forEach((key, value) -> container.withEnv(environmentName(key), value));
        container.start();
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, container.getBootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "container-broker-admin"));
        log.info("Kafka broker {} ({}) up in {} ms", container.getBootstrapServers(), image,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new ContainerBroker(container, admin, image);
    }

    /**
     * The {@code apache/kafka} image turns {@code KAFKA_A_B} into {@code a.b}, {@code __} into
     * {@code _} and {@code ___} into {@code -}.
     */
    static String environmentName(String brokerProperty) {
        return "KAFKA_" + brokerProperty.replace("_", "__").replace("-", "___").replace(".", "_")
                .toUpperCase(Locale.ROOT);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void createTopics(Collection<NewTopic> topics) {
        Topics.createAndAwaitLeaders(admin, topics, TOPIC_TIMEOUT);
    }

    @Override
    public void close() {
        Utils.closeQuietly(admin, "container broker admin client", log);
        container.stop();
        log.info("Kafka broker container {} stopped", image);
    }
}
