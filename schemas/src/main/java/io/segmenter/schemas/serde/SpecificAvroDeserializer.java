package io.segmenter.schemas.serde;

import io.segmenter.schemas.AvroCompatibility;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a generated Avro class. The writer schema is fetched by
 * the id in the header and resolved against the class's schema, so records written with an
 * older (or newer) compatible schema decode. {@code null} stays {@code null}.
 *
 * <p>Thread-safe. The resolving reader is built once per writer schema id; the binary decoder
 * is reused per thread. Failures are {@link org.apache.kafka.common.errors.SerializationException}s:
 * {@link PayloadTooShortException}, {@link UnknownMagicByteException},
 * {@link AvroDecodingException}, or the registry's own (unknown id, unreachable).
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final Class<T> type;
  private final SchemaRegistryClient registry;
  private final Schema readerSchema;
  private final SpecificData model;
  private final ConcurrentMap<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
  private volatile CachedReader<T> lastReader;

  public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    AvroTrustedPackages.trustPackageOf(type);
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  /** Nothing to configure: the reader schema is the class's, key or value alike. */
  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // nothing
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(topic, data);
    DatumReader<T> reader = readerFor(topic, schemaId);
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
        data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, DECODERS.get());
    DECODERS.set(decoder);
    try {
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodingException("Could not decode a " + type.getSimpleName()
          + " of topic '" + topic + "' written with schema id " + schemaId + " ("
          + data.length + " bytes): " + e, schemaId, e);
    }
  }

  private DatumReader<T> readerFor(String topic, int writerId) {
    CachedReader<T> last = lastReader;
    if (last != null && last.writerId == writerId) {
      return last.reader;
    }
    DatumReader<T> reader = readersByWriterId.get(writerId);
    if (reader == null) {
      reader = newReader(topic, writerId);
      DatumReader<T> raced = readersByWriterId.putIfAbsent(writerId, reader);
      if (raced != null) {
        reader = raced;
      }
    }
    lastReader = new CachedReader<>(writerId, reader);
    return reader;
  }

  private DatumReader<T> newReader(String topic, int writerId) {
    Schema writerSchema = registry.getById(writerId);
    List<String> problems = AvroCompatibility.problems(readerSchema, writerSchema);
    if (!problems.isEmpty()) {
      throw new AvroDecodingException("Records of topic '" + topic + "' written with schema id "
          + writerId + " (" + writerSchema.getFullName() + ") cannot be read as "
          + type.getName() + ": " + String.join("; ", problems), writerId, null);
    }
    return new SpecificDatumReader<>(writerSchema, readerSchema, model);
  }

  /** Does not close the registry client: whoever created it owns it. */
  @Override
  public void close() {
    // nothing owned
  }

  private record CachedReader<T>(int writerId, DatumReader<T> reader) {}
}
