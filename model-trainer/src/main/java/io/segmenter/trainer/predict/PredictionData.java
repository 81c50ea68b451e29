package io.segmenter.trainer.predict;

import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The prediction rows of every behaviour source, each split in time at its own test start: rows
 * cut before it train (a label only where its period also ends before it, so no training label
 * sees the test period), rows cut at or after it test (a label only where its period is observed).
 *
 * @param targets the periods
 * @param sources one entry per behaviour source that supports the periods
 * @param leftOut the behaviour sources that do not, each with why
 */
public record PredictionData(PredictionTargets targets, List<Part> sources, List<String> leftOut) {

    /** Share of a source's observed protocol cuts that test, by default. */
    public static final double DEFAULT_TEST_SHARE = 0.3;

    public PredictionData {
        Objects.requireNonNull(targets, "targets");
        sources = List.copyOf(sources);
        leftOut = List.copyOf(leftOut);
    }

    /**
     * One source and its test start.
     *
     * @param rows     the source's rows
     * @param testFrom the first test cut
     */
    public record Part(OutcomeRows rows, Instant testFrom) {

        /** The time by which training labels must be known: the test start, or the end of the data if earlier. */
        public Instant trainingObservedUntil() {
            return testFrom.isBefore(rows.observedUntil()) ? testFrom : rows.observedUntil();
        }

        public boolean isTraining(OutcomeRow r) {
            return r.cut().isBefore(testFrom);
        }

        public boolean isTest(OutcomeRow r) {
            return !r.cut().isBefore(testFrom);
        }
    }

    /** Training rows of every source with at least one observed label. */
    public List<OutcomeRow> trainingRows() {
        List<OutcomeRow> out = new ArrayList<>();
        for (Part p : sources) {
            Instant known = p.trainingObservedUntil();
            for (OutcomeRow r : p.rows().rows()) {
                if (p.isTraining(r) && (r.purchaseObservedBy(known) || r.churnObservedBy(known))) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** Test rows of every source whose purchase period is observed. */
    public List<OutcomeRow> testRows() {
        List<OutcomeRow> out = new ArrayList<>();
        for (Part p : sources) {
            for (OutcomeRow r : p.rows().rows()) {
                if (p.isTest(r) && r.purchaseObservedBy(p.rows().observedUntil())) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The part a row comes from. */
    public Part partOf(OutcomeRow r) {
        for (Part p : sources) {
            if (p.rows().source().equals(r.source())) {
                return p;
            }
        }
        throw new IllegalArgumentException("no source " + r.source());
    }

    /** Whether a training row's purchase label may be used. */
    public boolean trainingPurchaseKnown(OutcomeRow r) {
        return r.purchaseObservedBy(partOf(r).trainingObservedUntil());
    }

    /** Whether a training row's churn label may be used. */
    public boolean trainingChurnKnown(OutcomeRow r) {
        return r.churnObservedBy(partOf(r).trainingObservedUntil());
    }

    /** Whether a test row's churn label is observed. */
    public boolean testChurnKnown(OutcomeRow r) {
        return r.churnObservedBy(partOf(r).rows().observedUntil());
    }

    /** The zone of a source's days: Taobao's times are China's (UTC+8), every other source's UTC. */
    public static ZoneId zoneOf(String format) {
        return DatasetFormat.fromCliName(format) == DatasetFormat.TAOBAO ? ZoneOffset.ofHours(8) : ZoneOffset.UTC;
    }

    /**
     * Builds every behaviour source's rows.
     *
     * @param targets  the periods; empty for the default of the longest source's span ({@link PredictionTargets#forSpan})
     * @param testFrom the first test day (midnight of the source's zone) for every source; empty for the last
     *                 {@link #DEFAULT_TEST_SHARE} of each source's observed protocol cuts
     * @throws IllegalArgumentException when a source cannot support the periods, saying why
     */
    public static PredictionData of(TrainingData data, Optional<PredictionTargets> targets, Optional<LocalDate> testFrom,
            long seed) {
        List<TrainingData.Source> behaviour = data.segmentSources();
        if (behaviour.isEmpty()) {
            throw new IllegalArgumentException("no behaviour data to learn predictions from: every source is labelled"
                    + " fraud data");
        }
        PredictionTargets t = targets.orElseGet(() -> PredictionTargets.forSpan(behaviour.stream()
                .map(PredictionData::wholeDaySpan).max(Duration::compareTo).orElseThrow()));
        List<Part> parts = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (TrainingData.Source s : behaviour) {
            ZoneId zone = zoneOf(s.format());
            Optional<Instant> anchor = testFrom.map(d -> d.atStartOfDay(zone).toInstant());
            OutcomeRows rows = OutcomeRows.build(s.name(), s.replayEvents(), t, zone, anchor, seed);
            Optional<Instant> start = anchor.isPresent() ? anchor
                    : defaultTestStart(rows, OutcomeRows.bulkStart(s.replayEvents()));
            if (start.isEmpty() || !hasTrainingLabel(rows, start.get())) {
                unsupported.add(s.name() + " (" + Durations.text(wholeDaySpan(s)) + " of data: no cut with an observed "
                        + Durations.text(t.purchaseHorizon()) + " after it both before and after the test start)");
                continue;
            }
            parts.add(new Part(rows, start.get()));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no source can support " + t.describe() + ": " + String.join(", ", unsupported)
                    + "; give shorter periods (--purchase-horizon, --churn-horizon) or longer data");
        }
        return new PredictionData(t, parts, unsupported);
    }

    /** A source's {@link OutcomeRows#bulkSpan}, rounded up to whole days when longer than a day (an export of 9 days spans 9 days, not 8 d 23 h). */
    public static Duration wholeDaySpan(TrainingData.Source s) {
        Duration span = OutcomeRows.bulkSpan(s.replayEvents());
        return span.compareTo(Duration.ofDays(1)) <= 0 ? span : Duration.ofDays(span.plusDays(1).minusNanos(1).toDays());
    }

    /** The last {@link #DEFAULT_TEST_SHARE} of the observed daily cuts from where the bulk of the data begins. */
    private static Optional<Instant> defaultTestStart(OutcomeRows rows, Instant bulkStart) {
        List<Instant> cuts = rows.rows().stream()
                .filter(r -> r.kind() == CutKind.DAILY && r.purchaseObservedBy(rows.observedUntil())
                        && !r.cut().isBefore(bulkStart))
                .map(OutcomeRow::cut).distinct().sorted().toList();
        if (cuts.size() < 2) {
            return Optional.empty();
        }
        int test = Math.max(1, (int) Math.ceil(cuts.size() * DEFAULT_TEST_SHARE));
        return Optional.of(cuts.get(cuts.size() - test));
    }

    private static boolean hasTrainingLabel(OutcomeRows rows, Instant testFrom) {
        Instant known = testFrom.isBefore(rows.observedUntil()) ? testFrom : rows.observedUntil();
        boolean train = rows.rows().stream().anyMatch(r -> r.cut().isBefore(testFrom) && r.purchaseObservedBy(known));
        boolean test = rows.rows().stream().anyMatch(r -> !r.cut().isBefore(testFrom)
                && r.purchaseObservedBy(rows.observedUntil()));
        return train && test;
    }
}
