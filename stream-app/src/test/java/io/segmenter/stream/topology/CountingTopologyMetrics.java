package io.segmenter.stream.topology;

import java.util.Map;
import java.util.TreeMap;

/** A {@link TopologyMetrics} that counts every call, for asserting what the topology reported. */
final class CountingTopologyMetrics implements TopologyMetrics {

    private final Map<String, Integer> processed = new TreeMap<>();
    private final Map<String, Integer> deadLettered = new TreeMap<>();
    private int usersCreated;
    private int usersEvicted;

    @Override
    public synchronized void processed(String eventType) {
        processed.merge(eventType, 1, Integer::sum);
    }

    @Override
    public synchronized void deadLettered(String reason) {
        deadLettered.merge(reason, 1, Integer::sum);
    }

    @Override
    public synchronized void userCreated() {
        usersCreated++;
    }

    @Override
    public synchronized void usersEvicted(int count) {
        usersEvicted += count;
    }

    /** Valid events folded into state, by event type. */
    synchronized Map<String, Integer> processed() {
        return Map.copyOf(processed);
    }

    /** Dead-lettered records, by reason code. */
    synchronized Map<String, Integer> deadLettered() {
        return Map.copyOf(deadLettered);
    }

    synchronized int usersCreated() {
        return usersCreated;
    }

    synchronized int usersEvicted() {
        return usersEvicted;
    }
}
