package io.segmenter.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

  private static final Schema CLICK = ClickEvent.getClassSchema();

  @AfterEach
  void dropScopes() {
    MockSchemaRegistry.dropScope("mock-a");
    MockSchemaRegistry.dropScope("mock-b");
  }

  private static SchemaRegistryClient mock(String scope) {
    return SchemaRegistryClients.create("mock://" + scope, Map.of());
  }

  @Test
  void clientsOfOneScopeShareTheRegistry() {
    int id = mock("mock-a").register("user-clicks-value", CLICK);

    assertThat(mock("mock-a").getById(id)).isEqualTo(CLICK);
    assertThat(mock("mock-a").lookupId("user-clicks-value", CLICK)).isEqualTo(id);
  }

  @Test
  void scopesAreIsolated() {
    int id = mock("mock-a").register("user-clicks-value", CLICK);

    UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class, () -> mock("mock-b").getById(id));
    assertThat(e).hasMessageContaining("mock://mock-b");
  }

  @Test
  void droppingAScopeForgetsItsSchemas() {
    SchemaRegistryClient client = mock("mock-a");
    int id = client.register("user-clicks-value", CLICK);

    MockSchemaRegistry.dropScope("mock-a");

    assertThrows(UnknownSchemaIdException.class, () -> client.getById(id));
  }

  @Test
  void sameSchemaGetsTheSameIdUnderEverySubjectAndOnReRegistration() {
    SchemaRegistryClient client = mock("mock-a");
    int first = client.register("user-clicks-value", CLICK);

    assertThat(client.register("user-clicks-value", CLICK)).isEqualTo(first);
    assertThat(client.register("clicks-archive-value", CLICK)).isEqualTo(first);
    assertThat(client.register("user-purchases-value", PurchaseEvent.getClassSchema())).isNotEqualTo(first);
  }

  @Test
  void acceptsABackwardCompatibleEvolutionAsANewId() {
    SchemaRegistryClient client = mock("mock-a");
    int v1 = client.register("user-clicks-value", CLICK);
    Schema withOptionalField = withExtraField(CLICK, "referrer", true);

    int v2 = client.register("user-clicks-value", withOptionalField);

    assertThat(v2).isNotEqualTo(v1);
    assertThat(client.getById(v2)).isEqualTo(withOptionalField);
  }

  @Test
  void rejectsARequiredFieldWithoutDefaultAsIncompatible() {
    SchemaRegistryClient client = mock("mock-a");
    client.register("user-clicks-value", CLICK);

    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> client.register("user-clicks-value", withExtraField(CLICK, "tenantId", false)));

    assertThat(e.subject()).isEqualTo("user-clicks-value");
    assertThat(e.registryUrl()).isEqualTo("mock://mock-a");
    assertThat(e.registryMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("tenantId");
  }

  @Test
  void lookupOfUnknownSubjectOrSchemaFails() {
    SchemaRegistryClient client = mock("mock-a");
    assertThrows(SchemaNotRegisteredException.class, () -> client.lookupId("user-clicks-value", CLICK));

    client.register("user-clicks-value", CLICK);
    assertThrows(SchemaNotRegisteredException.class,
        () -> client.lookupId("user-clicks-value", withExtraField(CLICK, "referrer", true)));
  }

  /** {@code record} plus one string field: optional (nullable, default null) or required. */
  static Schema withExtraField(Schema record, String name, boolean optional) {
    Schema.Field extra = optional
        ? new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL),
            Schema.create(Schema.Type.STRING)), "test field", Schema.Field.NULL_DEFAULT_VALUE)
        : new Schema.Field(name, Schema.create(Schema.Type.STRING), "test field");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
