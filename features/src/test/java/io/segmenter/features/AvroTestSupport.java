package io.segmenter.features;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets the tests build Avro records whose builders deep-copy defaults (such as the empty
 * {@code lineItems} of a purchase): Avro 1.12 only instantiates trusted classes. Composes with
 * whatever is trusted already, like {@code io.segmenter.schemas.AvroTrustedPackages}, which
 * the installed schemas jar does not have yet.
 */
public final class AvroTestSupport {

    private static final String GENERATED_PACKAGE = "io.segmenter.schemas.avro";

    static {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> GENERATED_PACKAGE.equals(type.getPackageName())));
    }

    private AvroTestSupport() {
    }

    /** Idempotent; the static initializer did the work. */
    public static void trustGeneratedClasses() {
        // nothing more
    }
}
