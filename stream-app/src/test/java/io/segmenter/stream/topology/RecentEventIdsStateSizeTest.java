package io.segmenter.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.schemas.AvroTrustedPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the dedup store costs per user on the bundled samples, replayed in event-time order as the
 * validators see them (default grace, ids expired on access): the stored bytes of each user after
 * each of its events (the value written to the changelog) and each user's largest value. Writes
 * target/topology-reports/dedup-state-size.txt
 * ({@code ./mvnw -pl stream-app test -Dtest=RecentEventIdsStateSizeTest}).
 */
class RecentEventIdsStateSizeTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");
    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final long RETENTION_MILLIS = GRACE.plus(ValidateEventProcessor.DEDUP_MARGIN).toMillis();

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    @Test
    void bundledSamplesKeepAFewHundredBytesPerUserAtMost() throws IOException {
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "dedup store (%s), %d bytes per id, retention grace %s + margin %s%n",
                SegmentationTopology.USER_EVENT_IDS_STORE, RecentEventIds.ENTRY_BYTES, GRACE, ValidateEventProcessor.DEDUP_MARGIN));
        for (var sample : List.of(Map.entry("taobao-userbehavior-150users.csv", DatasetFormat.TAOBAO),
                Map.entry("rees46-2019-oct-head4000.csv", DatasetFormat.REES46),
                Map.entry("fraud-data-head4000.csv", DatasetFormat.FRAUD_DATA))) {
            Sizes sizes = measure(DatasetReplay.sorted(DatasetSource.file(SAMPLE.resolve(sample.getKey()), sample.getValue())).events());
            report.append(String.format(Locale.ROOT,
                    "%s: %d users, %d events%n  bytes per user written per event: mean %.1f, p99 %d, max %d%n"
                            + "  largest value per user: mean %.1f, p99 %d, max %d%n",
                    sample.getKey(), sizes.peakPerUser().length, sizes.perEvent().length, mean(sizes.perEvent()),
                    percentile(sizes.perEvent(), 0.99), max(sizes.perEvent()), mean(sizes.peakPerUser()),
                    percentile(sizes.peakPerUser(), 0.99), max(sizes.peakPerUser())));
            assertThat(percentile(sizes.peakPerUser(), 0.99)).isLessThan(1_024);
        }
        Path reports = Path.of("target", "topology-reports");
        Files.createDirectories(reports);
        Files.writeString(reports.resolve("dedup-state-size.txt"), report, StandardCharsets.UTF_8);
    }

    private record Sizes(long[] perEvent, long[] peakPerUser) {
    }

    private static Sizes measure(List<DatasetEvent> events) {
        Map<String, byte[]> store = new HashMap<>();
        Map<String, Long> peaks = new HashMap<>();
        Map<RecentEventIds.Input, Long> partitionTime = new EnumMap<>(RecentEventIds.Input.class);
        long[] perEvent = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            DatasetEvent e = events.get(i);
            RecentEventIds.Input input = e instanceof DatasetEvent.Click ? RecentEventIds.Input.CLICKS : RecentEventIds.Input.PURCHASES;
            long at = e.eventTime().toEpochMilli();
            long time = partitionTime.merge(input, at, Math::max);
            long id = RecentEventIds.idOf(input, e.eventId());
            byte[] seen = store.get(e.userId());
            byte[] next = RecentEventIds.contains(seen, id) ? seen : RecentEventIds.add(seen, id, at, time - RETENTION_MILLIS);
            store.put(e.userId(), next);
            perEvent[i] = next.length;
            peaks.merge(e.userId(), (long) next.length, Math::max);
        }
        return new Sizes(perEvent, peaks.values().stream().mapToLong(Long::longValue).toArray());
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0);
    }

    private static long percentile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(q * (sorted.length - 1))];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
