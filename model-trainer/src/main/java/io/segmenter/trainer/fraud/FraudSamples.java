package io.segmenter.trainer.fraud;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.trainer.UserSplit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The purchases of a replay as fraud samples, in replay (event-time) order: one causal FRAUD vector
 * per accepted purchase, computed by {@link OfflineFeatureReplay}, the stream's own state and
 * extraction code, so a vector at time t sees only the events before it. Clicks are replayed too
 * (they shape the user half of a vector) but give no sample. Events the stream would dead-letter
 * are left out and counted in {@link #rejections()}. Immutable.
 */
public final class FraudSamples {

    private final List<FraudSample> samples;
    private final Map<RejectionReason, Long> rejections;

    private FraudSamples(List<FraudSample> samples, Map<RejectionReason, Long> rejections) {
        this.samples = List.copyOf(samples);
        EnumMap<RejectionReason, Long> copy = new EnumMap<>(RejectionReason.class);
        copy.putAll(rejections);
        this.rejections = Collections.unmodifiableMap(copy);
    }

    /**
     * Replays {@code sortedEvents} (ascending event time, e.g. {@code DatasetReplay.Result#events()})
     * and keeps every accepted purchase with its label.
     *
     * @throws IllegalArgumentException when the events are not in event-time order: replaying them
     *                                  out of order would let a vector see later events
     */
    public static FraudSamples from(List<DatasetEvent> sortedEvents) {
        Map<String, OptionalInt> labelByEventId = new HashMap<>();
        Instant previous = Instant.MIN;
        for (int i = 0; i < sortedEvents.size(); i++) {
            DatasetEvent e = sortedEvents.get(i);
            if (e.eventTime().isBefore(previous)) {
                throw new IllegalArgumentException("event " + i + " (" + e.eventId() + " at " + e.eventTime()
                        + ") is earlier than the one before it (" + previous + "): sort by event time first");
            }
            previous = e.eventTime();
            if (e instanceof DatasetEvent.Purchase p && p.label().isPresent()) {
                labelByEventId.put(p.eventId(), p.label());
            }
        }
        List<FraudSample> out = new ArrayList<>();
        OfflineFeatureReplay replay = OfflineFeatureReplay.builder()
                .onPurchase((purchase, vector) -> out.add(new FraudSample(purchase.getUserId(), purchase.getOrderId(),
                        purchase.getEventTime(), vector,
                        labelByEventId.getOrDefault(purchase.getEventId(), OptionalInt.empty()))))
                .build();
        for (DatasetEvent e : sortedEvents) {
            replay.accept(e.toReplayEvent());
        }
        return new FraudSamples(out, replay.rejectionCounts());
    }

    /** Samples made elsewhere (tests, subsets), in the given order. */
    public static FraudSamples of(List<FraudSample> samples) {
        return new FraudSamples(samples, Map.of());
    }

    public List<FraudSample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** Events the replay rejected (what the stream would dead-letter), by reason. */
    public Map<RejectionReason, Long> rejections() {
        return rejections;
    }

    /** Whether any sample carries a label. */
    public boolean hasLabels() {
        return samples.stream().anyMatch(FraudSample::hasLabel);
    }

    /** Number of samples labelled fraud. */
    public long fraudCount() {
        return samples.stream().filter(s -> s.hasLabel() && s.isFraud()).count();
    }

    /** Number of labelled samples. */
    public long labelledCount() {
        return samples.stream().filter(FraudSample::hasLabel).count();
    }

    /** The labelled samples only, in order. */
    public FraudSamples labelled() {
        return filter(FraudSample::hasLabel);
    }

    /** The samples that {@code keep} accepts, in order (rejection counts carry over). */
    public FraudSamples filter(Predicate<FraudSample> keep) {
        return new FraudSamples(samples.stream().filter(keep).toList(), rejections);
    }

    /** The FRAUD vectors, in order. */
    public List<FeatureVector> vectors() {
        return samples.stream().map(FraudSample::vector).toList();
    }

    /** The FRAUD vectors as raw rows (feature units, definition order), in order; new arrays. */
    public double[][] rows() {
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = samples.get(i).vector().values();
        }
        return rows;
    }

    /**
     * The labels as "is fraud", in order.
     *
     * @throws IllegalStateException when a sample is unlabelled (take {@link #labelled()} first)
     */
    public boolean[] fraudLabels() {
        boolean[] fraud = new boolean[samples.size()];
        for (int i = 0; i < fraud.length; i++) {
            fraud[i] = samples.get(i).isFraud();
        }
        return fraud;
    }

    /** Train and test sides by user: all purchases of a user land on the side {@code split} puts the user. */
    public Split split(UserSplit split) {
        List<FraudSample> train = new ArrayList<>();
        List<FraudSample> test = new ArrayList<>();
        Map<String, Boolean> isTest = new HashMap<>();
        for (FraudSample s : samples) {
            (isTest.computeIfAbsent(s.userId(), split::isTest) ? test : train).add(s);
        }
        return new Split(new FraudSamples(train, rejections), new FraudSamples(test, rejections));
    }

    /** The two sides of a split by user. */
    public record Split(FraudSamples train, FraudSamples test) {
    }

    @Override
    public String toString() {
        return "FraudSamples[" + samples.size() + " purchases, " + labelledCount() + " labelled, " + fraudCount()
                + " fraud]";
    }
}
