package io.segmenter.schemas.registry;

import java.util.Map;

/**
 * Creates {@link SchemaRegistryClient}s: {@code http://} and {@code https://} URLs give a REST
 * client, {@code mock://<scope>} a view of the in-memory {@link MockSchemaRegistry} of that scope.
 */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * Creates a client for {@code url} with Confluent-style client properties
   * (see {@link SchemaRegistryConfig#from(String, Map)}).
   *
   * @throws org.apache.kafka.common.config.ConfigException on a malformed URL or setting
   */
  public static SchemaRegistryClient create(String url, Map<String, ?> config) {
    return create(SchemaRegistryConfig.from(url, config));
  }

  /** Creates a client from settings. */
  public static SchemaRegistryClient create(SchemaRegistryConfig config) {
    if (config.isMock()) {
      return MockSchemaRegistry.client(config.url().substring("mock://".length()));
    }
    return new HttpSchemaRegistryClient(config);
  }
}
