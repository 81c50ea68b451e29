package io.segmenter.stream.topology;

/**
 * An input event after validation: either accepted, or rejected with a reason code and a
 * detail for the dead-letter headers.
 */
public record Checked<V>(V event, String rejectionReason, String rejectionDetail) {

    public static <V> Checked<V> accepted(V event) {
        return new Checked<>(event, null, null);
    }

    public static <V> Checked<V> rejected(V event, String reason, String detail) {
        return new Checked<>(event, reason, detail);
    }

    public boolean isAccepted() {
        return rejectionReason == null;
    }
}
