package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.Hashing;
import io.segmenter.features.NetworkActivityState;
import io.segmenter.features.NetworkActivityStateCodec;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eviction through the expiry indexes: users are filed under the day of their newest event,
 * devices and IPs under the hour of their newest purchase; the punctuations evict exactly the
 * idle ones (same rule and timing as a scan of the whole store) and take their index entries and
 * the user's recent event ids with them. State written before the indexes existed is indexed
 * once and evicted like the rest.
 */
class ExpiryIndexTopologyTest {

    private static final Duration GRACE = Duration.ofMinutes(10);
    private static final Instant NOW = BASE.plus(Duration.ofDays(120));
    /** The newest event of the user that goes idle. */
    private static final Instant LAST = BASE.plus(Duration.ofHours(1));
    /** The first daily punctuation at which a user last seen at {@link #LAST} is idle. */
    private static final Instant EVICTION_DAY = BASE.plus(Duration.ofDays(31));
    private static final Instant P = BASE.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(15));
    private static final Duration ONE_MS = Duration.ofMillis(1);

    @TempDir
    Path stateDir;

    private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    private TopologyHarness topology;

    @BeforeEach
    void startTopology() {
        topology = TopologyHarness.builder(stateDir, NOW).config("grace", GRACE.toString()).metrics(metrics)
                .models(LiveModels.of(TestModels.demo())).start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    // ---- users

    @Test
    void evictsAnIdleUserAtTheFirstDailyPunctuationPastTheWindowWithItsIndexEntryAndEventIds() {
        topology.send(view("idle", LAST));
        topology.advanceWallClock(Duration.ofSeconds(1));
        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactly("idle");
        assertThat(userIndex()).containsExactly(dayKey(LAST, "idle"));
        assertThat(topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE)).containsOnlyKeys("idle");

        // idle exactly the window plus grace: kept
        topology.send(view("sentinel", LAST.plus(Duration.ofDays(30)).plus(GRACE)));
        // past it, but no midnight crossed since the last punctuation: kept
        topology.send(view("sentinel", EVICTION_DAY.minus(ONE_MS)));
        assertThat(topology.userState("idle")).isPresent();
        assertThat(userIndex()).containsExactly(dayKey(LAST, "idle"), dayKey(EVICTION_DAY.minus(ONE_MS), "sentinel"));
        assertThat(metrics.usersEvicted()).isZero();

        topology.send(view("sentinel", EVICTION_DAY));

        assertThat(topology.userState("idle")).isEmpty();
        assertThat(userIndex()).containsExactly(dayKey(EVICTION_DAY, "sentinel"));
        assertThat(topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE)).containsOnlyKeys("sentinel");
        assertThat(metrics.usersEvicted()).isEqualTo(1);
        // the UserForgotten reached the scoring processor, which withdrew the segment (stamped with the wall clock)
        assertThat(topology.segmentChanges()).filteredOn(r -> r.key().equals("idle"))
                .containsExactly(new TestRecord<String, SegmentChange>("idle", null, NOW.plusSeconds(1)));
    }

    @Test
    void aUserActiveAgainBeforeTheCutoffMovesToTheNewDayAndIsKeptUntilIdleFromThere() {
        Instant back = LAST.plus(Duration.ofDays(20));
        topology.send(view("back", LAST));
        topology.send(view("back", back));
        assertThat(userIndex()).containsExactly(dayKey(back, "back"));

        topology.send(view("sentinel", EVICTION_DAY));
        assertThat(topology.userState("back")).isPresent();
        assertThat(metrics.usersEvicted()).isZero();

        // idle exactly the window plus grace since the newer event: kept
        topology.send(view("sentinel", back.plus(Duration.ofDays(30)).plus(GRACE)));
        assertThat(topology.userState("back")).isPresent();
        topology.send(view("sentinel", EVICTION_DAY.plus(Duration.ofDays(20))));
        assertThat(topology.userState("back")).isEmpty();
        assertThat(userIndex()).noneMatch(key -> key.endsWith("|back"));
        assertThat(metrics.usersEvicted()).isEqualTo(1);
    }

    @Test
    void rewritesAUsersIndexEntryOnlyWhenTheDayOfItsNewestEventChanges() {
        topology.send(view("u1", LAST), view("u1", LAST.plus(Duration.ofHours(5))), view("u1", LAST.plus(Duration.ofHours(5)).minus(GRACE)));
        assertThat(topology.changelogRecords(SegmentationTopology.USER_EXPIRY_INDEX_STORE))
                .extracting(TestRecord::key).containsExactly(dayKey(LAST, "u1"));

        Instant nextDay = LAST.plus(Duration.ofDays(1));
        topology.send(view("u1", nextDay), view("u1", nextDay.plus(Duration.ofHours(1))));

        List<TestRecord<String, byte[]>> writes = topology.changelogRecords(SegmentationTopology.USER_EXPIRY_INDEX_STORE);
        assertThat(writes).extracting(TestRecord::key).containsExactly(dayKey(LAST, "u1"), dayKey(nextDay, "u1"));
        assertThat(writes.get(0).value()).as("the old day's entry is deleted").isNull();
        assertThat(writes.get(1).value()).isNotNull();
        assertThat(userIndex()).containsExactly(dayKey(nextDay, "u1"));
    }

    @Test
    void indexesUsersStoredBeforeTheIndexExistedOnceAndEvictsThem() {
        // as restored from a changelog written by a version without the index: state and event ids, no index entry
        UserFeatureState legacy = new UserFeatureState();
        legacy.apply(view("legacy", LAST));
        topology.putStoreEntry(SegmentationTopology.USER_FEATURES_STORE, "legacy", UserFeatureStateCodec.encode(legacy));
        topology.putStoreEntry(SegmentationTopology.USER_EVENT_IDS_STORE, "legacy",
                RecentEventIds.add(null, RecentEventIds.idOf(RecentEventIds.Input.CLICKS, "c-legacy"), LAST.toEpochMilli(),
                        Long.MIN_VALUE));
        assertThat(userIndex()).isEmpty();

        topology.send(view("sentinel", LAST.plus(Duration.ofHours(1))));
        assertThat(userIndex()).containsExactly(dayKey(LAST, "legacy"), dayKey(LAST, "sentinel"));

        topology.send(view("sentinel", EVICTION_DAY));
        assertThat(topology.userState("legacy")).isEmpty();
        assertThat(topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE)).containsOnlyKeys("sentinel");
        assertThat(userIndex()).containsExactly(dayKey(EVICTION_DAY, "sentinel"));
        assertThat(metrics.usersEvicted()).isEqualTo(1);
    }

    @Test
    void evictsExactlyTheUsersAScanOfTheWholeStoreWouldAtEveryDailyPunctuation() {
        // a model of the previous implementation: every user's newest event, scanned at each stream-time punctuation
        // (the first record, then the first record at or past each midnight)
        Random random = new Random(42);
        Map<String, Long> newest = new TreeMap<>();
        long day = Duration.ofDays(1).toMillis();
        long nextPunctuation = 0;
        long streamTime = Long.MIN_VALUE;
        long t = BASE.toEpochMilli();
        int evicted = 0;
        for (int i = 0; i < 400; i++) {
            t += (long) (random.nextDouble() * random.nextDouble() * Duration.ofDays(1).toMillis());
            long at = t - random.nextInt((int) GRACE.toMillis()); // out of order, within grace
            String user = "u" + (int) (40 * random.nextDouble() * random.nextDouble());
            topology.send(view(user, Instant.ofEpochMilli(at)));
            newest.merge(user, at, Math::max);
            streamTime = Math.max(streamTime, at);
            if (streamTime >= nextPunctuation) {
                long cutoff = UserFeatureState.idleCutoffMillis(streamTime, GRACE);
                int before = newest.size();
                newest.values().removeIf(last -> last < cutoff);
                evicted += before - newest.size();
                nextPunctuation = Math.floorDiv(streamTime, day) * day + day;
            }
            assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE).keySet()).as("after event %d", i)
                    .isEqualTo(newest.keySet());
        }
        List<String> expectedIndex = new ArrayList<>();
        newest.forEach((user, last) -> expectedIndex.add(dayKey(Instant.ofEpochMilli(last), user)));
        expectedIndex.sort(null);
        assertThat(userIndex()).isEqualTo(expectedIndex);
        assertThat(topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE).keySet()).isEqualTo(newest.keySet());
        assertThat(topology.deadLetters()).as("the premise: every event accepted").isEmpty();
        assertThat(evicted).as("the premise: users went idle").isGreaterThan(10);
        assertThat(metrics.usersEvicted()).isEqualTo(evicted);
    }

    @Test
    void aUserFiledBehindTheLastScanIsEvictedAtTheNextOne() {
        // purchases run 40 days ahead of clicks: the task's stream time follows them, and the first daily scan
        // covers the buckets up to about day 10
        topology.send(purchase("ahead", 10, BASE.plus(Duration.ofDays(40)), "d1", "10.0.0.1"));
        // the clicks partition starts 39 days behind: not late on its own partition, filed under day 1
        Instant behind = BASE.plus(Duration.ofDays(1));
        topology.send(view("behind", behind));
        assertThat(userIndex()).contains(dayKey(behind, "behind"));

        // the next midnight of stream time: "behind" has been idle for 40 days
        topology.send(purchase("ahead", 10, BASE.plus(Duration.ofDays(41)), "d1", "10.0.0.1"));

        assertThat(topology.userState("behind")).isEmpty();
        assertThat(userIndex()).doesNotContain(dayKey(behind, "behind"));
        assertThat(metrics.usersEvicted()).isEqualTo(1);
    }

    // ---- devices and IPs

    @Test
    void filesDevicesAndIpsUnderTheHourOfTheirNewestPurchaseAndRemovesThemWithTheirState() {
        topology.send(purchase("u1", 10, P, "d1", "10.0.0.1"));
        topology.send(purchase("u2", 10, P.plus(Duration.ofMinutes(30)), "d1", "10.0.0.1"));
        assertThat(index(SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE)).containsExactly(hourKey(P, "d1"));
        assertThat(index(SegmentationTopology.IP_EXPIRY_INDEX_STORE)).containsExactly(hourKey(P, "10.0.0.1"));

        Instant later = P.plus(Duration.ofHours(1));
        topology.send(purchase("u1", 10, later, "d1", "10.0.0.1"));
        assertThat(index(SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE)).containsExactly(hourKey(later, "d1"));

        // the newest purchase on d1 exactly a day old: kept
        Instant dayLater = later.plus(NetworkActivityState.LONG_WINDOW);
        topology.send(purchase("u3", 10, dayLater, "d2", "10.0.0.2"));
        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d1", "d2");

        Instant nextHour = dayLater.plus(Duration.ofHours(1));
        topology.send(purchase("u3", 10, nextHour, "d2", "10.0.0.2"));
        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d2");
        assertThat(topology.storeContents(SegmentationTopology.IP_ACTIVITY_STORE)).containsOnlyKeys("10.0.0.2");
        assertThat(index(SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE)).containsExactly(hourKey(nextHour, "d2"));
        assertThat(index(SegmentationTopology.IP_EXPIRY_INDEX_STORE)).containsExactly(hourKey(nextHour, "10.0.0.2"));
    }

    @Test
    void indexesDeviceStateStoredBeforeTheIndexExistedOnceAndRemovesIt() {
        NetworkActivityState legacy = new NetworkActivityState();
        legacy.record(Hashing.hash64("u0"), P);
        topology.putStoreEntry(SegmentationTopology.DEVICE_ACTIVITY_STORE, "d-old", NetworkActivityStateCodec.encode(legacy));

        topology.send(purchase("u1", 10, P.plus(Duration.ofMinutes(1)), "d1", "10.0.0.1"));
        assertThat(index(SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE)).containsExactly(hourKey(P, "d-old"), hourKey(P, "d1"));

        topology.send(purchase("u1", 10, P.plus(Duration.ofHours(26)), "d1", "10.0.0.1"));
        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d1");
        assertThat(index(SegmentationTopology.DEVICE_EXPIRY_INDEX_STORE))
                .containsExactly(hourKey(P.plus(Duration.ofHours(26)), "d1"));
    }

    // ---- helpers

    private List<String> userIndex() {
        return index(SegmentationTopology.USER_EXPIRY_INDEX_STORE);
    }

    /** The keys of an index store, in store order. */
    private List<String> index(String store) {
        return List.copyOf(topology.storeContents(store).keySet());
    }

    private static String dayKey(Instant at, String user) {
        return String.format(Locale.ROOT, "%09d|%s", at.getEpochSecond() / 86_400, user);
    }

    private static String hourKey(Instant at, String key) {
        return String.format(Locale.ROOT, "%09d|%s", at.getEpochSecond() / 3_600, key);
    }
}
