package io.segmenter.stream.topology;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the event, not from the producer's record timestamp: a producer that
 * forgets to set the timestamp (or a replay) must not move events between windows.
 * Records of other types keep their record timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof ClickEvent click && click.getEventTime() != null) {
            return click.getEventTime().toEpochMilli();
        }
        if (value instanceof PurchaseEvent purchase && purchase.getEventTime() != null) {
            return purchase.getEventTime().toEpochMilli();
        }
        return record.timestamp();
    }
}
