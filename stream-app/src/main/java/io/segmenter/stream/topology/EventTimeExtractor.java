package io.segmenter.stream.topology;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the event, not from the producer's record timestamp: a producer that
 * forgets to set the timestamp (or a replay) must not move events between windows.
 *
 * <p>An event stamped further ahead of the wall clock than the allowed skew is invalid and will
 * be dead-lettered; it must not drag stream time into the future on its way there (stream-time
 * punctuations and changelog writes would then carry that time, and the broker refuses records
 * stamped far ahead of its clock). Such records, and records of other types, keep the partition
 * time (or their record timestamp before the partition has one).
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final long maxSkewMillis;
    private final Clock clock;

    public EventTimeExtractor(Duration maxClockSkew, Clock clock) {
        this.maxSkewMillis = maxClockSkew.toMillis();
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long eventTime = eventTime(record.value());
        if (eventTime >= 0 && eventTime <= clock.millis() + maxSkewMillis) {
            return eventTime;
        }
        return partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
    }

    private static long eventTime(Object value) {
        if (value instanceof ClickEvent click && click.getEventTime() != null) {
            return click.getEventTime().toEpochMilli();
        }
        if (value instanceof PurchaseEvent purchase && purchase.getEventTime() != null) {
            return purchase.getEventTime().toEpochMilli();
        }
        return -1;
    }
}
