package io.segmenter.features.dataset;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the test data lives, and reading inline text. */
final class TestData {

    private TestData() {
    }

    /** The repository root: the nearest ancestor of the working directory with {@code data/sample/manifest.tsv}. */
    static Path repoRoot() {
        Path sample = BundledSample.find(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "no data/sample/manifest.tsv above " + Path.of("").toAbsolutePath()));
        return sample.getParent().getParent();
    }

    static Path sampleDir() {
        return repoRoot().resolve(BundledSample.DIRECTORY);
    }

    /**
     * A file of the team's shared public datasets, {@code <repo root>/../shared/data/<relative>}; the
     * calling test is skipped (not failed) in a clone that has no {@code ../shared}.
     */
    static Path shared(String relative) {
        Path dir = repoRoot().resolveSibling("shared").resolve("data");
        assumeTrue(Files.isDirectory(dir), () -> "shared datasets not present at " + dir);
        Path file = dir.resolve(relative);
        assumeTrue(Files.isRegularFile(file), () -> "shared dataset file not present: " + file);
        return file;
    }

    static ReadResult read(DatasetFormat format, String text) {
        return read(format, text, "");
    }

    static ReadResult read(DatasetFormat format, String text, String idPrefix) {
        try {
            return format.reader().readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "inline",
                    idPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DatasetSource inline(String name, DatasetFormat format, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return DatasetSource.of(name, format, () -> new ByteArrayInputStream(bytes));
    }
}
