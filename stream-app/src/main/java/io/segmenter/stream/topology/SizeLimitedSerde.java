package io.segmenter.stream.topology;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An input serde that refuses values above a size before decoding them, so an oversized record
 * costs no Avro decoding and no state, and reaches the dead-letter topic with its own reason.
 */
final class SizeLimitedSerde {

    private SizeLimitedSerde() {
    }

    static <V> Serde<V> wrap(Serde<V> serde, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max.event.bytes must be positive: " + maxBytes);
        }
        Deserializer<V> inner = serde.deserializer();
        Deserializer<V> limited = (topic, data) -> {
            if (data != null && data.length > maxBytes) {
                throw new OversizedRecordException(topic, data.length, maxBytes);
            }
            return inner.deserialize(topic, data);
        };
        return Serdes.serdeFrom(serde.serializer(), limited);
    }
}
