package io.segmenter.stream.topology;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.NetworkCounts;
import io.segmenter.features.NetworkCountsCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * One half of a purchase's fraud features, waiting for the other: either the user half (the
 * vector computed when the purchase reached the user's state) or the device/IP counts that came
 * back from the re-keyed path first. Layout: kind byte, event time (8 bytes), then the vector
 * (count + doubles) or the counts ({@link NetworkCountsCodec}).
 */
final class PendingPurchaseCodec {

    static final byte USER_HALF = 1;
    static final byte NETWORK_HALF = 2;

    record Pending(byte kind, long eventTimeMillis, FeatureVector userHalf, NetworkCounts counts) {
    }

    private PendingPurchaseCodec() {
    }

    static byte[] encodeUserHalf(FeatureVector vector) {
        double[] values = vector.values();
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 4 + 8 * values.length);
        buffer.put(USER_HALF).putLong(vector.asOf().toEpochMilli()).putInt(values.length);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return buffer.array();
    }

    static byte[] encodeNetworkHalf(long eventTimeMillis, NetworkCounts counts) {
        byte[] encoded = NetworkCountsCodec.encode(counts);
        return ByteBuffer.allocate(1 + 8 + encoded.length).put(NETWORK_HALF).putLong(eventTimeMillis).put(encoded).array();
    }

    static Pending decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte kind = buffer.get();
        long time = buffer.getLong();
        if (kind == USER_HALF) {
            int n = buffer.getInt();
            if (n != FeatureDefinition.FRAUD.size()) {
                throw new SerializationException("pending fraud vector has " + n + " values, the definition has "
                        + FeatureDefinition.FRAUD.size());
            }
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = buffer.getDouble();
            }
            return new Pending(kind, time, new FeatureVector(FeatureDefinition.FRAUD, values, Instant.ofEpochMilli(time)), null);
        }
        if (kind == NETWORK_HALF) {
            return new Pending(kind, time, null, NetworkCountsCodec.decode(Arrays.copyOfRange(bytes, 9, bytes.length)));
        }
        throw new SerializationException("unknown pending-purchase kind " + kind);
    }
}
