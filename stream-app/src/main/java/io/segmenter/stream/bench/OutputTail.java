package io.segmenter.stream.bench;

import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.topology.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the pipeline's two outputs as a downstream reader would ({@code read_committed}), from
 * given offsets, and keeps what the benchmark checks and times: per record its key, the fields
 * that name the input behind it, the broker's append time (the topics are created with
 * {@code LogAppendTime}) and the wall-clock time this reader received it. One thread polls;
 * others may read the counts and, after it stopped, the records.
 */
final class OutputTail implements AutoCloseable {

    /** A segment change as received. */
    record Change(String key, String userId, long triggeringEventTimeMillis, long appendMillis, long receivedMillis) {
    }

    /** A fraud anomaly as received. */
    record Anomaly(String key, String userId, String eventId, String orderId, long eventTimeMillis, long appendMillis,
                   long receivedMillis) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicSpec<String, SegmentChange> changesTopic;
    private final TopicSpec<String, FraudAnomaly> anomaliesTopic;
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Anomaly> anomalies = new ConcurrentLinkedQueue<>();
    private final Set<String> changedUsers = ConcurrentHashMap.newKeySet();
    private final Set<String> forgottenUsers = ConcurrentHashMap.newKeySet();
    private final AtomicLong notAppendTime = new AtomicLong();

    private OutputTail(String bootstrapServers, TopicSpec<String, SegmentChange> changesTopic,
                       TopicSpec<String, FraudAnomaly> anomaliesTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a fetch with nothing to return waits at most this long: bounds what polling adds to receive times
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.changesTopic = changesTopic;
        this.anomaliesTopic = anomaliesTopic;
    }

    /** A reader of both topics from their current ends: it sees only what is written from now on. */
    static OutputTail fromEnd(String bootstrapServers, TopicSpec<String, SegmentChange> changes,
                              TopicSpec<String, FraudAnomaly> anomalies) {
        OutputTail tail = new OutputTail(bootstrapServers, changes, anomalies);
        List<TopicPartition> partitions = tail.partitions();
        tail.consumer.assign(partitions);
        tail.consumer.seekToEnd(partitions);
        partitions.forEach(tail.consumer::position); // resolve the end now, not at the first poll
        return tail;
    }

    /** A reader of both topics from their beginnings. */
    static OutputTail fromBeginning(String bootstrapServers, TopicSpec<String, SegmentChange> changes,
                                    TopicSpec<String, FraudAnomaly> anomalies) {
        OutputTail tail = new OutputTail(bootstrapServers, changes, anomalies);
        List<TopicPartition> partitions = tail.partitions();
        tail.consumer.assign(partitions);
        tail.consumer.seekToBeginning(partitions);
        return tail;
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : List.of(changesTopic.name(), anomaliesTopic.name())) {
            consumer.partitionsFor(topic).forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        }
        return out;
    }

    /** One poll; records what arrived. Call from one thread only. */
    void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            long received = System.currentTimeMillis();
            if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                notAppendTime.incrementAndGet();
            }
            if (record.topic().equals(changesTopic.name())) {
                if (record.value() == null) {
                    forgottenUsers.add(record.key()); // a tombstone: the user was forgotten
                    continue;
                }
                SegmentChange change = changesTopic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
                changes.add(new Change(record.key(), change.getUserId(), change.getTriggeringEventTime().toEpochMilli(),
                        record.timestamp(), received));
                changedUsers.add(record.key());
            } else {
                FraudAnomaly anomaly = anomaliesTopic.valueSerde().deserializer().deserialize(record.topic(), record.headers(), record.value());
                anomalies.add(new Anomaly(record.key(), anomaly.getUserId(), anomaly.getEventId(), anomaly.getOrderId(),
                        anomaly.getEventTime().toEpochMilli(), record.timestamp(), received));
            }
        }
    }

    /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
    boolean pollUntil(java.util.function.BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(Duration.ofMillis(100));
        }
        return true;
    }

    /** Distinct users with at least one segment change so far. */
    int usersWithSegment() {
        return changedUsers.size();
    }

    /** Distinct users with a segment change among those accepted by {@code filter}. */
    long usersWithSegment(java.util.function.Predicate<String> filter) {
        return changedUsers.stream().filter(filter).count();
    }

    /** Users with a tombstone (forgotten after eviction). */
    Set<String> forgottenUsers() {
        return Set.copyOf(forgottenUsers);
    }

    Set<String> changedUsers() {
        return Set.copyOf(changedUsers);
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    List<Anomaly> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Records whose timestamp was not the broker's append time (the latency then means nothing). */
    long notAppendTime() {
        return notAppendTime.get();
    }

    /** How many anomalies each order id got (more than one is a broken deduplication). */
    Map<String, Integer> anomaliesPerOrder() {
        Map<String, Integer> out = new HashMap<>();
        anomalies.forEach(a -> out.merge(a.orderId(), 1, Integer::sum));
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
