package io.segmenter.stream.app;

import io.segmenter.stream.topology.SegmentationTopology;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How much is waiting to be scored on this instance: the entries of the scoring-pending stores
 * (users whose features changed, purchases waiting for their fraud score), counted exactly over
 * the instance's active tasks. Zero once every mark has been scored; the outputs of that batch
 * are committed with the task's next commit. A scoring batch removes its marks before it sends
 * its outputs, so "zero" is final only after the punctuation that read it has completed
 * ({@link #punctuationRounds}).
 */
public final class ScoringProgress {

    private ScoringProgress() {
    }

    /** Users marked for scoring and not scored yet. */
    public static long pendingUsers(KafkaStreams streams) {
        return count(streams, SegmentationTopology.USER_SCORING_PENDING_STORE);
    }

    /** Purchases waiting for their fraud score. */
    public static long pendingPurchases(KafkaStreams streams) {
        return count(streams, SegmentationTopology.PURCHASE_SCORING_PENDING_STORE);
    }

    /**
     * Punctuation rounds each stream thread has completed (Kafka Streams' {@code punctuate-total}
     * by thread). A batch that is half done when a pending store is read as empty is finished, its
     * outputs sent and counted, once every thread has completed another round.
     */
    public static Map<String, Double> punctuationRounds(KafkaStreams streams) {
        Map<String, Double> rounds = new TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if ("punctuate-total".equals(name.name()) && "stream-thread-metrics".equals(name.group())
                    && metric.metricValue() instanceof Double value) {
                rounds.put(name.tags().getOrDefault("thread-id", ""), value);
            }
        });
        return rounds;
    }

    /** Whether every thread in {@code before} has completed more rounds in {@code after}. */
    public static boolean everyThreadAdvanced(Map<String, Double> before, Map<String, Double> after) {
        return !before.isEmpty() && before.entrySet().stream()
                .allMatch(e -> after.getOrDefault(e.getKey(), Double.NEGATIVE_INFINITY) > e.getValue());
    }

    /** Exact number of entries of a local key-value store of {@code streams}. */
    public static long count(KafkaStreams streams, String store) {
        ReadOnlyKeyValueStore<Object, Object> view = streams.store(
                StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
        long n = 0;
        try (KeyValueIterator<Object, Object> all = view.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
