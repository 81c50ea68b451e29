package io.segmenter.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Per-thread growable byte buffer with its Avro encoder, reused for every record a thread
 * serializes. Unsynchronized, unlike {@link java.io.ByteArrayOutputStream}. A buffer that grew
 * past {@link #RETAINED_CAPACITY} for one large record is dropped after it.
 */
final class EncodeBuffer extends OutputStream {

  private static final int INITIAL_CAPACITY = 256;
  private static final int RETAINED_CAPACITY = 1 << 20;

  private byte[] bytes = new byte[INITIAL_CAPACITY];
  private int count;
  final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(this, null);

  void startRecord(int schemaId) {
    count = 0;
    ensureCapacity(WireFormat.HEADER_SIZE);
    bytes[0] = WireFormat.MAGIC_BYTE;
    bytes[1] = (byte) (schemaId >>> 24);
    bytes[2] = (byte) (schemaId >>> 16);
    bytes[3] = (byte) (schemaId >>> 8);
    bytes[4] = (byte) schemaId;
    count = WireFormat.HEADER_SIZE;
  }

  /** Copies out the record and releases an oversized buffer. */
  byte[] finishRecord() {
    byte[] record = Arrays.copyOf(bytes, count);
    count = 0;
    if (bytes.length > RETAINED_CAPACITY) {
      bytes = new byte[INITIAL_CAPACITY];
    }
    return record;
  }

  /** Forgets a record whose encoding failed. */
  void discardRecord() {
    count = 0;
    if (bytes.length > RETAINED_CAPACITY) {
      bytes = new byte[INITIAL_CAPACITY];
    }
  }

  @Override
  public void write(int b) {
    ensureCapacity(count + 1);
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] source, int offset, int length) {
    ensureCapacity(count + length);
    System.arraycopy(source, offset, bytes, count, length);
    count += length;
  }

  private void ensureCapacity(int needed) {
    if (needed > bytes.length) {
      if (needed < 0) {
        throw new OutOfMemoryError("Record larger than 2 GiB");
      }
      bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * bytes.length)));
    }
  }
}
