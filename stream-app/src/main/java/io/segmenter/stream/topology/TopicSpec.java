package io.segmenter.stream.topology;

import org.apache.kafka.common.serialization.Serde;

/** A topic name with the serdes of its key and value. */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
