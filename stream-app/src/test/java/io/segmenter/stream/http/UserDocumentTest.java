package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureValue;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.UserFeatureState;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class UserDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2024-03-01T10:00:00Z");
    private static final HostInfo OWNER = new HostInfo("10.0.0.7", 8080);
    private static final UserAttribute.LocalStores NO_STORES = new UserAttribute.LocalStores() {
        @Override
        public <V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, V> keyValueStore(String storeName) {
            throw new AssertionError("no store expected");
        }
    };

    @Test
    void listsEveryFeatureInDefinitionOrderAsOfTheLastEvent() {
        UserSnapshot user = user("u1", BASE, BASE.plus(Duration.ofMinutes(3)));

        ObjectNode doc = new UserDocument(JSON, OWNER, List.of()).render(user, NO_STORES);

        assertThat(fieldNames(doc)).containsExactly("userId", "asOf", "owner", "features");
        assertThat(doc.get("userId").asText()).isEqualTo("u1");
        assertThat(doc.get("asOf").asText()).isEqualTo("2024-03-01T10:03:00Z");
        assertThat(doc.get("owner").asText()).isEqualTo("10.0.0.7:8080");
        List<FeatureValue> expected = new ArrayList<>(user.features().describe().values());
        assertThat(doc.get("features")).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            FeatureValue f = expected.get(i);
            assertThat(doc.get("features").get(i)).isEqualTo(JSON.createObjectNode()
                    .put("name", f.name()).put("value", f.value()).put("unit", f.unit())
                    .put("window", f.window()).put("description", f.description()));
        }
        assertThat(doc.get("features").get(user.features().kind().indexOf("views_1h")).get("value").asDouble()).isEqualTo(2.0);
    }

    @Test
    void addsOneFieldPerAttributeAndLeavesOutEmptyOnes() {
        record Segment(String name, double probability) {
        }
        UserAttribute segment = attribute("segment", Optional.of(new Segment("loyal", 0.9)));
        UserAttribute lastAnomaly = attribute("lastAnomaly", Optional.empty());

        ObjectNode doc = new UserDocument(JSON, OWNER, List.of(segment, lastAnomaly)).render(user("u1", BASE), NO_STORES);

        assertThat(fieldNames(doc)).containsExactly("userId", "asOf", "owner", "features", "segment");
        assertThat(doc.get("segment")).isEqualTo(JSON.valueToTree(Map.of("name", "loyal", "probability", 0.9)));
    }

    @Test
    void refusesAttributesThatWouldHideAFieldOrEachOther() {
        assertThatThrownBy(() -> new UserDocument(JSON, OWNER, List.of(attribute("features", Optional.empty()))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserDocument(JSON, OWNER,
                List.of(attribute("segment", Optional.empty()), attribute("segment", Optional.empty()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UserSnapshot user(String userId, Instant... viewTimes) {
        UserFeatureState state = new UserFeatureState();
        for (Instant at : viewTimes) {
            state.apply(ClickEvent.newBuilder().setEventId(userId + "-" + at.toEpochMilli()).setUserId(userId)
                    .setType(ClickType.VIEW).setProductId("p1").setEventTime(at).build());
        }
        FeatureVector vector = FeatureExtractor.segmentVector(state, state.lastEventTime().orElseThrow());
        return new UserSnapshot(userId, vector);
    }

    private static UserAttribute attribute(String name, Optional<?> value) {
        return new UserAttribute() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<?> read(UserSnapshot user, LocalStores stores) {
                return value;
            }
        };
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
