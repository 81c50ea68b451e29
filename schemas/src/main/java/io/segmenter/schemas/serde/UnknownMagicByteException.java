package io.segmenter.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** The first byte of a payload is not the wire format's magic byte 0: not our format. */
public class UnknownMagicByteException extends SerializationException {

  private final byte found;

  public UnknownMagicByteException(String topic, byte found) {
    super(String.format(java.util.Locale.ROOT,
        "Unknown magic byte 0x%02x (%d) in a record of topic '%s': expected %d, the Confluent "
            + "wire format (magic byte, 4-byte schema id, Avro binary)",
        found & 0xff, found, topic, WireFormat.MAGIC_BYTE));
    this.found = found;
  }

  /** The byte found where the magic byte belongs. */
  public byte found() {
    return found;
  }
}
