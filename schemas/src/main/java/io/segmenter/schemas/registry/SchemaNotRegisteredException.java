package io.segmenter.schemas.registry;

/**
 * A lookup found no such schema under the subject (HTTP 404, error code 40401 subject not found
 * or 40403 schema not found); raised when auto-registration is off.
 */
public class SchemaNotRegisteredException extends SchemaRegistryException {

  private final String subject;

  public SchemaNotRegisteredException(String subject, String registryUrl, String registryMessage) {
    super("Schema is not registered under subject '" + subject + "' in the schema registry at "
        + registryUrl + ": " + registryMessage, registryUrl);
    this.subject = subject;
  }

  public String subject() {
    return subject;
  }
}
