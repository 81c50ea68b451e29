package io.segmenter.stream.testing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;

/** The running broker a test talks to, in this JVM or in a container. */
public interface TestKafkaBroker {

    /** {@code host:port} for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Creates the topics and returns once every partition has a leader. */
    void createTopics(Collection<NewTopic> topics);

    /** Creates a topic with replication factor 1 and the given topic configs. */
    default void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** The client properties that reach this broker: a start for producer, consumer or Streams configs. */
    default Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }
}
