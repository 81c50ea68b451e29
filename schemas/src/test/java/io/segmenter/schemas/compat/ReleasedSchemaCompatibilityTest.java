package io.segmenter.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compatibility gate: every schema in {@code src/main/avro} must read data written with every
 * released version of it, so a deploy never strands records already on the topics.
 */
class ReleasedSchemaCompatibilityTest {

  private static final Map<String, Schema> CURRENT = ContractSchemas.current();

  @TestFactory
  Stream<DynamicTest> currentSchemaReadsDataWrittenByEveryReleasedVersion() {
    return ContractSchemas.released().stream().map(released -> DynamicTest.dynamicTest(
        "current " + released.name() + " reads data written with released " + released.label(),
        () -> {
          Schema current = CURRENT.get(released.name());
          assertThat(current)
              .as("released schema %s has no current src/main/avro/%s.avsc: removing a "
                  + "released schema breaks its readers", released.label(), released.name())
              .isNotNull();
          List<String> problems =
              BackwardCompatibility.problems(released.name(), current, released.label(), released.schema());
          assertThat(problems).as(String.join("\n", problems)).isEmpty();
        }));
  }

  @Test
  void everyContractHasAReleasedVersion() {
    List<String> releasedNames = ContractSchemas.released().stream().map(ContractSchemas.Released::name).toList();

    assertThat(releasedNames).containsAll(CURRENT.keySet());
  }

  @Test
  void gateReportsANewRequiredFieldWithoutDefaultNamingSchemaVersionAndProblem() {
    ContractSchemas.Released clickV1 = releasedV1("ClickEvent");
    Schema breaking = withField(CURRENT.get("ClickEvent"),
        new Schema.Field("tenantId", Schema.create(Schema.Type.STRING), "Tenant of the shop."));

    List<String> problems = BackwardCompatibility.problems("ClickEvent", breaking, clickV1.label(), clickV1.schema());

    assertThat(problems).singleElement().asString()
        .contains("ClickEvent", "v1", "READER_FIELD_MISSING_DEFAULT_VALUE", "tenantId");
  }

  @Test
  void gateReportsAChangedFieldType() {
    ContractSchemas.Released purchaseV1 = releasedV1("PurchaseEvent");
    Schema current = CURRENT.get("PurchaseEvent");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : current.getFields()) {
      fields.add(field.name().equals("amountMinor")
          ? new Schema.Field(field.name(), Schema.create(Schema.Type.INT), field.doc())
          : new Schema.Field(field, field.schema()));
    }
    Schema breaking = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

    List<String> problems =
        BackwardCompatibility.problems("PurchaseEvent", breaking, purchaseV1.label(), purchaseV1.schema());

    assertThat(problems).singleElement().asString().contains("TYPE_MISMATCH", "amountMinor");
  }

  @Test
  void gateAcceptsANewOptionalField() {
    ContractSchemas.Released clickV1 = releasedV1("ClickEvent");
    Schema evolved = withField(CURRENT.get("ClickEvent"), new Schema.Field("referrer",
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
        "Referring page, when known.", Schema.Field.NULL_DEFAULT_VALUE));

    assertThat(BackwardCompatibility.problems("ClickEvent", evolved, clickV1.label(), clickV1.schema())).isEmpty();
  }

  private static ContractSchemas.Released releasedV1(String name) {
    return ContractSchemas.released().stream()
        .filter(r -> r.name().equals(name) && r.version() == 1)
        .findFirst().orElseThrow();
  }

  private static Schema withField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(new Schema.Field(field, field.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }
}
