package io.segmenter.stream.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link TopologyMetrics} that counts every call, for asserting what the topology reported. */
final class CountingTopologyMetrics implements TopologyMetrics {

    private final Map<String, Integer> processed = new TreeMap<>();
    private final Map<String, Integer> deadLettered = new TreeMap<>();
    private int usersCreated;
    private int usersEvicted;
    private final Map<String, List<Integer>> batchSizes = new TreeMap<>();
    private final Map<String, List<Duration>> batchDurations = new TreeMap<>();
    private final Map<String, List<Integer>> modelCallSizes = new TreeMap<>();
    private final Map<String, List<Duration>> modelCallDurations = new TreeMap<>();
    private int usersScored;
    private int purchasesScored;
    private final Map<String, Integer> segmentChanges = new TreeMap<>();
    private int anomalies;
    private int duplicatesDropped;
    private int anomaliesSuppressed;
    private final Map<String, Integer> shadowComparisons = new TreeMap<>();
    private final Map<String, List<Duration>> outputLatencies = new TreeMap<>();

    @Override
    public synchronized void processed(String eventType) {
        processed.merge(eventType, 1, Integer::sum);
    }

    @Override
    public synchronized void deadLettered(String reason) {
        deadLettered.merge(reason, 1, Integer::sum);
    }

    @Override
    public synchronized void duplicateDropped() {
        duplicatesDropped++;
    }

    @Override
    public synchronized void userCreated() {
        usersCreated++;
    }

    @Override
    public synchronized void usersEvicted(int count) {
        usersEvicted += count;
    }

    @Override
    public synchronized void scoringBatch(String kind, int size, Duration elapsed) {
        batchSizes.computeIfAbsent(kind, k -> new ArrayList<>()).add(size);
        batchDurations.computeIfAbsent(kind, k -> new ArrayList<>()).add(elapsed);
    }

    @Override
    public synchronized void scoringModelCall(String kind, int size, Duration elapsed) {
        modelCallSizes.computeIfAbsent(kind, k -> new ArrayList<>()).add(size);
        modelCallDurations.computeIfAbsent(kind, k -> new ArrayList<>()).add(elapsed);
    }

    @Override
    public synchronized void usersScored(int count) {
        usersScored += count;
    }

    @Override
    public synchronized void purchasesScored(int count) {
        purchasesScored += count;
    }

    @Override
    public synchronized void segmentChanged(String from, String to) {
        segmentChanges.merge(from + "->" + to, 1, Integer::sum);
    }

    @Override
    public synchronized void anomalyEmitted() {
        anomalies++;
    }

    @Override
    public synchronized void anomalySuppressed() {
        anomaliesSuppressed++;
    }

    @Override
    public synchronized void shadowCompared(String kind, boolean agreed) {
        shadowComparisons.merge(kind + "/" + (agreed ? "agree" : "disagree"), 1, Integer::sum);
    }

    @Override
    public synchronized void outputLatency(String output, Duration latency) {
        outputLatencies.computeIfAbsent(output, o -> new ArrayList<>()).add(latency);
    }

    /** Valid events folded into state, by event type. */
    synchronized Map<String, Integer> processed() {
        return Map.copyOf(processed);
    }

    /** Dead-lettered records, by reason code. */
    synchronized Map<String, Integer> deadLettered() {
        return Map.copyOf(deadLettered);
    }

    synchronized int duplicatesDropped() {
        return duplicatesDropped;
    }

    synchronized int usersCreated() {
        return usersCreated;
    }

    synchronized int usersEvicted() {
        return usersEvicted;
    }

    /** The size of every scoring batch of {@code kind} ({@code users}, {@code purchases}), in order. */
    synchronized List<Integer> batchSizes(String kind) {
        return List.copyOf(batchSizes.getOrDefault(kind, List.of()));
    }

    /** The duration of every scoring batch of {@code kind}, in order. */
    synchronized List<Duration> batchDurations(String kind) {
        return List.copyOf(batchDurations.getOrDefault(kind, List.of()));
    }

    /** The rows of every model call of {@code kind}, in order. */
    synchronized List<Integer> modelCallSizes(String kind) {
        return List.copyOf(modelCallSizes.getOrDefault(kind, List.of()));
    }

    /** The duration of every model call of {@code kind}, in order. */
    synchronized List<Duration> modelCallDurations(String kind) {
        return List.copyOf(modelCallDurations.getOrDefault(kind, List.of()));
    }

    synchronized int usersScored() {
        return usersScored;
    }

    synchronized int purchasesScored() {
        return purchasesScored;
    }

    /** Emitted segment changes by {@code from->to}. */
    synchronized Map<String, Integer> segmentChanges() {
        return Map.copyOf(segmentChanges);
    }

    synchronized int anomalies() {
        return anomalies;
    }

    synchronized int anomaliesSuppressed() {
        return anomaliesSuppressed;
    }

    /** Shadow comparisons by {@code kind/outcome}. */
    synchronized Map<String, Integer> shadowComparisons() {
        return Map.copyOf(shadowComparisons);
    }

    /** Every output latency of {@code output} ({@code segment-change}, {@code fraud-anomaly}), in order. */
    synchronized List<Duration> outputLatencies(String output) {
        return List.copyOf(outputLatencies.getOrDefault(output, List.of()));
    }
}
