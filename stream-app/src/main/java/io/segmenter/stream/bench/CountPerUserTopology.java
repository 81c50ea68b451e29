package io.segmenter.stream.bench;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.stream.topology.EventTimeExtractor;
import io.segmenter.stream.topology.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The benchmark's baseline: the least a Kafka Streams application can do with the pipeline's
 * input. It reads the same topics with the same Avro serdes and event-time extractor and counts
 * events per user into a changelogged store; nothing else. A pure function of its arguments.
 *
 * <p>Input topics: clicks (String user id, {@link ClickEvent}) and purchases (String user id,
 * {@link PurchaseEvent}). No output topic. Store: {@value #COUNT_STORE} (user id to event count).
 * No repartition: both inputs are keyed by user already.
 */
final class CountPerUserTopology {

    static final String COUNT_STORE = "user-event-count-all-store";

    private CountPerUserTopology() {
    }

    static Topology build(TopicSpec<String, ClickEvent> clicks, TopicSpec<String, PurchaseEvent> purchases,
                          Duration maxClockSkew, Clock clock, Properties props) {
        StreamsBuilder builder = new StreamsBuilder();
        EventTimeExtractor eventTime = new EventTimeExtractor(maxClockSkew, clock);
        KStream<String, Long> clickOnes = builder
                .stream(clicks.name(), Consumed.with(clicks.keySerde(), clicks.valueSerde())
                        .withTimestampExtractor(eventTime).withName("read-clicks"))
                .mapValues(click -> 1L, Named.as("one-per-click"));
        KStream<String, Long> purchaseOnes = builder
                .stream(purchases.name(), Consumed.with(purchases.keySerde(), purchases.valueSerde())
                        .withTimestampExtractor(eventTime).withName("read-purchases"))
                .mapValues(purchase -> 1L, Named.as("one-per-purchase"));
        clickOnes.merge(purchaseOnes, Named.as("merge-user-events"))
                .groupByKey(Grouped.with("group-events-by-user", Serdes.String(), Serdes.Long()))
                .count(Named.as("count-user-events"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(COUNT_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        return builder.build(props);
    }
}
