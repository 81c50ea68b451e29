package io.segmenter.features.dataset;

import java.util.Objects;

/**
 * A line that could not be read.
 *
 * @param lineNumber physical 1-based line number (the header is line 1)
 * @param reason     what is wrong, e.g. {@code expected 5 fields, found 4}
 * @param excerpt    the start of the line, at most {@value #MAX_EXCERPT} characters
 */
public record MalformedLine(long lineNumber, String reason, String excerpt) {

    public static final int MAX_EXCERPT = 120;

    public MalformedLine {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    static MalformedLine of(long lineNumber, String reason, String line) {
        String excerpt = line.length() <= MAX_EXCERPT ? line : line.substring(0, MAX_EXCERPT - 3) + "...";
        return new MalformedLine(lineNumber, reason, excerpt);
    }

    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason + " [" + excerpt + "]";
    }
}
