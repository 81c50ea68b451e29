package io.segmenter.stream.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A key or trust store on disk for a TLS listener of {@link EmbeddedKafkaBroker}: its location,
 * password (also the key's) and type ({@code PKCS12}, {@code JKS}). {@link #toString()} hides the
 * password.
 */
public record KeyStoreFile(Path location, String password, String type) {

    public KeyStoreFile {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return "KeyStoreFile[" + location + ", " + type + "]";
    }
}
