package io.segmenter.stream.scoring;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes of a {@link CurrentSegment} in {@code user-segment-current-store}: a format byte
 * ({@value #FORMAT_VERSION}), {@code since} as epoch millis (8 bytes), the probability (8 bytes),
 * then segment id, segment name and model version as length-prefixed UTF-8
 * ({@link DataOutputStream#writeUTF}). Format 1 ends there: no predictions (values written before
 * predictions existed, and every value of a model without them, so those stay readable by older
 * code). Format 2 follows with the predictions: purchase probability, expected orders, churn
 * probability as doubles, the purchase and churn periods as millis.
 */
public final class CurrentSegmentCodec {

    public static final byte FORMAT_VERSION = 2;
    private static final byte WITHOUT_PREDICTIONS_FORMAT = 1;

    private CurrentSegmentCodec() {
    }

    public static byte[] encode(CurrentSegment segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            UserPredictions p = segment.predictions();
            out.writeByte(p == null ? WITHOUT_PREDICTIONS_FORMAT : FORMAT_VERSION);
            out.writeLong(segment.since().toEpochMilli());
            out.writeDouble(segment.probability());
            out.writeUTF(segment.segmentId());
            out.writeUTF(segment.segmentName());
            out.writeUTF(segment.modelVersion());
            if (p != null) {
                out.writeDouble(p.purchaseProbability());
                out.writeDouble(p.expectedPurchases());
                out.writeDouble(p.churnProbability());
                out.writeLong(p.purchaseHorizon().toMillis());
                out.writeLong(p.churnHorizon().toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static CurrentSegment decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT_VERSION && format != WITHOUT_PREDICTIONS_FORMAT) {
                throw new SerializationException("current segment has format " + format + ", expected "
                        + WITHOUT_PREDICTIONS_FORMAT + " or " + FORMAT_VERSION);
            }
            Instant since = Instant.ofEpochMilli(in.readLong());
            double probability = in.readDouble();
            String id = in.readUTF();
            String name = in.readUTF();
            String version = in.readUTF();
            UserPredictions predictions = null;
            if (format == FORMAT_VERSION) {
                predictions = new UserPredictions(in.readDouble(), in.readDouble(), in.readDouble(),
                        Duration.ofMillis(in.readLong()), Duration.ofMillis(in.readLong()));
            }
            if (in.available() != 0) {
                throw new SerializationException("current segment has " + in.available() + " trailing bytes");
            }
            return new CurrentSegment(id, name, probability, since, version, predictions);
        } catch (IOException e) {
            throw new SerializationException("truncated current segment", e);
        }
    }
}
