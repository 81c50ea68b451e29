package io.segmenter.features.validation;

import java.util.Objects;

/** A rejected event: the reason (its code goes into the dead-letter header) and a detail for people. */
public record Rejection(RejectionReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
