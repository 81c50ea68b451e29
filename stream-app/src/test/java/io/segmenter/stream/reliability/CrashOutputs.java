package io.segmenter.stream.reliability;

import static org.awaitility.Awaitility.await;

import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.config.SegmenterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What one run committed: its segment changes per user (in topic order), the order ids of its
 * anomalies (every record, so duplicates show) and how many records it dead-lettered. Read with
 * {@code read_committed} from the beginning to the last stable offset, so an aborted or still-open
 * transaction contributes nothing.
 */
record CrashOutputs(Map<String, List<SegmentChange>> changesByUser, List<String> anomalyOrderIds, long tombstones,
                    long deadLetters) {

    /** The segment each user ended in: the last change on the compacted topic. */
    Map<String, String> finalSegments() {
        Map<String, String> last = new TreeMap<>();
        changesByUser.forEach((user, changes) -> last.put(user, changes.get(changes.size() - 1).getSegmentId()));
        return last;
    }

    /**
     * Users whose change records do not form a chain (each record's previous segment is the segment
     * of the record before it, the first has none, no record repeats its predecessor's segment): a
     * change emitted twice, or a change whose predecessor was lost, breaks it.
     */
    List<String> brokenChains() {
        List<String> broken = new ArrayList<>();
        changesByUser.forEach((user, changes) -> {
            String held = null;
            for (SegmentChange change : changes) {
                boolean linked = held == null ? change.getPreviousSegmentId() == null : held.equals(change.getPreviousSegmentId());
                if (!linked || change.getSegmentId().equals(held)) {
                    broken.add(user + " " + changes.stream().map(c -> c.getPreviousSegmentId() + "->" + c.getSegmentId()).toList());
                    return;
                }
                held = change.getSegmentId();
            }
        });
        return broken;
    }

    long changeCount() {
        return changesByUser.values().stream().mapToLong(List::size).sum();
    }

    /**
     * Reads the committed outputs of the run configured by {@code config}, all of them: first waits
     * until no transaction is open on them (see below).
     */
    static CrashOutputs read(SegmenterConfig config, SchemaRegistryClient registry) {
        return read(config, registry, true);
    }

    /**
     * The committed outputs a {@code read_committed} reader sees now: up to the first transaction
     * still open (a killed instance's stays open until the broker aborts it), so possibly fewer.
     */
    static CrashOutputs readStableSoFar(SegmenterConfig config, SchemaRegistryClient registry) {
        return read(config, registry, false);
    }

    private static CrashOutputs read(SegmenterConfig config, SchemaRegistryClient registry, boolean complete) {
        String changesTopic = config.get("topic.segment-changes");
        String anomaliesTopic = config.get("topic.fraud-anomalies");
        String deadLettersTopic = config.get("topic.dead-letters");
        Deserializer<SegmentChange> changes = AvroSerdes.specific(SegmentChange.class, registry).deserializer();
        Deserializer<FraudAnomaly> anomalies = AvroSerdes.specific(FraudAnomaly.class, registry).deserializer();
        Map<String, List<SegmentChange>> byUser = new LinkedHashMap<>();
        List<String> orderIds = new ArrayList<>();
        long tombstones = 0;
        long deadLetters = 0;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(changesTopic, anomaliesTopic, deadLettersTopic)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed the end offsets are the last stable offsets, and a transaction a
            // killed instance left open holds them back, hiding everything committed after it, until
            // the broker aborts it (transaction.timeout.ms, then the broker's periodic check): wait
            // until no transaction is open, i.e. the stable offsets reach the high watermarks.
            Map<TopicPartition, Long> ends = complete ? awaitNoOpenTransaction(consumer, props, partitions)
                    : consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("outputs of " + config.get("application.id") + " not read to " + ends + " in 30 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(deadLettersTopic)) {
                        deadLetters++;
                    } else if (record.value() == null) {
                        tombstones++;
                    } else if (record.topic().equals(changesTopic)) {
                        byUser.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                .add(changes.deserialize(record.topic(), record.headers(), record.value()));
                    } else {
                        orderIds.add(anomalies.deserialize(record.topic(), record.headers(), record.value()).getOrderId());
                    }
                }
            }
        }
        return new CrashOutputs(byUser, orderIds, tombstones, deadLetters);
    }

    private static Map<TopicPartition, Long> awaitNoOpenTransaction(KafkaConsumer<String, byte[]> committed, Properties props,
                                                                    List<TopicPartition> partitions) {
        Properties uncommittedProps = new Properties();
        uncommittedProps.putAll(props);
        uncommittedProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> uncommitted = new KafkaConsumer<>(uncommittedProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            AtomicReference<Map<TopicPartition, Long>> stable = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                stable.set(committed.endOffsets(partitions));
                return stable.get().equals(uncommitted.endOffsets(partitions));
            });
            return stable.get();
        }
    }
}
