package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchase;
import static io.segmenter.features.TestEvents.segment;
import static io.segmenter.features.TestEvents.stateOf;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {

    @Test
    void copiesItsValuesInAndOut() {
        double[] values = new double[FeatureDefinition.FRAUD.size()];
        FeatureVector v = new FeatureVector(FeatureDefinition.FRAUD, values, BASE);
        values[0] = 42;
        assertThat(v.get("amount")).isZero();
        v.values()[0] = 42;
        assertThat(v.value(0)).isZero();
    }

    @Test
    void rejectsAWrongNumberOfValues() {
        assertThatThrownBy(() -> new FeatureVector(FeatureDefinition.SEGMENT, new double[3], BASE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalVectorsCompareEqualByValue() {
        UserFeatureState s = stateOf(view("u", BASE), purchase("u", 3, at(minutes(1))));
        assertThat(segment(s, at(minutes(2)))).isEqualTo(segment(s, at(minutes(2))))
                .hasSameHashCodeAs(segment(s, at(minutes(2))));
        assertThat(segment(s, at(minutes(2)))).isNotEqualTo(segment(s, at(minutes(3))));
    }

    @Test
    void toMapAndDescribeKeepDefinitionOrder() {
        FeatureVector v = segment(stateOf(purchase("u", 12.5, BASE)), BASE);
        Map<String, Double> map = v.toMap();
        assertThat(map.keySet()).containsExactlyElementsOf(FeatureDefinition.SEGMENT.names());
        assertThat(map.get("spend_30d")).isEqualTo(12.5);
        Map<String, FeatureValue> described = v.describe();
        assertThat(described.keySet()).containsExactlyElementsOf(FeatureDefinition.SEGMENT.names());
        assertThat(described.get("spend_30d"))
                .isEqualTo(new FeatureValue("spend_30d", 12.5, "currency", "30d", "money spent in the last 30 days"));
        assertThat(described.get("lifetime_spend").window()).isNull();
    }

    @Test
    void theBuilderRefusesValuesOutOfDefinitionOrderOrNotFinite() {
        assertThatThrownBy(() -> new VectorBuilder(FeatureDefinition.FRAUD).put("log_amount", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("amount");
        assertThatThrownBy(() -> new VectorBuilder(FeatureDefinition.FRAUD).put("amount", Double.NaN))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new VectorBuilder(FeatureDefinition.FRAUD).put("amount", 1).build(BASE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("log_amount");
    }
}
