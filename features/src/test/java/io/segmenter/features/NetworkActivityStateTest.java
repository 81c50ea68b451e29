package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchaseBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NetworkActivityStateTest {

    private static final long ALICE = Hashing.hash64("alice");
    private static final long BOB = Hashing.hash64("bob");

    @Test
    void thePurchaseBeingScoredIsNotCounted() {
        NetworkActivityState s = new NetworkActivityState();
        assertThat(s.countsBefore(BASE)).isEqualTo(ActivityCounts.ZERO);
        s.record(ALICE, BASE);
        assertThat(s.countsBefore(at(minutes(1)))).isEqualTo(new ActivityCounts(1, 1, 1, 1));
    }

    @Test
    void anEarlierArrivedPurchaseWithTheSameTimestampCounts() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(ALICE, BASE);
        assertThat(s.countsBefore(BASE)).isEqualTo(new ActivityCounts(1, 1, 1, 1));
    }

    @Test
    void tenMinuteAndTwentyFourHourWindowsExcludeTheirLowerEdge() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(ALICE, BASE);
        assertThat(s.countsBefore(at(minutes(10)).minusMillis(1))).isEqualTo(new ActivityCounts(1, 1, 1, 1));
        assertThat(s.countsBefore(at(minutes(10)))).isEqualTo(new ActivityCounts(1, 1, 0, 0));
        assertThat(s.countsBefore(at(hours(24)).minusMillis(1))).isEqualTo(new ActivityCounts(1, 1, 0, 0));
        assertThat(s.countsBefore(at(hours(24)))).isEqualTo(ActivityCounts.ZERO);
    }

    @Test
    void countsDistinctUsersAndAllPurchases() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(ALICE, BASE);
        s.record(ALICE, at(minutes(1)));
        s.record(BOB, at(hours(2)));
        assertThat(s.countsBefore(at(hours(2)).plusSeconds(1))).isEqualTo(new ActivityCounts(2, 3, 1, 1));
    }

    @Test
    void distinctUsersAgreeBetweenTheSmallAndLargeCountPaths() {
        NetworkActivityState s = new NetworkActivityState();
        for (int i = 0; i < 100; i++) {
            s.record(Hashing.hash64("user-" + (i % 40)), BASE.plusSeconds(i));
        }
        assertThat(s.countsBefore(at(minutes(5)))).isEqualTo(new ActivityCounts(40, 100, 40, 100));
        // (90 min, 100 min] holds the purchases of minutes 91..99: the small path
        NetworkActivityState t = new NetworkActivityState();
        for (int i = 0; i < 100; i++) {
            t.record(Hashing.hash64("user-" + (i % 40)), BASE.plus(minutes(i)));
        }
        assertThat(t.countsBefore(at(minutes(100)))).isEqualTo(new ActivityCounts(40, 100, 9, 9));
    }

    @Test
    void entriesLaterThanThePurchaseDoNotCount() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(ALICE, at(minutes(5)));
        s.record(BOB, at(minutes(1)));
        assertThat(s.countsBefore(at(minutes(3)))).isEqualTo(new ActivityCounts(1, 1, 1, 1));
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheNewestTwoHundredFiftySixPurchases() {
        NetworkActivityState s = new NetworkActivityState();
        for (int i = 0; i < 300; i++) {
            s.record(Hashing.hash64("user-" + i), BASE.plusSeconds(i));
        }
        assertThat(s.size()).isEqualTo(NetworkActivityState.CAPACITY);
        assertThat(s.countsBefore(at(minutes(10)))).isEqualTo(new ActivityCounts(256, 256, 256, 256));
        // a late purchase older than everything kept is dropped at once
        s.record(ALICE, BASE);
        assertThat(s.countsBefore(BASE.plusSeconds(43))).isEqualTo(ActivityCounts.ZERO);
        assertThat(s.countsBefore(BASE.plusSeconds(44))).isEqualTo(new ActivityCounts(1, 1, 1, 1));
    }

    @Test
    void prunesEntriesOlderThanTwentyFourHoursBeforeTheNewest() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(ALICE, BASE);
        s.record(BOB, at(hours(24)));
        assertThat(s.size()).isEqualTo(1);
        s.record(ALICE, BASE);
        assertThat(s.size()).as("too old to count again: not recorded").isEqualTo(1);
        s.record(ALICE, BASE.plusSeconds(5));
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.countsBefore(at(hours(24)))).isEqualTo(new ActivityCounts(2, 2, 1, 1));
    }

    @Test
    void isIdleOnceNothingCanCountAgain() {
        NetworkActivityState s = new NetworkActivityState();
        assertThat(s.isIdle(BASE, Duration.ZERO)).isTrue();
        s.record(ALICE, BASE);
        assertThat(s.isIdle(at(hours(25)), Duration.ofHours(1))).isFalse();
        assertThat(s.isIdle(at(hours(25)).plusMillis(1), Duration.ofHours(1))).isTrue();
    }

    @Test
    void keysAreTheDeviceAndIpWhenPresent() {
        Instant t = BASE;
        assertThat(NetworkActivityState.deviceKey(purchaseBuilder("u", 1, t).setDeviceId("D1").build())).contains("D1");
        assertThat(NetworkActivityState.deviceKey(purchaseBuilder("u", 1, t).setDeviceId(" ").build())).isEmpty();
        assertThat(NetworkActivityState.ipKey(purchaseBuilder("u", 1, t).build())).isEmpty();
        assertThat(NetworkActivityState.ipKey(purchaseBuilder("u", 1, t).setIp("10.0.0.1").build())).contains("10.0.0.1");
    }

    @Test
    void networkCountsMergeTheDeviceAndIpHalves() {
        ActivityCounts device = new ActivityCounts(1, 2, 1, 1);
        ActivityCounts ip = new ActivityCounts(3, 4, 2, 3);
        NetworkCounts n = NetworkCounts.NONE.withDevice(device).withIp(ip);
        assertThat(n).isEqualTo(new NetworkCounts(1, 2, 1, 1, 3, 4, 2, 3));
        assertThat(n.device()).isEqualTo(device);
        assertThat(n.ip()).isEqualTo(ip);
        assertThat(NetworkCounts.of(device, ip)).isEqualTo(n);
    }
}
