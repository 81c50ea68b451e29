package io.segmenter.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Avro's {@link SchemaCompatibility} with messages a person can act on: each incompatibility
 * names the field path ({@code PurchaseEvent.lineItems[].quantity}) next to Avro's JSON-pointer
 * location. Stateless and thread-safe.
 */
public final class AvroCompatibility {

  private AvroCompatibility() {}

  /**
   * Why {@code reader} cannot read data written with {@code writer}, one line per
   * incompatibility; empty when it can.
   */
  public static List<String> problems(Schema reader, Schema writer) {
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getIncompatibilities().stream().map(i -> describe(reader, i)).toList();
  }

  private static String describe(Schema reader, Incompatibility incompatibility) {
    return incompatibility.getType() + " at " + fieldPath(reader, incompatibility.getLocation())
        + " (" + incompatibility.getLocation() + "): " + incompatibility.getMessage();
  }

  /**
   * Follows an Avro location such as {@code /fields/6/type/items/fields/3/type} through the
   * reader schema; returns the location itself when it cannot.
   */
  static String fieldPath(Schema root, String location) {
    StringBuilder path = new StringBuilder(root.getName());
    Schema current = root;
    String[] tokens = location.split("/");
    try {
      for (int i = 1; i < tokens.length; i++) {
        String token = tokens[i];
        switch (token) {
          case "fields" -> {
            Schema.Field field = current.getFields().get(Integer.parseInt(tokens[++i]));
            path.append('.').append(field.name());
            current = field.schema();
          }
          case "type" -> {
            // the field's type: already stepped into
          }
          case "items" -> {
            current = current.getElementType();
            path.append("[]");
          }
          case "values" -> {
            current = current.getValueType();
            path.append("{}");
          }
          default -> {
            if (current.getType() == Schema.Type.UNION && token.chars().allMatch(Character::isDigit)) {
              current = current.getTypes().get(Integer.parseInt(token));
            } else {
              return path.append(" (").append(token).append(')').toString();
            }
          }
        }
      }
      return path.toString();
    } catch (RuntimeException e) {
      return location;
    }
  }
}
