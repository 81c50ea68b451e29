package io.segmenter.schemas.registry;

/** The registry found the schema itself invalid (HTTP 422, error code 42201). */
public class InvalidSchemaException extends SchemaRegistryException {

  private final String subject;

  public InvalidSchemaException(String subject, String registryUrl, String registryMessage) {
    super("Schema registry at " + registryUrl + " rejected the schema for subject '" + subject
        + "' as invalid: " + registryMessage, registryUrl);
    this.subject = subject;
  }

  public String subject() {
    return subject;
  }
}
