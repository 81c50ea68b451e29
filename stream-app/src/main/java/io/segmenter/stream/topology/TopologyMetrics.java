package io.segmenter.stream.topology;

/**
 * What the topology reports while it runs. The topology gets an instance as an argument (it
 * stays a pure function of its inputs); processors and error handlers call it. Implementations
 * must be thread-safe: every stream thread calls the same instance.
 */
public interface TopologyMetrics {

    /** Key under which an instance travels in the Streams config to the error handlers. */
    String CONFIG = "segmenter.topology.metrics";

    /** A valid input event of the given type was folded into feature state. */
    void processed(String eventType);

    /** A record went to the dead-letter topic for {@code reason} (a kebab-case code). */
    void deadLettered(String reason);

    /** A duplicate event id was dropped. */
    default void duplicateDropped() {
    }

    /** A user got feature state for the first time (or again after eviction). */
    default void userCreated() {
    }

    /** Idle users removed from the feature store. */
    default void usersEvicted(int count) {
    }

    /** Discards everything: for tests that do not look at metrics. */
    TopologyMetrics NONE = new TopologyMetrics() {
        @Override
        public void processed(String eventType) {
        }

        @Override
        public void deadLettered(String reason) {
        }
    };
}
