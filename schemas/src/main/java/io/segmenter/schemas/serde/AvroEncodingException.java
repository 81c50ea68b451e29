package io.segmenter.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record could not be Avro-encoded, typically a null in a field whose schema forbids it. */
public class AvroEncodingException extends SerializationException {

  public AvroEncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
