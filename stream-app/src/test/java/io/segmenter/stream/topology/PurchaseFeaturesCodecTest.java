package io.segmenter.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PurchaseFeaturesCodecTest {

    private static final Instant AT = Instant.parse("2024-03-04T10:15:30.250Z");

    @Test
    void roundTripsThePurchaseAndItsFraudVector() {
        PurchaseFeatures features = features(Events.purchaseBuilder("u1", 12.5, AT).setCurrency("EUR").setDeviceId("d1")
                .setIp("10.0.0.1").setPaymentMethod(PaymentMethod.CARD).setAccountCreatedTime(AT.minusSeconds(90))
                .setLineItems(List.of(new LineItem("p1", "c1", "acme", 1, 1_250L))).build());

        assertThat(PurchaseFeaturesCodec.decode(PurchaseFeaturesCodec.encode(features))).isEqualTo(features);
    }

    @Test
    void roundTripsAPurchaseWithoutOptionalFields() {
        PurchaseFeatures features = features(Events.purchase("u1", 3, AT));

        assertThat(PurchaseFeaturesCodec.decode(PurchaseFeaturesCodec.encode(features))).isEqualTo(features);
    }

    @Test
    void refusesAnotherFormatAndTruncatedOrTrailingBytes() {
        byte[] bytes = PurchaseFeaturesCodec.encode(features(Events.purchase("u1", 3, AT)));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 7;

        assertThatThrownBy(() -> PurchaseFeaturesCodec.decode(otherFormat)).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PurchaseFeaturesCodec.decode(Arrays.copyOf(bytes, bytes.length - 8)))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> PurchaseFeaturesCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class);
    }

    private static PurchaseFeatures features(PurchaseEvent purchase) {
        double[] values = new double[FeatureDefinition.FRAUD.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 1.5 - 3;
        }
        return new PurchaseFeatures(purchase, new FeatureVector(FeatureDefinition.FRAUD, values, purchase.getEventTime()));
    }
}
