package io.segmenter.schemas.registry;

import io.segmenter.schemas.AvroCompatibility;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * In-memory schema registries behind {@code mock://<scope>} URLs, one per scope and shared by
 * every client of that scope in the JVM, like Confluent's {@code MockSchemaRegistry}. A schema
 * gets the same id under every subject; each subject enforces BACKWARD compatibility against
 * its latest version (the Confluent default), checked with Avro's {@code SchemaCompatibility},
 * and rejects a break with the same {@link IncompatibleSchemaException} as the HTTP client.
 *
 * <p>Thread-safe. Content lives until {@link #dropScope(String)}: tests that need a clean
 * registry use a unique scope or drop theirs.
 */
public final class MockSchemaRegistry {

  private static final ConcurrentMap<String, Scope> SCOPES = new ConcurrentHashMap<>();

  private MockSchemaRegistry() {}

  /** Forgets every subject and schema of {@code scope}; its clients then see an empty registry. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  static SchemaRegistryClient client(String scope) {
    return new Client(scope);
  }

  private static Scope scope(String name) {
    return SCOPES.computeIfAbsent(name, unused -> new Scope());
  }

  /** One registry: ids are global to the scope, versions are per subject. */
  private static final class Scope {
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new HashMap<>();
    private int nextId = 1;

    synchronized int register(String url, String subject, Schema schema) {
      List<Integer> versions = idsBySubject.computeIfAbsent(subject, unused -> new ArrayList<>());
      for (int id : versions) {
        if (schemasById.get(id).equals(schema)) {
          return id;
        }
      }
      if (!versions.isEmpty()) {
        Schema latest = schemasById.get(versions.get(versions.size() - 1));
        List<String> problems = AvroCompatibility.problems(schema, latest);
        if (!problems.isEmpty()) {
          throw new IncompatibleSchemaException(subject, url,
              "Schema being registered is incompatible with an earlier schema for subject \""
                  + subject + "\" (BACKWARD): " + String.join("; ", problems));
        }
      }
      Integer id = idsBySchema.get(schema);
      if (id == null) {
        id = nextId++;
        idsBySchema.put(schema, id);
        schemasById.put(id, schema);
      }
      versions.add(id);
      return id;
    }

    synchronized int lookupId(String url, String subject, Schema schema) {
      List<Integer> versions = idsBySubject.get(subject);
      if (versions == null || versions.isEmpty()) {
        throw new SchemaNotRegisteredException(subject, url, "Subject '" + subject + "' not found.");
      }
      for (int id : versions) {
        if (schemasById.get(id).equals(schema)) {
          return id;
        }
      }
      throw new SchemaNotRegisteredException(subject, url, "Schema not found");
    }

    synchronized Schema getById(String url, int id) {
      Schema schema = schemasById.get(id);
      if (schema == null) {
        throw new UnknownSchemaIdException(id, url, "Schema " + id + " not found");
      }
      return schema;
    }
  }

  /** A view of one scope; holds no state, so closing it loses nothing. */
  private static final class Client implements SchemaRegistryClient {
    private final String scope;
    private final String url;

    Client(String scope) {
      this.scope = scope;
      this.url = "mock://" + scope;
    }

    @Override
    public int register(String subject, Schema schema) {
      return scope(scope).register(url, subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
      return scope(scope).lookupId(url, subject, schema);
    }

    @Override
    public Schema getById(int id) {
      return scope(scope).getById(url, id);
    }

    @Override
    public String url() {
      return url;
    }

    @Override
    public void close() {
      // the scope's content is shared and outlives its clients
    }

    @Override
    public String toString() {
      return "MockSchemaRegistryClient[" + url + "]";
    }
  }
}
