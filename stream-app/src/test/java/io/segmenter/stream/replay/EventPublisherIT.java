package io.segmenter.stream.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replay to a real broker: what is read back equals what the reader produced, in order, keyed by user. */
class EventPublisherIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String SCOPE = "event-publisher-it";

    @AfterAll
    static void dropRegistry() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void rees46SampleArrivesCompleteAndKeyedByUser() throws IOException {
        kafka.createTopic("it-clicks", 3);
        kafka.createTopic("it-purchases", 3);
        DatasetReplay.Result read = DatasetReplay.sorted(
                DatasetSource.file(Path.of("..", "data", "sample", "rees46-2019-oct-head4000.csv"), DatasetFormat.REES46));
        SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());

        EventPublisher.Published published = new EventPublisher(kafka.bootstrapServers(), Map.of(), "it-clicks", "it-purchases",
                AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry))
                .publish(read.events(), 0);

        assertThat(published.clicks()).isEqualTo(3_918 + 36);
        assertThat(published.purchases()).isEqualTo(46);
        List<ConsumerRecord<String, ClickEvent>> clicks = readAll("it-clicks", AvroSerdes.specific(ClickEvent.class, registry).deserializer());
        List<ConsumerRecord<String, PurchaseEvent>> purchases = readAll("it-purchases", AvroSerdes.specific(PurchaseEvent.class, registry).deserializer());
        assertThat(clicks).hasSize((int) published.clicks());
        assertThat(purchases).hasSize((int) published.purchases());

        List<Object> sent = new ArrayList<>();
        read.events().forEach(e -> sent.add(e.record()));
        List<Object> received = new ArrayList<>();
        clicks.forEach(r -> {
            assertThat(r.key()).isEqualTo(r.value().getUserId());
            received.add(r.value());
        });
        purchases.forEach(r -> {
            assertThat(r.key()).isEqualTo(r.value().getUserId());
            received.add(r.value());
        });
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(read.events()).isSortedAccordingTo(DatasetEvent.BY_EVENT_TIME);
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(String topic, Deserializer<V> deserializer) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), deserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
