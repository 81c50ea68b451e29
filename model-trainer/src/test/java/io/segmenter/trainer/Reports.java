package io.segmenter.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real-data tests leave their figures: {@code target/trainer-reports/}. */
final class Reports {

    static final Path DIRECTORY = Path.of("target", "trainer-reports");

    private Reports() {
    }

    static void write(String name, String text) {
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
