package io.segmenter.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The per-event path allocates nothing and is cheap. Allocation is asserted; timings are only
 * written to target/feature-reports/hot-path.txt (this machine is too noisy to assert them).
 */
class HotPathTest {

    private static final int USERS = 1_000;

    @Test
    void applyAllocatesNothingPerEvent() {
        List<ReplayEvent> events = RandomEvents.stream(5, 100_000, USERS);
        UserFeatureState[] states = newStates();
        int[] userIndex = userIndexes(events);
        applyAll(events, userIndex, states); // warm up

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        applyAll(events, userIndex, states);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat((double) allocated / events.size()).as("bytes allocated per apply").isLessThan(1.0);
    }

    @Test
    void measuresTheCostOfApplyEncodeDecodeAndExtract() throws IOException {
        List<ReplayEvent> events = RandomEvents.stream(6, 100_000, USERS);
        int[] userIndex = userIndexes(events);
        byte[][] stored = new byte[USERS][];
        UserFeatureState scratch = new UserFeatureState();
        for (int round = 0; round < 3; round++) { // the last round is measured, earlier ones warm up
            long applyNanos = 0;
            long encodeNanos = 0;
            long decodeNanos = 0;
            long bytes = 0;
            for (int i = 0; i < events.size(); i++) {
                int u = userIndex[i];
                long t0 = System.nanoTime();
                if (stored[u] == null) {
                    scratch.reset();
                } else {
                    UserFeatureStateCodec.decodeInto(stored[u], scratch);
                }
                long t1 = System.nanoTime();
                RandomEvents.apply(scratch, events.get(i));
                long t2 = System.nanoTime();
                stored[u] = UserFeatureStateCodec.encode(scratch);
                long t3 = System.nanoTime();
                decodeNanos += t1 - t0;
                applyNanos += t2 - t1;
                encodeNanos += t3 - t2;
                bytes += stored[u].length;
            }
            long extractStart = System.nanoTime();
            UserFeatureState s = new UserFeatureState();
            for (int u = 0; u < USERS; u++) {
                UserFeatureStateCodec.decodeInto(stored[u], s);
                FeatureExtractor.segmentVector(s, s.lastEventTime().orElse(Instant.EPOCH));
            }
            long extractNanos = System.nanoTime() - extractStart;
            if (round == 2) {
                int n = events.size();
                String text = String.format(Locale.ROOT,
                        "hot path, %d synthetic events over %d users (warm, one thread): decodeInto %.2f us, apply %.2f us,"
                                + " encode %.2f us per event, %.0f bytes per write; decode+segmentVector %.2f us per user%n",
                        n, USERS, decodeNanos / 1e3 / n, applyNanos / 1e3 / n, encodeNanos / 1e3 / n, (double) bytes / n,
                        extractNanos / 1e3 / USERS);
                Path report = Path.of("target", "feature-reports", "hot-path.txt");
                Files.createDirectories(report.getParent());
                Files.writeString(report, text, StandardCharsets.UTF_8);
            }
        }
        assertThat(java.util.Arrays.stream(stored).filter(java.util.Objects::isNull)).isEmpty();
    }

    private static UserFeatureState[] newStates() {
        UserFeatureState[] states = new UserFeatureState[USERS];
        for (int i = 0; i < USERS; i++) {
            states[i] = new UserFeatureState();
        }
        return states;
    }

    private static int[] userIndexes(List<ReplayEvent> events) {
        int[] index = new int[events.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = Integer.parseInt(events.get(i).userId().substring("user-".length()));
        }
        return index;
    }

    private static void applyAll(List<ReplayEvent> events, int[] userIndex, UserFeatureState[] states) {
        for (int i = 0; i < events.size(); i++) {
            RandomEvents.apply(states[userIndex[i]], events.get(i));
        }
    }
}
