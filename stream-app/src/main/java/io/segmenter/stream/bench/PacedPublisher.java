package io.segmenter.stream.bench;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events at a fixed rate (event {@code i} is sent {@code i / rate} seconds after the
 * first, whatever the consumer does: an open-loop load) and records, per event, the timestamp the
 * broker returned for it. On topics with {@code LogAppendTime} that is the broker's append time.
 * Producer settings as {@link io.segmenter.stream.replay.EventPublisher}'s.
 */
final class PacedPublisher {

    /** What was sent: per event the broker's timestamp, and how far behind schedule the sender fell. */
    record Sent(long[] appendMillis, long maxBehindScheduleMillis, long elapsedNanos) {
    }

    private final Properties producerProps = new Properties();
    private final String clicksTopic;
    private final String purchasesTopic;
    private final Serde<ClickEvent> clickSerde;
    private final Serde<PurchaseEvent> purchaseSerde;

    PacedPublisher(String bootstrapServers, String clicksTopic, String purchasesTopic, Serde<ClickEvent> clickSerde,
                   Serde<PurchaseEvent> purchaseSerde) {
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.clicksTopic = clicksTopic;
        this.purchasesTopic = purchasesTopic;
        this.clickSerde = clickSerde;
        this.purchaseSerde = purchaseSerde;
    }

    Sent publish(List<DatasetEvent> events, double eventsPerSecond) {
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + eventsPerSecond);
        }
        AtomicLongArray append = new AtomicLongArray(events.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        double nanosPerEvent = 1e9 / eventsPerSecond;
        long behind = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.size() && failure.get() == null; i++) {
                long due = start + (long) (i * nanosPerEvent);
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                } else {
                    behind = Math.max(behind, now - due);
                }
                DatasetEvent event = events.get(i);
                ProducerRecord<String, byte[]> record = event instanceof DatasetEvent.Click c
                        ? new ProducerRecord<>(clicksTopic, c.userId(), clickSerde.serializer().serialize(clicksTopic, c.event()))
                        : new ProducerRecord<>(purchasesTopic, event.userId(),
                                purchaseSerde.serializer().serialize(purchasesTopic, ((DatasetEvent.Purchase) event).event()));
                int index = i;
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else {
                        append.set(index, metadata.timestamp());
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new KafkaException("paced publishing failed: " + failure.get().getMessage(), failure.get());
        }
        long[] out = new long[events.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = append.get(i);
        }
        return new Sent(out, behind / 1_000_000, System.nanoTime() - start);
    }
}
