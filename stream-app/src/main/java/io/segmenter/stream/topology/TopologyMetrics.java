package io.segmenter.stream.topology;

import java.time.Duration;

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

    /** A user was erased on request (a record of the user-deletions topic). */
    default void userDeleted() {
    }

    /** Idle users removed from the feature store. */
    default void usersEvicted(int count) {
    }

    /**
     * One scoring batch: {@code kind} is {@code users} or {@code purchases}, {@code size} the rows
     * sent to the model in one call, {@code elapsed} the whole batch (read, score, decide, emit).
     */
    default void scoringBatch(String kind, int size, Duration elapsed) {
    }

    /**
     * The live model's call within one scoring batch: {@code kind} and {@code size} as in
     * {@link #scoringBatch}, {@code elapsed} the {@code BatchScorer} call alone (the DL4J forward
     * pass of every row, standardization included), without reading, deciding or emitting.
     */
    default void scoringModelCall(String kind, int size, Duration elapsed) {
    }

    /** Users whose segment probabilities were computed. */
    default void usersScored(int count) {
    }

    /** Purchases whose fraud score was computed. */
    default void purchasesScored(int count) {
    }

    /**
     * A segment change was emitted: segment ids, {@code none} as {@code from} on a first
     * assignment and as {@code to} for a forgotten user (a tombstone).
     */
    default void segmentChanged(String from, String to) {
    }

    /** A fraud anomaly was emitted. */
    default void anomalyEmitted() {
    }

    /** A purchase scored at or above the threshold again for an order that already raised an anomaly. */
    default void anomalySuppressed() {
    }

    /**
     * The shadow model was compared with the live model on one row: {@code kind} is {@code segment}
     * (same best segment) or {@code anomaly} (same at-or-above-threshold decision).
     */
    default void shadowCompared(String kind, boolean agreed) {
    }

    /**
     * Time from the event that caused an output to its emit: {@code output} is {@code segment-change}
     * or {@code fraud-anomaly}.
     */
    default void outputLatency(String output, Duration latency) {
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
