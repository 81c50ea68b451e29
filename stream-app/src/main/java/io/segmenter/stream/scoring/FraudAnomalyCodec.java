package io.segmenter.stream.scoring;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.FraudAnomaly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes of a {@link FraudAnomaly} in {@code user-anomaly-last-store}: Avro's single-object
 * encoding (marker, schema fingerprint, binary record), which needs no registry and names the
 * schema it was written with. When the schema changes, the previous schema must be added to the
 * decoder ({@code FraudAnomaly.createDecoder(resolver)}) so that stored anomalies stay readable.
 */
public final class FraudAnomalyCodec {

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private FraudAnomalyCodec() {
    }

    public static byte[] encode(FraudAnomaly anomaly) {
        try {
            ByteBuffer buffer = anomaly.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FraudAnomaly decode(byte[] bytes) {
        try {
            return FraudAnomaly.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | AvroRuntimeException e) {
            throw new SerializationException("undecodable stored fraud anomaly", e);
        }
    }
}
