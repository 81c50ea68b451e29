package io.segmenter.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A payload is shorter than the wire-format header (magic byte and 4-byte schema id). */
public class PayloadTooShortException extends SerializationException {

  private final int length;

  public PayloadTooShortException(String topic, int length) {
    super("Record of topic '" + topic + "' has " + length + (length == 1 ? " byte" : " bytes")
        + ", fewer than the " + WireFormat.HEADER_SIZE
        + "-byte header of the Confluent wire format (magic byte, 4-byte schema id)");
    this.length = length;
  }

  public int length() {
    return length;
  }
}
