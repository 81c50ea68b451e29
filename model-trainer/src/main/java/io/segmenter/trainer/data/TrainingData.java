package io.segmenter.trainer.data;

import io.segmenter.features.ReplayEvent;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a training run reads: each source's events in event-time order, not shifted in time (the
 * stream sees real event times; only the demo aligns sources), with where they came from.
 *
 * <p>Roles: a <b>labelled</b> source (one whose purchases carry a fraud label, the Fraud_Data
 * format) trains and measures the fraud model only, replayed on its own; every other source is
 * user behaviour and trains the segments. Ids of different sources never collide: with more than
 * one source each has a distinct id prefix.
 *
 * @param sources in the order given
 */
public record TrainingData(List<Source> sources) {

    public TrainingData {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no training data");
        }
    }

    /**
     * One source.
     *
     * @param name        file name (or topic, or classpath resource) for reports and notes
     * @param format      its format's command-line name, or {@code topics} for Kafka history
     * @param fingerprint {@code sha256 <hex>} of the file's bytes, or a description of what was read when there is no file
     * @param linesRead   lines (or records) read
     * @param malformed   lines that could not be read
     * @param events      accepted events, in event-time order
     */
    public record Source(String name, String format, String fingerprint, long linesRead, long malformed,
            List<DatasetEvent> events) {

        public Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(fingerprint, "fingerprint");
            events = List.copyOf(events);
        }

        /** Whether any purchase carries a fraud label. */
        public boolean labelled() {
            return events.stream().anyMatch(e -> e.label().isPresent());
        }

        public List<ReplayEvent> replayEvents() {
            return events.stream().map(DatasetEvent::toReplayEvent).toList();
        }

        public Optional<Instant> firstEventTime() {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(0).eventTime());
        }

        public Optional<Instant> lastEventTime() {
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).eventTime());
        }

        public Duration span() {
            return events.isEmpty() ? Duration.ZERO : Duration.between(events.get(0).eventTime(), lastEventTime().orElseThrow());
        }

        /** One line for notes and logs: name, format, fingerprint, counts. */
        public String describe() {
            return String.format(Locale.ROOT, "%s (%s, %s, %d lines, %d malformed, %d events)", name,
                    format, fingerprint, linesRead, malformed, events.size());
        }
    }

    /** Reads every source fully, each sorted by event time on its own. */
    public static TrainingData load(List<DatasetSource> sources) throws IOException {
        List<Source> out = new ArrayList<>();
        for (DatasetSource source : sources) {
            DatasetReplay.Result read = DatasetReplay.sorted(source);
            Path file = Path.of(source.name());
            String name = file.getFileName() == null ? source.name() : file.getFileName().toString();
            String fingerprint = Files.isRegularFile(file) ? "sha256 " + sha256(file) : "unknown (" + source.name() + ")";
            out.add(new Source(name, source.format().cliName(), fingerprint, read.linesRead(), read.malformedLines(), read.events()));
        }
        return new TrainingData(out);
    }

    /** Sources of user behaviour: every unlabelled source. */
    public List<Source> segmentSources() {
        return sources.stream().filter(s -> !s.labelled()).toList();
    }

    /** Sources with fraud labels. */
    public List<Source> labelledSources() {
        return sources.stream().filter(Source::labelled).toList();
    }

    /** The newest event time over all sources: the trained bundle's creation time, so a rerun gives the same bytes. */
    public Instant newestEventTime() {
        return sources.stream().map(Source::lastEventTime).flatMap(Optional::stream).max(Instant::compareTo)
                .orElseThrow(() -> new IllegalArgumentException("the training data has no events"));
    }

    public long eventCount() {
        return sources.stream().mapToLong(s -> s.events().size()).sum();
    }

    static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
