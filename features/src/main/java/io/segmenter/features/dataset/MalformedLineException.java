package io.segmenter.features.dataset;

/** A line that cannot be read; caught by the line loop and counted, never escapes a reader. */
final class MalformedLineException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
