package io.segmenter.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Encoded state sizes on real data, the changelog cost per event, read with the project's dataset
 * readers; skipped where {@code ../shared} is absent. Writes its figures to
 * target/feature-reports/state-size-*.txt
 * ({@code ./mvnw -pl features test -Dtest=RealDataStateSizeTest}).
 */
class RealDataStateSizeTest {

    /** {@code <repo root>/../shared/data}: the module runs in {@code <repo root>/features}. */
    private static final Path DATA = Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("data");
    private static final Path TAOBAO = DATA.resolve("taobao-userbehavior/UserBehavior_head.csv");
    private static final Path REES46 = DATA.resolve("rees46-ecommerce-behavior/2019-Oct_head.csv");
    private static final Path REPORTS = Path.of("target", "feature-reports");
    private static final int TARGET_BYTES_PER_USER = 2048;

    static {
        AvroTestSupport.trustGeneratedClasses();
    }

    @Test
    void taobaoUserStatesStayWellUnderTwoKilobytes() throws IOException {
        assumeTrue(Files.isReadable(TAOBAO), "Taobao sample not present at " + TAOBAO);
        DatasetReplay.Result read = DatasetReplay.sorted(DatasetSource.file(TAOBAO, DatasetFormat.TAOBAO));
        assertThat(read.malformedLines()).isEqualTo(1);
        assertThat(read.events()).hasSize(84_475);
        Sizes sizes = measure(read.events().stream().map(DatasetEvent::toReplayEvent).toList());
        assertThat(sizes.users()).isEqualTo(815);
        report("taobao", "taobao UserBehavior_head.csv", sizes);
        assertThat(sizes.perUser.mean()).isLessThan(TARGET_BYTES_PER_USER);
        assertThat(sizes.perUser.p99()).isLessThan(TARGET_BYTES_PER_USER);
    }

    @Test
    void rees46UserStatesWithPricesAndBrandsStaySmall() throws IOException {
        assumeTrue(Files.isReadable(REES46), "REES46 sample not present at " + REES46);
        DatasetReplay.Result read = DatasetReplay.sorted(DatasetSource.file(REES46, DatasetFormat.REES46));
        Sizes sizes = measure(read.events().stream().map(DatasetEvent::toReplayEvent).toList());
        report("rees46", "rees46 2019-Oct_head.csv", sizes);
        assertThat(sizes.perUser.p99()).isLessThan(TARGET_BYTES_PER_USER);
    }

    @Test
    void aUserBusyInEveryTileAndColumnHasABoundedSize() throws IOException {
        // an event every 20 s for 30 days, every type, prices, devices: every tile and column non-zero
        UserFeatureState s = new UserFeatureState();
        java.util.Random r = new java.util.Random(1);
        long start = TestEvents.BASE.toEpochMilli();
        for (long t = start; t < start + 30L * 86_400_000L; t += 20_000) {
            Instant at = Instant.ofEpochMilli(t);
            ReplayEvent e = (t / 20_000) % 7 == 0 ? ReplayEvent.of(RandomEvents.purchase(r, "u", at))
                    : ReplayEvent.of(RandomEvents.click(r, "u", at));
            RandomEvents.apply(s, e);
        }
        int size = UserFeatureStateCodec.encode(s).length;
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("state-size-worst-case.txt"),
                "worst case (every tile and column busy, 30 days at one event / 20 s): " + size + " bytes\n",
                StandardCharsets.UTF_8);
        assertThat(size).isLessThan(6 * 1024);
    }

    /** Replays in event-time order, measuring the encoded size after every event and at the end per user. */
    private static Sizes measure(List<ReplayEvent> events) {
        List<ReplayEvent> sorted = new ArrayList<>(events);
        sorted.sort(ReplayEvent.BY_EVENT_TIME);
        Map<String, UserFeatureState> states = new HashMap<>();
        long[] perEvent = new long[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            ReplayEvent e = sorted.get(i);
            UserFeatureState s = states.computeIfAbsent(e.userId(), k -> new UserFeatureState());
            RandomEvents.apply(s, e);
            perEvent[i] = UserFeatureStateCodec.encode(s).length;
        }
        long[] perUser = states.values().stream().mapToLong(s -> UserFeatureStateCodec.encode(s).length).toArray();
        return new Sizes(states.size(), Stats.of(perUser), Stats.of(perEvent));
    }

    private static void report(String key, String dataset, Sizes sizes) throws IOException {
        String text = String.format(Locale.ROOT,
                "%s: %d users, %d events%n  bytes per user at the end: mean %.0f, p50 %d, p99 %d, max %d%n"
                        + "  bytes written per event (changelog): mean %.0f, p99 %d, max %d%n",
                dataset, sizes.users(), sizes.perEvent.n(), sizes.perUser.mean(), sizes.perUser.p50(), sizes.perUser.p99(),
                sizes.perUser.max(), sizes.perEvent.mean(), sizes.perEvent.p99(), sizes.perEvent.max());
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("state-size-" + key + ".txt"), text, StandardCharsets.UTF_8);
    }

    private record Sizes(int users, Stats perUser, Stats perEvent) {
    }

    private record Stats(int n, double mean, long p50, long p99, long max) {
        static Stats of(long[] values) {
            long[] v = values.clone();
            Arrays.sort(v);
            return new Stats(v.length, Arrays.stream(v).average().orElse(0), v[(int) (0.50 * (v.length - 1))],
                    v[(int) Math.ceil(0.99 * (v.length - 1))], v[v.length - 1]);
        }
    }
}
