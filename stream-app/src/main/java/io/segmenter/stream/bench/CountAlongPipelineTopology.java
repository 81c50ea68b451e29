package io.segmenter.stream.bench;

import io.segmenter.features.NetworkActivityState;
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
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The benchmark's second baseline: the pipeline's data flow with nothing but a counter at each
 * stage. It reads what the pipeline reads (clicks, purchases and the always-empty deletions topic,
 * with the same serdes and event-time extractor), sends every purchase through three repartition
 * topics as the pipeline does (by device, by IP, back to the user), counts purchases per device and
 * per IP on the way, and counts per user everything that reaches the user: clicks, purchases, the
 * purchases coming back and deletions. No validation, deduplication, features or scoring. What this
 * topology reaches is the most any implementation of the pipeline's data flow can reach on Kafka
 * Streams on this machine; the pipeline's throughput over this one is what the pipeline's own code
 * costs. A pure function of its arguments.
 *
 * <p>Built without the way back ({@code backToUser} false), purchases end at the IP count: the
 * least data flow any design with per-device and per-IP state needs, so the most such a design can
 * reach.
 *
 * <p>Input topics: clicks (String user id, {@link ClickEvent}), purchases (String user id,
 * {@link PurchaseEvent}), deletions (String user id, String). No output topic. Repartition topics:
 * {@code count-purchases-by-device}, {@code count-purchases-by-ip}, {@code count-purchases-by-user}
 * (the last only with the way back; String key, {@link PurchaseEvent}). Stores: {@value #DEVICE_COUNT_STORE},
 * {@value #IP_COUNT_STORE}, {@value #USER_COUNT_STORE} (key to count).
 */
final class CountAlongPipelineTopology {

    static final String USER_COUNT_STORE = "user-input-count-all-store";
    static final String DEVICE_COUNT_STORE = "device-purchase-count-all-store";
    static final String IP_COUNT_STORE = "ip-purchase-count-all-store";

    private CountAlongPipelineTopology() {
    }

    /**
     * @param backToUser whether purchases go back to the user after the IP count, as in the pipeline
     *                   (three repartition topics); without, they end at the IP count (two): the least
     *                   any design with per-device and per-IP state needs
     */
    static Topology build(TopicSpec<String, ClickEvent> clicks, TopicSpec<String, PurchaseEvent> purchases,
                          TopicSpec<String, String> deletions, boolean backToUser, Duration maxClockSkew, Clock clock,
                          Properties props) {
        StreamsBuilder builder = new StreamsBuilder();
        EventTimeExtractor eventTime = new EventTimeExtractor(maxClockSkew, clock);
        KStream<String, ClickEvent> clickStream = builder.stream(clicks.name(),
                Consumed.with(clicks.keySerde(), clicks.valueSerde()).withTimestampExtractor(eventTime).withName("read-clicks"));
        KStream<String, PurchaseEvent> purchaseStream = builder.stream(purchases.name(),
                Consumed.with(purchases.keySerde(), purchases.valueSerde()).withTimestampExtractor(eventTime)
                        .withName("read-purchases"));
        KStream<String, String> deletionStream = builder.stream(deletions.name(),
                Consumed.with(deletions.keySerde(), deletions.valueSerde())
                        .withTimestampExtractor((record, partitionTime) -> 0L).withName("read-user-deletions"));

        KStream<String, PurchaseEvent> byDevice = purchaseStream
                .selectKey((user, p) -> NetworkActivityState.deviceKey(p).orElse(user), Named.as("key-purchases-by-device"))
                .repartition(Repartitioned.with(Serdes.String(), purchases.valueSerde()).withName("count-purchases-by-device"));
        countPerKey(byDevice, purchases, "device", DEVICE_COUNT_STORE);
        KStream<String, PurchaseEvent> byIp = byDevice
                .selectKey((device, p) -> NetworkActivityState.ipKey(p).orElse(p.getUserId()), Named.as("key-purchases-by-ip"))
                .repartition(Repartitioned.with(Serdes.String(), purchases.valueSerde()).withName("count-purchases-by-ip"));
        countPerKey(byIp, purchases, "ip", IP_COUNT_STORE);
        KStream<String, Long> userInputs = clickStream.mapValues(click -> 1L, Named.as("one-per-click"))
                .merge(purchaseStream.mapValues(purchase -> 1L, Named.as("one-per-purchase")), Named.as("merge-user-events"));
        if (backToUser) {
            KStream<String, PurchaseEvent> returning = byIp
                    .selectKey((ip, p) -> p.getUserId(), Named.as("key-purchases-by-user"))
                    .repartition(Repartitioned.with(Serdes.String(), purchases.valueSerde()).withName("count-purchases-by-user"));
            userInputs = userInputs.merge(returning.mapValues(purchase -> 1L, Named.as("one-per-returning-purchase")),
                    Named.as("merge-returning-purchases"));
        }
        userInputs.merge(deletionStream.mapValues(reason -> 1L, Named.as("one-per-deletion")), Named.as("merge-user-deletions"))
                .groupByKey(Grouped.with("group-inputs-by-user", Serdes.String(), Serdes.Long()))
                .count(Named.as("count-user-inputs"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(USER_COUNT_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        return builder.build(props);
    }

    private static void countPerKey(KStream<String, PurchaseEvent> stream, TopicSpec<String, PurchaseEvent> purchases,
                                    String what, String storeName) {
        stream.groupByKey(Grouped.with("group-purchases-by-" + what, Serdes.String(), purchases.valueSerde()))
                .count(Named.as("count-purchases-per-" + what), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(storeName)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    }
}
