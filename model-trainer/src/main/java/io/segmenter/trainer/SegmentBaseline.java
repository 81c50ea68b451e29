package io.segmenter.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code evaluate} needs beside the bundle to score a model against its own segment
 * definition: the clustering that labels users and the naive-Bayes baseline trained on the same
 * split. Written by {@code train} as {@code baseline.json} next to {@code model.zip} (the bundle
 * format has no place for them yet). {@code bundleSha256} ties the file to its bundle.
 *
 * @param modelVersion the bundle's version
 * @param bundleSha256 the bundle file's SHA-256
 * @param clustering   the segment definition
 * @param naiveBayes   the baseline classifier, on standardized SEGMENT features
 */
public record SegmentBaseline(String modelVersion, String bundleSha256, SegmentClustering clustering,
        GaussianNaiveBayes naiveBayes) {

    /** The usual file name, beside {@code model.zip}. */
    public static final String FILE_NAME = "baseline.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public SegmentBaseline {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(bundleSha256, "bundleSha256");
        Objects.requireNonNull(clustering, "clustering");
        Objects.requireNonNull(naiveBayes, "naiveBayes");
        if (naiveBayes.classes() != clustering.k()) {
            throw new IllegalArgumentException("naive Bayes has " + naiveBayes.classes() + " classes, the clustering "
                    + clustering.k());
        }
        for (double p : naiveBayes.logPriors()) {
            if (!Double.isFinite(p)) {
                throw new IllegalArgumentException("every segment needs training rows (a log prior is " + p + ")");
            }
        }
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.write(file, toJson());
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the baseline as JSON", e);
        }
    }

    public static SegmentBaseline read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), SegmentBaseline.class);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid baseline: " + e.getMessage(), e);
        }
    }
}
