package io.segmenter.trainer.publish;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.SpecificAvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the models topic from the beginning to the end offsets it had when reading started (no
 * consumer group, nothing committed) and returns the releases in it, so that {@code refresh} can
 * find the model instances currently serve.
 */
public final class ModelReleases {

    private ModelReleases() {
    }

    /** Every release in the topic, in partition then offset order; empty when the topic does not exist. */
    public static List<ModelRelease> readAll(KafkaSettings settings, String topic, Duration timeout) {
        AvroTrustedPackages.trustGeneratedClasses();
        Map<String, Object> props = settings.clientProperties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "model-trainer-releases"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ModelRelease> out = new ArrayList<>();
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(settings.schemaRegistryUrl(), settings.clientConfig());
             SpecificAvroSerde<ModelRelease> serde = AvroSerdes.specific(ModelRelease.class, registry);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return out;
            }
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
            Instant deadline = Instant.now().plus(timeout);
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException("could not read " + topic + " to its end offsets " + end + " in " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition())) && r.value() != null) {
                        out.add(serde.deserializer().deserialize(topic, r.value()));
                    }
                }
            }
        }
        return out;
    }

    /** The release of {@code role} published last (latest publishedTime; ties: the later read); empty when none. */
    public static Optional<ModelRelease> latest(KafkaSettings settings, String topic, ModelRole role, Duration timeout) {
        ModelRelease latest = null;
        for (ModelRelease r : readAll(settings, topic, timeout)) {
            if (r.getRole() == role && (latest == null || !r.getPublishedTime().isBefore(latest.getPublishedTime()))) {
                latest = r;
            }
        }
        return Optional.ofNullable(latest);
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
