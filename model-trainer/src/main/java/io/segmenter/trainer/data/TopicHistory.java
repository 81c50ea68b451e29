package io.segmenter.trainer.data;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.SpecificAvroSerde;
import io.segmenter.schemas.serde.WireFormat;
import io.segmenter.trainer.publish.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input topics' recent history as training data: for each partition, from the first offset
 * whose record timestamp is at or after {@code now - since} ({@code offsetsForTimes}) to the end
 * offset captured when reading starts, so records produced meanwhile do not make the read endless.
 * No consumer group, nothing committed. Each value is decoded by its writer schema (looked up by the
 * wire format's schema id): {@code ClickEvent} or {@code PurchaseEvent}; anything else, or bytes
 * that do not decode, is counted as malformed and skipped, as the stream would dead-letter it.
 * All topics make one source (clicks and purchases of the same users belong together), sorted by
 * event time. Topic data carries no fraud labels.
 */
public final class TopicHistory {

    private static final Logger log = LoggerFactory.getLogger(TopicHistory.class);
    private static final String CLICK = ClickEvent.getClassSchema().getFullName();
    private static final String PURCHASE = PurchaseEvent.getClassSchema().getFullName();

    private TopicHistory() {
    }

    /**
     * Reads the topics.
     *
     * @param since   how far back from {@code clock}'s now, by record timestamp
     * @param timeout for metadata and for reading everything
     */
    public static TrainingData read(KafkaSettings settings, List<String> topics, Duration since, Clock clock,
            Duration timeout) {
        AvroTrustedPackages.trustGeneratedClasses();
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topic to read");
        }
        Map<String, Object> props = settings.clientProperties(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                ConsumerConfig.CLIENT_ID_CONFIG, "model-trainer-history"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long from = clock.instant().minus(since).toEpochMilli();
        List<DatasetEvent> events = new ArrayList<>();
        long read = 0;
        long malformed = 0;
        StringJoiner ranges = new StringJoiner(", ");
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(settings.schemaRegistryUrl(), settings.clientConfig());
             SpecificAvroSerde<ClickEvent> clicks = AvroSerdes.specific(ClickEvent.class, registry);
             SpecificAvroSerde<PurchaseEvent> purchases = AvroSerdes.specific(PurchaseEvent.class, registry);
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
                if (partitions == null || partitions.isEmpty()) {
                    throw new KafkaException("topic " + topic + " does not exist");
                }
                partitions.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            }
            tps.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                    : a.topic().compareTo(b.topic()));
            Map<TopicPartition, Long> end = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            end.putAll(consumer.endOffsets(tps, timeout));
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
            consumer.assign(tps);
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp o = start.get(tp);
                long offset = o == null ? end.get(tp) : o.offset();
                consumer.seek(tp, offset);
                ranges.add(tp + " [" + offset + ", " + end.get(tp) + ")");
            }
            Instant deadline = Instant.now().plus(timeout);
            Map<String, String> kinds = new HashMap<>();
            while (!reachedEnd(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new KafkaException("could not read " + topics + " to their end offsets in " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    read++;
                    try {
                        String kind = r.value() == null ? "" : kinds.computeIfAbsent(
                                Integer.toString(WireFormat.schemaId(r.topic(), r.value())),
                                id -> registry.getById(Integer.parseInt(id)).getFullName());
                        if (kind.equals(CLICK)) {
                            events.add(new DatasetEvent.Click(clicks.deserializer().deserialize(r.topic(), r.value()), r.offset()));
                        } else if (kind.equals(PURCHASE)) {
                            events.add(new DatasetEvent.Purchase(purchases.deserializer().deserialize(r.topic(), r.value()),
                                    r.offset()));
                        } else {
                            malformed++;
                        }
                    } catch (RuntimeException e) {
                        malformed++;
                        log.debug("skipping undecodable record {} offset {}", tp, r.offset(), e);
                    }
                }
            }
        }
        events.sort(DatasetEvent.BY_EVENT_TIME);
        log.info("read {} records ({} not decodable) from {}", read, malformed, ranges);
        String name = "topics " + String.join(",", topics) + " since " + since;
        TrainingData.Source source = new TrainingData.Source(name, "topics", "offsets " + ranges, read, malformed, events);
        return new TrainingData(List.of(source));
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
