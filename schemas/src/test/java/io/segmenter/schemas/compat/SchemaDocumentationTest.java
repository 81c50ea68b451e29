package io.segmenter.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every field and named type carries a doc; every enum has a default symbol for evolution. */
class SchemaDocumentationTest {

  @TestFactory
  Stream<DynamicTest> everyFieldHasADocAndEveryEnumADefault() {
    return ContractSchemas.current().entrySet().stream().map(entry -> DynamicTest.dynamicTest(
        entry.getKey() + " is documented and its enums have defaults",
        () -> {
          List<String> problems = problems(entry.getValue());
          assertThat(problems).as(String.join("\n", problems)).isEmpty();
        }));
  }

  @Test
  void checkReportsAFieldWithoutDocAndAnEnumWithoutDefault() {
    Schema undocumented = new Schema.Parser().parse("""
        {"type": "record", "name": "Thing", "doc": "A thing.", "fields": [
          {"name": "id", "type": "string"},
          {"name": "kind", "type": {"type": "enum", "name": "Kind", "doc": "Kinds.", "symbols": ["A", "B"]},
           "doc": "The kind."}
        ]}""");

    assertThat(problems(undocumented)).containsExactlyInAnyOrder(
        "Thing.id has no doc", "enum Kind has no default symbol");
  }

  /** Walks records, arrays, maps and unions; each named type is checked once. */
  static List<String> problems(Schema root) {
    List<String> problems = new ArrayList<>();
    walk(root, problems, new HashSet<>());
    return problems;
  }

  private static void walk(Schema schema, List<String> problems, Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          problems.add("record " + schema.getName() + " has no doc");
        }
        for (Schema.Field field : schema.getFields()) {
          if (isBlank(field.doc())) {
            problems.add(schema.getName() + "." + field.name() + " has no doc");
          }
          walk(field.schema(), problems, seen);
        }
      }
      case ENUM -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        if (isBlank(schema.getDoc())) {
          problems.add("enum " + schema.getName() + " has no doc");
        }
        if (schema.getEnumDefault() == null) {
          problems.add("enum " + schema.getName() + " has no default symbol");
        }
      }
      case ARRAY -> walk(schema.getElementType(), problems, seen);
      case MAP -> walk(schema.getValueType(), problems, seen);
      case UNION -> schema.getTypes().forEach(branch -> walk(branch, problems, seen));
      default -> { }
    }
  }

  private static boolean isBlank(String doc) {
    return doc == null || doc.isBlank();
  }
}
