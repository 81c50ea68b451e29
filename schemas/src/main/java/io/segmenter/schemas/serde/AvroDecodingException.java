package io.segmenter.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Avro body of a well-framed record did not decode: corrupt bytes, or a writer schema the
 * target class cannot read.
 */
public class AvroDecodingException extends SerializationException {

  private final int schemaId;

  public AvroDecodingException(String message, int schemaId, Throwable cause) {
    super(message, cause);
    this.schemaId = schemaId;
  }

  /** Registry id of the writer schema named in the record header. */
  public int schemaId() {
    return schemaId;
  }
}
