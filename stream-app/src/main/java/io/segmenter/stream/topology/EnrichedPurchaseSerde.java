package io.segmenter.stream.topology;

import io.segmenter.features.NetworkCountsCodec;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the repartition topics that carry purchases through the device and IP processors.
 * Layout: format byte (1), the purchase exactly as on the purchases topic (Confluent wire format,
 * length-prefixed, so no extra registry subject), then the counts ({@link NetworkCountsCodec}).
 */
final class EnrichedPurchaseSerde implements Serde<EnrichedPurchase> {

    private static final byte FORMAT = 1;

    private final String purchasesTopic;
    private final Serde<PurchaseEvent> purchaseSerde;

    EnrichedPurchaseSerde(String purchasesTopic, Serde<PurchaseEvent> purchaseSerde) {
        this.purchasesTopic = purchasesTopic;
        this.purchaseSerde = purchaseSerde;
    }

    @Override
    public Serializer<EnrichedPurchase> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            byte[] purchase = purchaseSerde.serializer().serialize(purchasesTopic, value.purchase());
            byte[] counts = NetworkCountsCodec.encode(value.counts());
            return ByteBuffer.allocate(1 + 4 + purchase.length + counts.length)
                    .put(FORMAT).putInt(purchase.length).put(purchase).put(counts).array();
        };
    }

    @Override
    public Deserializer<EnrichedPurchase> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < 5 || bytes[0] != FORMAT) {
                throw new SerializationException("not an enriched purchase (format byte " + (bytes.length == 0 ? "none" : bytes[0])
                        + ", expected " + FORMAT + ") on " + topic);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new SerializationException("enriched purchase on " + topic + " has a purchase length of " + length
                        + " but only " + buffer.remaining() + " bytes follow");
            }
            byte[] purchase = Arrays.copyOfRange(bytes, 5, 5 + length);
            byte[] counts = Arrays.copyOfRange(bytes, 5 + length, bytes.length);
            return new EnrichedPurchase(purchaseSerde.deserializer().deserialize(purchasesTopic, purchase),
                    NetworkCountsCodec.decode(counts));
        };
    }
}
