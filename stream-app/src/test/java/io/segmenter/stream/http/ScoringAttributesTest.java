package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.UserFeatureState;
import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.CurrentSegmentCodec;
import io.segmenter.stream.scoring.FraudAnomalyCodec;
import io.segmenter.stream.topology.SegmentationTopology;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;

/** The {@code segment} and {@code lastAnomaly} fields of the user document, read from map-backed stores. */
class ScoringAttributesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2024-03-04T10:15:30Z");
    private static final UserSnapshot USER = new UserSnapshot("u1", FeatureExtractor.segmentVector(new UserFeatureState(), AT));

    private final Map<String, Map<String, byte[]>> stores = new HashMap<>();

    @Test
    void segmentIsTheStoredCurrentSegment() {
        put(SegmentationTopology.USER_SEGMENT_STORE, "u1",
                CurrentSegmentCodec.encode(new CurrentSegment("window-shoppers", "window shoppers", 0.82, AT, "v7")));

        SegmentAttribute attribute = new SegmentAttribute();

        assertThat(attribute.name()).isEqualTo("segment");
        assertThat(attribute.read(USER, this::store)).contains(new SegmentAttribute.Segment("window-shoppers", "window shoppers",
                0.82, "2024-03-04T10:15:30Z", "v7"));
        assertThat((JsonNode) JSON.valueToTree(attribute.read(USER, this::store).orElseThrow())).isEqualTo(JSON.createObjectNode()
                .put("id", "window-shoppers").put("name", "window shoppers").put("confidence", 0.82)
                .put("since", "2024-03-04T10:15:30Z").put("modelVersion", "v7"));
    }

    @Test
    void segmentIsLeftOutForAUserWithoutOne() {
        put(SegmentationTopology.USER_SEGMENT_STORE, "u2",
                CurrentSegmentCodec.encode(new CurrentSegment("dormant", "dormant", 0.9, AT, "v7")));

        assertThat(new SegmentAttribute().read(USER, this::store)).isEmpty();
    }

    @Test
    void lastAnomalyIsTheStoredAnomalyWithTimesAsInstants() {
        FraudAnomaly anomaly = FraudAnomaly.newBuilder()
                .setUserId("u1").setOrderId("o1").setEventId("e1").setAmountMinor(14_000).setCurrency("EUR")
                .setDeviceId("d1").setIp("10.0.0.1").setScore(1.0).setThreshold(0.99).setSupervisedProbability(null)
                .setContributions(List.of(new FeatureContribution("account_age_hours", 0.01, 0.5, "account age: 1 min (typical: 2,000 h)")))
                .setModelVersion("v7").setEventTime(AT).setEmittedTime(AT.plusMillis(1_500))
                .build();
        put(SegmentationTopology.USER_ANOMALY_STORE, "u1", FraudAnomalyCodec.encode(anomaly));

        LastAnomalyAttribute attribute = new LastAnomalyAttribute();

        assertThat(attribute.name()).isEqualTo("lastAnomaly");
        LastAnomalyAttribute.LastAnomaly expected = new LastAnomalyAttribute.LastAnomaly("o1", "e1", 14_000, "EUR", "d1",
                "10.0.0.1", 1.0, 0.99, null,
                List.of(new LastAnomalyAttribute.Contribution("account_age_hours", 0.01, 0.5, "account age: 1 min (typical: 2,000 h)")),
                "v7", "2024-03-04T10:15:30Z", "2024-03-04T10:15:31.500Z");
        assertThat(attribute.read(USER, this::store)).contains(expected);
        JsonNode json = JSON.valueToTree(expected);
        assertThat(json.get("supervisedProbability").isNull()).isTrue();
        assertThat(json.get("contributions").get(0).get("text").asText())
                .isEqualTo("account age: 1 min (typical: 2,000 h)");
    }

    @Test
    void lastAnomalyIsLeftOutForAUserWithoutOne() {
        stores.put(SegmentationTopology.USER_ANOMALY_STORE, new HashMap<>());

        assertThat(new LastAnomalyAttribute().read(USER, this::store)).isEmpty();
    }

    @Test
    void anUnavailableStoreIsNotHidden() {
        UserAttribute.LocalStores unavailable = new UserAttribute.LocalStores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName) {
                throw new InvalidStateStoreException("rebalancing");
            }
        };

        assertThatThrownBy(() -> new SegmentAttribute().read(USER, unavailable)).isInstanceOf(InvalidStateStoreException.class);
        assertThatThrownBy(() -> new LastAnomalyAttribute().read(USER, unavailable)).isInstanceOf(InvalidStateStoreException.class);
    }

    private void put(String storeName, String key, byte[] value) {
        stores.computeIfAbsent(storeName, s -> new HashMap<>()).put(key, value);
    }

    @SuppressWarnings("unchecked")
    private <V> ReadOnlyKeyValueStore<String, V> store(String storeName) {
        Map<String, byte[]> contents = stores.getOrDefault(storeName, Map.of());
        return new ReadOnlyKeyValueStore<>() {
            @Override
            public V get(String key) {
                return (V) contents.get(key);
            }

            @Override
            public KeyValueIterator<String, V> range(String from, String to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public KeyValueIterator<String, V> all() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long approximateNumEntries() {
                return contents.size();
            }
        };
    }
}
