package io.segmenter.schemas.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * The contract schemas as the build sees them: current ones from {@code src/main/avro}, released
 * ones from {@code released/<Name>/v<N>.avsc} on the classpath (what ships in the jar).
 */
final class ContractSchemas {

  static final Path CURRENT_DIR = Path.of("src", "main", "avro");
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

  record Released(String name, int version, Schema schema) {
    String label() {
      return name + " v" + version;
    }
  }

  private ContractSchemas() {}

  /** Current schemas by file name without {@code .avsc}. */
  static Map<String, Schema> current() {
    Map<String, Schema> schemas = new TreeMap<>();
    try (Stream<Path> files = Files.list(CURRENT_DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        String name = file.getFileName().toString().replaceFirst("\\.avsc$", "");
        schemas.put(name, new Schema.Parser().parse(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (schemas.isEmpty()) {
      throw new IllegalStateException("No schemas in " + CURRENT_DIR.toAbsolutePath());
    }
    return schemas;
  }

  /** Every released version, ordered by name then version. */
  static List<Released> released() {
    URL root = ContractSchemas.class.getClassLoader().getResource("released");
    if (root == null) {
      throw new IllegalStateException("No released/ directory on the classpath");
    }
    List<Released> released = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Matcher matcher = VERSION_FILE.matcher(file.getFileName().toString());
            if (!matcher.matches()) {
              throw new IllegalStateException("Released schema file not named v<N>.avsc: " + file);
            }
            released.add(new Released(dir.getFileName().toString(), Integer.parseInt(matcher.group(1)),
                new Schema.Parser().parse(file.toFile())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    released.sort(Comparator.comparing(Released::name).thenComparingInt(Released::version));
    return released;
  }
}
