package io.segmenter.schemas.serde;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro class in the Confluent wire format. The schema is the class's own,
 * registered (or, with {@value #AUTO_REGISTER_SCHEMAS} {@code false}, looked up) under the
 * topic-name subject {@code <topic>-value}, or {@code <topic>-key} when configured as a key
 * serializer; the id is cached per topic. {@code null} stays {@code null} (tombstones).
 *
 * <p>Thread-safe: Kafka Streams shares one instance between stream threads. Encoding reuses a
 * per-thread buffer and encoder, so a record costs one allocation: the returned array.
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  /** Register the schema on first use (default {@code true}); else only look its id up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  private static final ThreadLocal<EncodeBuffer> BUFFERS = ThreadLocal.withInitial(EncodeBuffer::new);

  private final Class<T> type;
  private final SchemaRegistryClient registry;
  private final Schema schema;
  private final SpecificDatumWriter<T> writer;
  private final ConcurrentMap<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  private volatile boolean isKey;
  private volatile boolean autoRegister = true;

  /** A value serializer with auto-registration; {@link #configure} can change both. */
  public SpecificAvroSerializer(Class<T> type, SchemaRegistryClient registry) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    AvroTrustedPackages.trustPackageOf(type);
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  /** Reads {@value #AUTO_REGISTER_SCHEMAS}; {@code isKey} selects the {@code -key} subject. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    Object auto = configs == null ? null : configs.get(AUTO_REGISTER_SCHEMAS);
    this.autoRegister = auto == null || Boolean.parseBoolean(auto.toString().trim());
    idsByTopic.clear();
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    int schemaId = schemaId(topic);
    EncodeBuffer buffer = BUFFERS.get();
    buffer.startRecord(schemaId);
    try {
      writer.write(data, buffer.encoder);
      buffer.encoder.flush();
    } catch (IOException | RuntimeException e) {
      buffer.discardRecord();
      throw new AvroEncodingException("Could not Avro-encode a " + type.getSimpleName()
          + " for topic '" + topic + "': " + e.getMessage(), e);
    }
    return buffer.finishRecord();
  }

  /** The registry id this serializer writes for {@code topic}, registering on first use. */
  public int schemaId(String topic) {
    Integer cached = idsByTopic.get(topic);
    if (cached != null) {
      return cached;
    }
    String subject = subject(topic, isKey);
    int id = autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
    idsByTopic.put(topic, id);
    return id;
  }

  /** The schema this serializer writes. */
  public Schema schema() {
    return schema;
  }

  /** Topic-name strategy: {@code <topic>-key} or {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  /** Does not close the registry client: whoever created it owns it. */
  @Override
  public void close() {
    // nothing owned
  }
}
