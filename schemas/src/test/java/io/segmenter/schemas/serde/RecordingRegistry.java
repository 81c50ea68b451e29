package io.segmenter.schemas.serde;

import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.UnknownSchemaIdException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A registry double that hands out one fixed id and counts calls. */
final class RecordingRegistry implements SchemaRegistryClient {

  final int id;
  final AtomicInteger registrations = new AtomicInteger();
  final AtomicInteger fetches = new AtomicInteger();
  final Map<String, Schema> subjects = new ConcurrentHashMap<>();
  private volatile Schema schema;

  RecordingRegistry(int id) {
    this.id = id;
  }

  @Override
  public int register(String subject, Schema registered) {
    registrations.incrementAndGet();
    subjects.put(subject, registered);
    schema = registered;
    return id;
  }

  @Override
  public int lookupId(String subject, Schema looked) {
    return register(subject, looked);
  }

  @Override
  public Schema getById(int requested) {
    fetches.incrementAndGet();
    if (requested != id || schema == null) {
      throw new UnknownSchemaIdException(requested, url(), "not here");
    }
    return schema;
  }

  @Override
  public String url() {
    return "test://recording";
  }

  @Override
  public void close() {}
}
