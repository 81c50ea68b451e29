package io.segmenter.stream.app;

import io.segmenter.stream.topology.DeadLetters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead-letter topic from start to end (committed records only) and counts records by
 * reason, keeping a few examples. An independent count: it does not trust the application's own
 * metrics.
 */
public record DeadLetterTally(long total, Map<String, Long> byReason, List<Example> examples) {

    /** One dead letter as an operator would read it. */
    public record Example(String reason, String detail, String sourceTopic, String partition, String offset) {
    }

    public static DeadLetterTally read(String bootstrapServers, String topic, int maxExamples, Map<String, String> clientOverrides) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(clientOverrides);
        Map<String, Long> byReason = new TreeMap<>();
        List<Example> examples = new java.util.ArrayList<>();
        long total = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!caughtUp(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes; "
                            + total + " dead letters read so far");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    total++;
                    String reason = String.valueOf(DeadLetters.header(record.headers(), DeadLetters.REASON));
                    byReason.merge(reason, 1L, Long::sum);
                    if (examples.size() < maxExamples && examples.stream().noneMatch(e -> e.reason().equals(reason))) {
                        examples.add(new Example(reason, DeadLetters.header(record.headers(), DeadLetters.DETAIL),
                                DeadLetters.header(record.headers(), DeadLetters.SOURCE_TOPIC),
                                DeadLetters.header(record.headers(), DeadLetters.SOURCE_PARTITION),
                                DeadLetters.header(record.headers(), DeadLetters.SOURCE_OFFSET)));
                    }
                }
            }
        }
        return new DeadLetterTally(total, byReason, examples);
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
