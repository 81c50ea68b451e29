package io.segmenter.schemas.compat;

import io.segmenter.schemas.AvroCompatibility;
import java.util.List;
import org.apache.avro.Schema;

/** The build's compatibility rule: a current schema must read data written by each release. */
final class BackwardCompatibility {

  private BackwardCompatibility() {}

  /**
   * Why {@code current} cannot read data written with {@code released}, one readable line per
   * incompatibility, naming schema and version; empty when it can.
   */
  static List<String> problems(String name, Schema current, String releasedLabel, Schema released) {
    return AvroCompatibility.problems(current, released).stream()
        .map(problem -> "current " + name + " cannot read data written with released "
            + releasedLabel + ": " + problem)
        .toList();
  }
}
