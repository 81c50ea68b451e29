package io.segmenter.schemas.serde;

/**
 * The Confluent wire format: magic byte {@code 0}, the writer schema's registry id as 4 bytes
 * big-endian, then the Avro binary encoding of the record.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * Checks the header of {@code payload} and returns its schema id; dead-letter code can use it to
   * label a record it could not decode.
   *
   * @throws PayloadTooShortException if there are fewer than {@value #HEADER_SIZE} bytes
   * @throws UnknownMagicByteException if the first byte is not {@value #MAGIC_BYTE}
   */
  public static int schemaId(String topic, byte[] payload) {
    if (payload.length < HEADER_SIZE) {
      throw new PayloadTooShortException(topic, payload.length);
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new UnknownMagicByteException(topic, payload[0]);
    }
    return (payload[1] & 0xff) << 24 | (payload[2] & 0xff) << 16
        | (payload[3] & 0xff) << 8 | (payload[4] & 0xff);
  }
}
