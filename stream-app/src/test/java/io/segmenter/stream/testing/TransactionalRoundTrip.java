package io.segmenter.stream.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes records in Kafka transactions and reads them back with {@code read_committed}: the
 * check that a broker is exactly-once capable (transaction coordinator, transaction-state topic,
 * markers, last stable offset).
 */
public final class TransactionalRoundTrip {
    private static final int TRANSACTION_SIZE = 100;
    private static final int ABORTED_RECORDS = 10;

    private TransactionalRoundTrip() {
    }

    /**
     * Sends {@code count} records {@code value-0..value-<count-1>}, record {@code i} to partition
     * {@code i % partitions}, in committed transactions of 100 with one aborted transaction of ten
     * {@code aborted-*} records half-way.
     *
     * @return the committed values per partition, in the order sent
     */
    public static Map<Integer, List<String>> produceCommittedAndAborted(String bootstrapServers, String topic,
                                                                       int partitions, int count) {
        Map<Integer, List<String>> committed = new TreeMap<>();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "round-trip-" + topic,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            boolean abortedSent = false;
            for (int first = 0; first < count; first += TRANSACTION_SIZE) {
                producer.beginTransaction();
                for (int i = first; i < Math.min(count, first + TRANSACTION_SIZE); i++) {
                    int partition = i % partitions;
                    String value = "value-" + i;
                    producer.send(new ProducerRecord<>(topic, partition, "key-" + i, value));
                    committed.computeIfAbsent(partition, p -> new ArrayList<>()).add(value);
                }
                producer.commitTransaction();
                if (!abortedSent && first + TRANSACTION_SIZE >= count / 2) {
                    sendAborted(producer, topic, partitions);
                    abortedSent = true;
                }
            }
        }
        return committed;
    }

    /**
     * Reads the whole topic with {@code read_committed}, up to its last stable offset.
     *
     * @return the values per partition, in offset order
     */
    public static Map<Integer, List<String>> readCommitted(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<Integer, List<String>> values = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> lastStable = consumer.endOffsets(partitions, timeout);
            await("read_committed reaching the last stable offsets " + lastStable)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            values.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value());
                        }
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= lastStable.get(tp));
                    });
        }
        return values;
    }

    private static void sendAborted(KafkaProducer<String, String> producer, String topic, int partitions) {
        producer.beginTransaction();
        for (int i = 0; i < ABORTED_RECORDS; i++) {
            producer.send(new ProducerRecord<>(topic, i % partitions, "aborted-" + i, "aborted-" + i));
        }
        producer.flush();
        producer.abortTransaction();
    }
}
