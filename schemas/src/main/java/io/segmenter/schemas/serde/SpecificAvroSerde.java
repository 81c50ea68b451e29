package io.segmenter.schemas.serde;

import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.registry.SchemaRegistryConfig;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of a generated Avro class in the Confluent wire format; see
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer}.
 *
 * <p>Two ways to build one: with a {@link SchemaRegistryClient} (usually through
 * {@link AvroSerdes}), which the serde uses but does not close; or with the class alone, then
 * {@link #configure} with {@value SchemaRegistryConfig#SCHEMA_REGISTRY_URL} (and the other client
 * properties), in which case the serde creates, owns and closes its client. Thread-safe once
 * configured.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final boolean ownsClient;
  private volatile SchemaRegistryClient registry;
  private volatile SpecificAvroSerializer<T> serializer;
  private volatile SpecificAvroDeserializer<T> deserializer;

  /** A value serde on {@code registry}; {@link #configure} may turn it into a key serde. */
  public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
    this.type = Objects.requireNonNull(type, "type");
    this.ownsClient = false;
    this.registry = Objects.requireNonNull(registry, "registry");
    this.serializer = new SpecificAvroSerializer<>(type, registry);
    this.deserializer = new SpecificAvroDeserializer<>(type, registry);
  }

  /** A serde that gets its registry from {@link #configure}; unusable before. */
  public SpecificAvroSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
    this.ownsClient = true;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (ownsClient) {
      synchronized (this) {
        if (registry != null) {
          registry.close();
        }
        registry = SchemaRegistryClients.create(null, configs);
        serializer = new SpecificAvroSerializer<>(type, registry);
        deserializer = new SpecificAvroDeserializer<>(type, registry);
      }
    }
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return requireConfigured(serializer);
  }

  @Override
  public Deserializer<T> deserializer() {
    return requireConfigured(deserializer);
  }

  /** The registry client in use, or {@code null} before {@link #configure} when it owns one. */
  public SchemaRegistryClient registry() {
    return registry;
  }

  @Override
  public void close() {
    if (ownsClient) {
      synchronized (this) {
        if (registry != null) {
          registry.close();
        }
      }
    }
  }

  private <S> S requireConfigured(S part) {
    if (part == null) {
      throw new IllegalStateException("SpecificAvroSerde<" + type.getSimpleName()
          + "> has no schema registry yet: call configure() with "
          + SchemaRegistryConfig.SCHEMA_REGISTRY_URL);
    }
    return part;
  }
}
