package io.segmenter.schemas.serde;

import io.segmenter.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Factory of Confluent-wire-format serdes for the generated Avro classes. Serdes are
 * thread-safe and can be shared between topologies and stream threads; they never close the
 * registry client they are given.
 */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** Value serde: registers under {@code <topic>-value}, auto-registration on. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> specific(
      Class<T> type, SchemaRegistryClient registry) {
    return new SpecificAvroSerde<>(type, registry);
  }

  /** Key serde: registers under {@code <topic>-key}, auto-registration on. */
  public static <T extends SpecificRecord> SpecificAvroSerde<T> specificKey(
      Class<T> type, SchemaRegistryClient registry) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry);
    serde.configure(Map.of(), true);
    return serde;
  }
}
