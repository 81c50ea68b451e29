package io.segmenter.stream.topology;

import org.apache.kafka.common.errors.SerializationException;

/** An input value larger than {@code max.event.bytes}: dead-lettered as {@code oversized}, never decoded. */
public final class OversizedRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    OversizedRecordException(String topic, int size, int limit) {
        super("value of " + size + " bytes on " + topic + " is larger than max.event.bytes " + limit);
    }
}
