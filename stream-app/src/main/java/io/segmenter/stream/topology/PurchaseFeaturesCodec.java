package io.segmenter.stream.topology;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes of a {@link PurchaseFeatures} waiting in {@code purchase-scoring-pending-store}: a format
 * byte ({@value #FORMAT_VERSION}), the purchase's length (4 bytes) and Avro single-object encoding,
 * then the fraud vector: as-of epoch millis (8 bytes), count (4 bytes), values (8 bytes each).
 * Entries wait one scoring interval at most, so a change of either format only concerns the few
 * waiting at an upgrade; the scoring processor drops (and logs) what it cannot decode.
 */
final class PurchaseFeaturesCodec {

    static final byte FORMAT_VERSION = 1;

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private PurchaseFeaturesCodec() {
    }

    static byte[] encode(PurchaseFeatures features) {
        ByteBuffer purchase;
        try {
            purchase = features.purchase().toByteBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] values = features.fraudVector().values();
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + purchase.remaining() + 8 + 4 + 8 * values.length);
        out.put(FORMAT_VERSION).putInt(purchase.remaining()).put(purchase);
        out.putLong(features.fraudVector().asOf().toEpochMilli()).putInt(values.length);
        for (double v : values) {
            out.putDouble(v);
        }
        return out.array();
    }

    static PurchaseFeatures decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT_VERSION) {
                throw new SerializationException("pending purchase has format " + format + ", expected " + FORMAT_VERSION);
            }
            int length = in.getInt();
            ByteBuffer purchaseBytes = in.slice(in.position(), length);
            in.position(in.position() + length);
            PurchaseEvent purchase = PurchaseEvent.fromByteBuffer(purchaseBytes);
            Instant asOf = Instant.ofEpochMilli(in.getLong());
            int n = in.getInt();
            if (n != FeatureDefinition.FRAUD.size()) {
                throw new SerializationException("pending fraud vector has " + n + " values, the definition has "
                        + FeatureDefinition.FRAUD.size());
            }
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = in.getDouble();
            }
            if (in.hasRemaining()) {
                throw new SerializationException("pending purchase has " + in.remaining() + " trailing bytes");
            }
            return new PurchaseFeatures(purchase, new FeatureVector(FeatureDefinition.FRAUD, values, asOf));
        } catch (IOException | AvroRuntimeException | BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new SerializationException("undecodable pending purchase", e);
        }
    }
}
