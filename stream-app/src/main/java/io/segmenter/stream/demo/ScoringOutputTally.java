package io.segmenter.stream.demo;

import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.Reason;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts what scoring wrote, from the output topics themselves (committed records only), not
 * from the application's metrics: segment changes (and tombstones of forgotten users), the
 * distinct users that got a segment, anomalies, the model versions the outputs name, and a few
 * examples in words. {@link #readAvailable} reads on from where it stopped, so it can be called
 * until the counts settle. Not thread-safe.
 */
final class ScoringOutputTally implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String segmentTopic;
    private final String anomalyTopic;
    private final Deserializer<SegmentChange> changes;
    private final Deserializer<FraudAnomaly> anomalies;
    private final int maxExamples;

    private long segmentChangeRecords;
    private long segmentTombstones;
    private final Set<String> usersWithSegment = new HashSet<>();
    private long anomalyRecords;
    private final Set<String> versions = new TreeSet<>();
    private final List<String> firstAssignmentExamples = new ArrayList<>();
    private final List<String> moveExamples = new ArrayList<>();
    private final List<String> anomalyExamples = new ArrayList<>();

    ScoringOutputTally(String bootstrapServers, String segmentTopic, String anomalyTopic, SchemaRegistryClient registry,
                       int maxExamples) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.segmentTopic = segmentTopic;
        this.anomalyTopic = anomalyTopic;
        this.changes = AvroSerdes.specific(SegmentChange.class, registry).deserializer();
        this.anomalies = AvroSerdes.specific(FraudAnomaly.class, registry).deserializer();
        this.maxExamples = maxExamples;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(segmentTopic, anomalyTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads every committed record up to the current end of both topics. */
    void readAvailable() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + segmentTopic + " and " + anomalyTopic + " to their end within a minute");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(segmentTopic)) {
                    segmentChange(record);
                } else {
                    anomaly(record);
                }
            }
        }
    }

    private void segmentChange(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            segmentTombstones++;
            return;
        }
        SegmentChange change = changes.deserialize(record.topic(), record.headers(), record.value());
        segmentChangeRecords++;
        usersWithSegment.add(change.getUserId());
        versions.add(change.getModelVersion());
        List<String> examples = change.getPreviousSegmentId() == null ? firstAssignmentExamples : moveExamples;
        if (examples.size() < maxExamples) {
            examples.add(describe(change));
        }
    }

    private void anomaly(ConsumerRecord<String, byte[]> record) {
        FraudAnomaly anomaly = anomalies.deserialize(record.topic(), record.headers(), record.value());
        anomalyRecords++;
        versions.add(anomaly.getModelVersion());
        if (anomalyExamples.size() < maxExamples) {
            anomalyExamples.add(describe(anomaly));
        }
    }

    static String describe(SegmentChange c) {
        String from = c.getPreviousSegmentName() == null ? "(none)" : c.getPreviousSegmentName();
        return String.format(Locale.ROOT, "user %s: %s -> %s (p=%.2f, model %s) because %s", c.getUserId(), from,
                c.getSegmentName(), c.getConfidence(), c.getModelVersion(),
                c.getReasons().isEmpty() ? "(no reasons)" : c.getReasons().stream().map(Reason::getText).collect(Collectors.joining("; ")));
    }

    static String describe(FraudAnomaly a) {
        return String.format(Locale.ROOT, "order %s of user %s: %.2f%s, score %.3f >= %.3f (model %s), device %s, ip %s, because %s",
                a.getOrderId(), a.getUserId(), a.getAmountMinor() / 100.0, a.getCurrency() == null ? "" : " " + a.getCurrency(),
                a.getScore(), a.getThreshold(), a.getModelVersion(), orDash(a.getDeviceId()), orDash(a.getIp()),
                a.getContributions().isEmpty() ? "(no contributions)"
                        : a.getContributions().stream().map(FeatureContribution::getText).collect(Collectors.joining("; ")));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** Segment-change records with a value (first assignments and moves). */
    long segmentChanges() {
        return segmentChangeRecords;
    }

    /** Tombstones: users forgotten (evicted) whose segment was deleted. */
    long segmentTombstones() {
        return segmentTombstones;
    }

    /** Distinct users that got a segment at least once. */
    long usersWithSegment() {
        return usersWithSegment.size();
    }

    long anomalies() {
        return anomalyRecords;
    }

    /** Model versions named by the outputs read. */
    Set<String> modelVersions() {
        return Set.copyOf(versions);
    }

    /** A few segment changes in words: moves between segments first, then first assignments. */
    List<String> changeExamples() {
        List<String> examples = new ArrayList<>(moveExamples.subList(0, Math.min(moveExamples.size(), (maxExamples + 1) / 2)));
        firstAssignmentExamples.stream().limit(maxExamples - examples.size()).forEach(examples::add);
        return List.copyOf(examples);
    }

    List<String> anomalyExamples() {
        return List.copyOf(anomalyExamples);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
