package io.segmenter.stream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The store codecs of the scoring stage: round trips and refusals. */
class CodecsTest {

    private static final Instant SINCE = Instant.parse("2024-03-04T10:15:30.123Z");

    @Test
    void currentSegmentRoundTrips() {
        CurrentSegment segment = new CurrentSegment("cart-abandoners", "cart abandoners \u00e9", 0.8125, SINCE, "v2+build.7");

        assertThat(CurrentSegmentCodec.decode(CurrentSegmentCodec.encode(segment))).isEqualTo(segment);
    }

    @Test
    void currentSegmentWithPredictionsRoundTrips() {
        CurrentSegment segment = new CurrentSegment("dormant", "dormant", 0.6, SINCE, "v3",
                new UserPredictions(0.31, 0.42, 0.07, Duration.ofDays(1), Duration.ofDays(3)));

        assertThat(CurrentSegmentCodec.decode(CurrentSegmentCodec.encode(segment))).isEqualTo(segment);
    }

    @Test
    void aCurrentSegmentWithoutPredictionsIsWrittenAsBeforeThem() {
        byte[] bytes = CurrentSegmentCodec.encode(new CurrentSegment("a", "b", 0.5, SINCE, "v1"));

        assertThat(bytes[0]).isEqualTo((byte) 1);
    }

    @Test
    void aCurrentSegmentWrittenBeforePredictionsExistedReadsAsOneWithout() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(SINCE.toEpochMilli());
            out.writeDouble(0.75);
            out.writeUTF("loyal");
            out.writeUTF("loyal buyers");
            out.writeUTF("v1");
        }

        assertThat(CurrentSegmentCodec.decode(bytes.toByteArray()))
                .isEqualTo(new CurrentSegment("loyal", "loyal buyers", 0.75, SINCE, "v1"));
    }

    @Test
    void currentSegmentRefusesAnotherFormatAndTruncatedOrTrailingBytes() {
        byte[] bytes = CurrentSegmentCodec.encode(new CurrentSegment("a", "b", 0.5, SINCE, "v1"));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 9;

        assertThatThrownBy(() -> CurrentSegmentCodec.decode(otherFormat)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> CurrentSegmentCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> CurrentSegmentCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void fraudAnomalyRoundTrips() {
        FraudAnomaly anomaly = anomaly(0.97);

        assertThat(FraudAnomalyCodec.decode(FraudAnomalyCodec.encode(anomaly))).isEqualTo(anomaly);
        FraudAnomaly withoutOptionals = FraudAnomaly.newBuilder(anomaly).setCurrency(null).setDeviceId(null).setIp(null)
                .setSupervisedProbability(null).setContributions(List.of()).build();
        assertThat(FraudAnomalyCodec.decode(FraudAnomalyCodec.encode(withoutOptionals))).isEqualTo(withoutOptionals);
    }

    @Test
    void fraudAnomalyRefusesBytesThatAreNotOne() {
        assertThatThrownBy(() -> FraudAnomalyCodec.decode(new byte[] {1, 2, 3})).isInstanceOf(SerializationException.class);
    }

    static FraudAnomaly anomaly(double score) {
        return FraudAnomaly.newBuilder()
                .setUserId("u1").setOrderId("o1").setEventId("e1").setAmountMinor(12_345).setCurrency("EUR")
                .setDeviceId("d1").setIp("10.0.0.1").setScore(score).setThreshold(0.95).setSupervisedProbability(0.4)
                .setContributions(List.of(new FeatureContribution("amount", 123.45, 0.6, "order total: 123.45 (typical: 45.00)")))
                .setModelVersion("v1").setEventTime(SINCE).setEmittedTime(SINCE.plusSeconds(1))
                .build();
    }
}
