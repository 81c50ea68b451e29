package io.segmenter.schemas.registry;

import org.apache.avro.Schema;

/**
 * Client of a schema registry that speaks the Confluent Schema Registry REST API, or of the
 * in-memory registry behind {@code mock://} URLs. Create one with {@link SchemaRegistryClients}.
 *
 * <p>Implementations are thread-safe and cache what they learn: registering the same schema under
 * the same subject, or fetching the same id, asks the registry once. Every failure is a
 * {@link SchemaRegistryException}, so it reaches Kafka's deserialization exception handlers.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers {@code schema} under {@code subject} (or finds it, if already registered) and
   * returns its global id.
   *
   * @throws IncompatibleSchemaException if the registry's compatibility rule rejects it
   * @throws InvalidSchemaException if the registry finds the schema invalid
   * @throws SchemaRegistryUnavailableException if the registry cannot be reached
   */
  int register(String subject, Schema schema);

  /**
   * Returns the id of {@code schema} when it is already registered under {@code subject}, without
   * registering it (for producers that run with auto-registration off).
   *
   * @throws SchemaNotRegisteredException if the subject or the schema under it is unknown
   */
  int lookupId(String subject, Schema schema);

  /**
   * Returns the schema with the given global id.
   *
   * @throws UnknownSchemaIdException if the registry does not know the id
   */
  Schema getById(int id);

  /** The registry URL, without credentials; it is what error messages name. */
  String url();

  /** Releases the HTTP resources; the in-memory registry's content outlives its clients. */
  @Override
  void close();
}
