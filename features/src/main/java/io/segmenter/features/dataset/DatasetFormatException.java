package io.segmenter.features.dataset;

import java.io.IOException;

/**
 * The input is not of the expected format as a whole (its header lacks a required column), so no
 * line of it can be read. Single bad lines are never thrown; they are counted in the {@link ReadReport}.
 */
public class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }
}
