package io.segmenter.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed. Subclasses name the cause; this class itself stands for an
 * answer the client does not map to one of them. Extends {@link SerializationException} so that
 * Kafka's (de)serialization error handling sees it.
 */
public class SchemaRegistryException extends SerializationException {

  private final String registryUrl;

  public SchemaRegistryException(String message, String registryUrl) {
    super(message);
    this.registryUrl = registryUrl;
  }

  public SchemaRegistryException(String message, String registryUrl, Throwable cause) {
    super(message, cause);
    this.registryUrl = registryUrl;
  }

  /** URL of the registry that failed, without credentials. */
  public String registryUrl() {
    return registryUrl;
  }
}
