package io.segmenter.features.dataset;

import java.util.function.Consumer;

/** Per-read state of a line-based reader. */
interface LineParser {

    /** Whether the first non-blank line is a header. */
    boolean expectsHeader();

    /** Called once with the header line (BOM removed) when {@link #expectsHeader()}. */
    default void header(String line) throws DatasetFormatException {
        throw new IllegalStateException("no header expected");
    }

    /**
     * Parses one non-blank data line: emits its events to {@code out} and returns null, or returns
     * why the line is skipped (emitting nothing).
     */
    SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out) throws MalformedLineException;

    /** Called after the last line: emits what was held back (grouped events). */
    default void finish(Consumer<DatasetEvent> out) {
    }
}
