package io.segmenter.schemas.registry;

/**
 * The registry rejected a schema because it breaks the subject's compatibility rule
 * (HTTP 409). The message carries the registry's own explanation.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

  private final String subject;
  private final String registryMessage;

  public IncompatibleSchemaException(String subject, String registryUrl, String registryMessage) {
    super("Schema registry at " + registryUrl + " rejected the schema for subject '" + subject
        + "' as incompatible: " + registryMessage, registryUrl);
    this.subject = subject;
    this.registryMessage = registryMessage;
  }

  public String subject() {
    return subject;
  }

  /** The explanation the registry gave. */
  public String registryMessage() {
    return registryMessage;
  }
}
