package io.segmenter.stream.replay;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces dataset events, in the order given (event-time order), to the click and purchase
 * topics: key = user id, value = Avro in the Confluent wire format. The record timestamp is left
 * to the producer (now): the topology takes event time from the value, and brokers refuse
 * records stamped far from their clock (a replay of 2017 data, or a bad future timestamp that
 * must reach the dead-letter topic rather than fail its whole batch).
 * As fast as possible, or with event-time gaps replayed at {@code speed} times real time.
 * Logs progress every 10%; fails on the first send error (nothing is skipped silently).
 */
public final class EventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final String clicksTopic;
    private final String purchasesTopic;
    private final Serde<ClickEvent> clickSerde;
    private final Serde<PurchaseEvent> purchaseSerde;
    private final Properties producerProps;

    public EventPublisher(String bootstrapServers, Map<String, String> clientOverrides, String clicksTopic, String purchasesTopic,
                          Serde<ClickEvent> clickSerde, Serde<PurchaseEvent> purchaseSerde) {
        this.clicksTopic = clicksTopic;
        this.purchasesTopic = purchasesTopic;
        this.clickSerde = clickSerde;
        this.purchaseSerde = purchaseSerde;
        this.producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerProps.putAll(clientOverrides);
    }

    /** What was sent: every event, or an exception. */
    public record Published(long clicks, long purchases) {
        public long total() {
            return clicks + purchases;
        }
    }

    /**
     * @param speed 0 for as fast as possible; otherwise event-time gaps are slept, divided by speed
     */
    public Published publish(List<DatasetEvent> events, double speed) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long clicks = 0;
        long purchases = 0;
        long start = System.nanoTime();
        long firstEventMillis = events.isEmpty() ? 0 : events.get(0).eventTime().toEpochMilli();
        int step = Math.max(1, events.size() / 10);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.size(); i++) {
                if (failure.get() != null) {
                    break;
                }
                DatasetEvent event = events.get(i);
                if (speed > 0) {
                    pace(start, event.eventTime().toEpochMilli() - firstEventMillis, speed);
                }
                ProducerRecord<String, byte[]> record;
                if (event instanceof DatasetEvent.Click c) {
                    record = new ProducerRecord<>(clicksTopic, c.userId(),
                            clickSerde.serializer().serialize(clicksTopic, c.event()));
                    clicks++;
                } else {
                    DatasetEvent.Purchase p = (DatasetEvent.Purchase) event;
                    record = new ProducerRecord<>(purchasesTopic, p.userId(),
                            purchaseSerde.serializer().serialize(purchasesTopic, p.event()));
                    purchases++;
                }
                producer.send(record, (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    } else {
                        acknowledged.incrementAndGet();
                    }
                });
                if ((i + 1) % step == 0 && events.size() >= 10_000) {
                    LOG.info("replay: {} of {} events sent ({}%)", i + 1, events.size(), (i + 1) * 100L / events.size());
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new KafkaException("replay stopped: a send failed after " + acknowledged.get() + " acknowledged events: "
                    + failure.get().getMessage(), failure.get());
        }
        LOG.info("replay: {} events sent ({} clicks, {} purchases) in {} ms", clicks + purchases, clicks, purchases,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return new Published(clicks, purchases);
    }

    private static void pace(long startNanos, long eventOffsetMillis, double speed) {
        long dueNanos = startNanos + (long) (eventOffsetMillis * 1_000_000L / speed);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
        }
    }
}
