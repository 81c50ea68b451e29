package io.segmenter.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroCompatibilityTest {

  private static final Schema OLD = new Schema.Parser().parse("""
      {"type": "record", "name": "Order", "fields": [
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
          "fields": [{"name": "quantity", "type": "long"}]}}},
        {"name": "tags", "type": {"type": "map", "values": "long"}}
      ]}""");

  private static final Schema NEW = new Schema.Parser().parse("""
      {"type": "record", "name": "Order", "fields": [
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
          "fields": [{"name": "quantity", "type": "int"}]}}},
        {"name": "tags", "type": {"type": "map", "values": "int"}}
      ]}""");

  @Test
  void namesTheFieldPathOfNestedIncompatibilities() {
    assertThat(AvroCompatibility.problems(NEW, OLD))
        .anySatisfy(problem -> assertThat(problem).startsWith("TYPE_MISMATCH at Order.lines[].quantity ("))
        .anySatisfy(problem -> assertThat(problem).startsWith("TYPE_MISMATCH at Order.tags{} ("));
  }

  @Test
  void compatibleSchemasHaveNoProblems() {
    assertThat(AvroCompatibility.problems(OLD, NEW)).isEmpty();
  }
}
