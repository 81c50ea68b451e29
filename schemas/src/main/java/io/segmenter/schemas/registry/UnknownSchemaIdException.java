package io.segmenter.schemas.registry;

/**
 * The registry does not know a schema id (HTTP 404, error code 40403), typically because the
 * record was written against another registry or the schema was hard-deleted.
 */
public class UnknownSchemaIdException extends SchemaRegistryException {

  private final int schemaId;

  public UnknownSchemaIdException(int schemaId, String registryUrl, String registryMessage) {
    super("Schema id " + schemaId + " is not known to the schema registry at " + registryUrl
        + (registryMessage == null || registryMessage.isEmpty() ? "" : " (registry said: " + registryMessage + ")"),
        registryUrl);
    this.schemaId = schemaId;
  }

  public int schemaId() {
    return schemaId;
  }
}
