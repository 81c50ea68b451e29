package io.segmenter.schemas;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro 1.12 instantiate our generated classes without
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}. Avro checks every class it loads by name
 * against {@link ClassSecurityValidator#getGlobal()}; loading this class once composes that
 * predicate (Avro's defaults plus the system properties) with one that trusts the packages
 * registered here, starting with {@value #GENERATED_PACKAGE}. Trust is by exact package, not
 * sub-packages.
 *
 * <p>Thread-safe; call {@link #trustPackageOf(Class)} before the first decode of classes from
 * another package. A later {@link ClassSecurityValidator#setGlobal} that does not compose with
 * the current predicate undoes this.
 */
public final class AvroTrustedPackages {

  /** Package of the classes generated from {@code src/main/avro}. */
  public static final String GENERATED_PACKAGE = "io.segmenter.schemas.avro";

  private static final Set<String> PACKAGES = ConcurrentHashMap.newKeySet();

  static {
    PACKAGES.add(GENERATED_PACKAGE);
    ClassSecurityPredicate trustRegistered = type -> PACKAGES.contains(type.getPackageName());
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), trustRegistered));
  }

  private AvroTrustedPackages() {}

  /** Makes sure the generated package is trusted (idempotent, cheap after the first call). */
  public static void trustGeneratedClasses() {
    // the static initializer did the work
  }

  /** Trusts the package of {@code type} (and so its nested and sibling generated classes). */
  public static void trustPackageOf(Class<?> type) {
    PACKAGES.add(type.getPackageName());
  }

  /** Whether Avro will now decode into {@code type}. */
  public static boolean isTrusted(Class<?> type) {
    return ClassSecurityValidator.getGlobal().isTrusted(type);
  }
}
