package io.segmenter.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.stream.demo.DemoRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BenchInputTest {

    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private static BenchInput input;

    @BeforeAll
    static void readSample() throws IOException {
        AvroTrustedPackages.trustGeneratedClasses();
        input = BenchInput.read(DemoRunner.bundledSample());
    }

    @Test
    void exactlyTheEventsAndUsersAskedForInTimeOrderEndingAtEnd() {
        BenchEvents events = input.generate("m", "m", 30_000, 3_000, 1, 7).endingAt(END);

        assertThat(events).hasSize(30_000);
        assertThat(events.copies()).isEqualTo(2); // 30,000 of 2 x 24,505
        Set<String> users = new HashSet<>();
        Set<String> eventIds = new HashSet<>();
        long previous = Long.MIN_VALUE;
        long clicks = 0;
        for (int i = 0; i < events.size(); i++) {
            DatasetEvent e = events.get(i);
            users.add(e.userId());
            eventIds.add(e.eventId());
            assertThat(e.eventTime().toEpochMilli()).isGreaterThanOrEqualTo(previous).isEqualTo(events.eventTimeMillis(i));
            assertThat(e.userId()).isEqualTo(events.userIdOf(i)).startsWith("m-u");
            assertThat(e.eventId()).isEqualTo(events.eventIdOf(i)).contains("~m");
            previous = e.eventTime().toEpochMilli();
            if (e instanceof DatasetEvent.Click) {
                clicks++;
            }
        }
        assertThat(users).hasSize(3_000);
        assertThat(eventIds).hasSize(30_000);
        assertThat(events.lastEventTime()).isEqualTo(END);
        assertThat(events.clicks()).isEqualTo(clicks);
        assertThat(events.purchases()).isEqualTo(30_000 - clicks);
        assertThat(events.purchaseEventIds()).hasSize((int) events.purchases());
    }

    @Test
    void copiesShareNoOrderDeviceOrIpAndKeepAddressesValid() {
        BenchEvents events = input.generate("m", "m", 49_010, 5_000, 1, 3).endingAt(END);
        Map<String, Set<String>> orderCopies = new HashMap<>();
        Set<String> orderIds = new HashSet<>();
        int purchasesWithIp = 0;
        for (DatasetEvent e : events) {
            if (e instanceof DatasetEvent.Purchase p) {
                assertThat(orderIds.add(p.event().getOrderId())).as("order id %s repeats", p.event().getOrderId()).isTrue();
                if (p.event().getIp() != null) {
                    purchasesWithIp++;
                    var m = IPV4.matcher(p.event().getIp());
                    assertThat(m.matches()).as(p.event().getIp()).isTrue();
                    for (int g = 1; g <= 4; g++) {
                        assertThat(Integer.parseInt(m.group(g))).isBetween(0, 255);
                    }
                    String original = p.event().getOrderId().substring(0, p.event().getOrderId().indexOf('~'));
                    orderCopies.computeIfAbsent(original, k -> new HashSet<>()).add(p.event().getIp());
                }
            }
        }
        assertThat(purchasesWithIp).isPositive();
        // the same original order in two copies comes from two different addresses
        assertThat(orderCopies.values().stream().filter(ips -> ips.size() > 1)).isNotEmpty();
        assertThat(BenchEvents.ipOfCopy("10.0.0.1", 0)).isEqualTo("10.0.0.1");
        assertThat(BenchEvents.ipOfCopy("10.0.0.1", 1)).isNotEqualTo("10.0.0.1").matches(IPV4);
        assertThat(BenchEvents.ipOfCopy("2001:db8::1", 2)).isEqualTo("2001:db8::1~2");
    }

    @Test
    void sameSeedSameEventsOtherSeedOtherSelection() {
        BenchEvents a = input.generate("m", "m", 10_000, 1_000, 1, 11).endingAt(END);
        BenchEvents b = input.generate("m", "m", 10_000, 1_000, 1, 11).endingAt(END);
        BenchEvents c = input.generate("m", "m", 10_000, 1_000, 1, 12).endingAt(END);

        for (int i = 0; i < a.size(); i += 97) {
            assertThat(a.get(i).record()).isEqualTo(b.get(i).record());
        }
        Set<String> idsA = new HashSet<>();
        Set<String> idsC = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            idsA.add(a.eventIdOf(i));
            idsC.add(c.eventIdOf(i));
        }
        assertThat(idsA).isNotEqualTo(idsC);
    }

    @Test
    void timeScaleCompressesEveryGap() {
        BenchEvents real = input.generate("m", "m", 10_000, 1_000, 1, 5).endingAt(END);
        BenchEvents compressed = input.generate("m", "m", 10_000, 1_000, 0.05, 5).endingAt(END);

        Duration realSpan = Duration.between(real.firstEventTime(), real.lastEventTime());
        Duration compressedSpan = Duration.between(compressed.firstEventTime(), compressed.lastEventTime());
        assertThat(realSpan).isGreaterThan(Duration.ofDays(300)).isLessThan(Duration.ofDays(366));
        assertThat(compressedSpan.toMillis()).isCloseTo(Math.round(realSpan.toMillis() * 0.05), org.assertj.core.api.Assertions.within(2L));
        assertThat(compressed.lastEventTime()).isEqualTo(END);
    }

    @Test
    void manyCopiesSpreadTheSampleEvenlyOverItsSpan() {
        // the sample alone is uneven: most Taobao events fall in its last weeks, REES46 in its last hours
        BenchEvents events = input.generate("m", "m", 200_000, 20_000, 1, 9);
        long first = events.eventTimeMillis(0);
        long span = events.eventTimeMillis(events.size() - 1) - first + 1;
        int[] tenths = new int[10];
        for (int i = 0; i < events.size(); i++) {
            tenths[(int) ((events.eventTimeMillis(i) - first) * 10 / span)]++;
        }
        // 20,000 each if perfectly even; nine copies of the sample's peaks leave some unevenness
        for (int count : tenths) {
            assertThat(count).as(java.util.Arrays.toString(tenths)).isBetween(8_000, 32_000);
        }
        BenchEvents sampleOnly = input.generate("m", "m", 20_000, 2_000, 1, 9);
        long lastTenth = 0;
        long start = sampleOnly.eventTimeMillis(0);
        long sampleSpan = sampleOnly.eventTimeMillis(sampleOnly.size() - 1) - start + 1;
        for (int i = 0; i < sampleOnly.size(); i++) {
            if ((sampleOnly.eventTimeMillis(i) - start) * 10 / sampleSpan == 9) {
                lastTenth++;
            }
        }
        assertThat(lastTenth).isGreaterThan(10_000);
    }

    @Test
    void slicesKeepOrderUsersAndTimes() {
        BenchEvents all = input.generate("m", "m", 10_000, 1_000, 1, 4).endingAt(END);
        BenchEvents prefix = all.first(2_500);
        BenchEvents rest = all.slice(2_500, 10_000);

        Set<String> users = new HashSet<>();
        long clicks = 0;
        for (int i = 0; i < prefix.size(); i++) {
            assertThat(prefix.get(i).record()).isEqualTo(all.get(i).record());
            users.add(prefix.userIdOf(i));
            if (prefix.get(i) instanceof DatasetEvent.Click) {
                clicks++;
            }
        }
        assertThat(prefix).hasSize(2_500);
        assertThat(prefix.distinctUsers()).isEqualTo(users.size());
        assertThat(prefix.clicks()).isEqualTo(clicks);
        assertThat(all.first(20_000)).isSameAs(all);
        assertThat(rest.get(0).record()).isEqualTo(all.get(2_500).record());
        assertThat(rest.lastEventTime()).isEqualTo(END);
        assertThat(rest.firstEventTime()).isAfterOrEqualTo(prefix.lastEventTime());
        assertThat(prefix.clicks() + rest.clicks()).isEqualTo(all.clicks());
    }

    @Test
    void fewerShoppersThanUsersAskedForGiveFewerUsers() {
        BenchEvents events = input.generate("m", "m", 1_000, 900, 1, 1);

        Set<String> users = new HashSet<>();
        events.forEach(e -> users.add(e.userId()));
        assertThat(events.distinctUsers()).isLessThan(900).isEqualTo(users.size());
    }

    @Test
    void anotherEventTagSharesUsersButNoIds() {
        BenchEvents first = input.generate("m", "m", 10_000, 1_000, 1, 1).endingAt(END);
        BenchEvents next = input.generate("m", "l", 2_000, 1_000, 0.2, 2).endingAt(END);

        Set<String> firstUsers = new HashSet<>();
        Set<String> firstIds = new HashSet<>();
        first.forEach(e -> {
            firstUsers.add(e.userId());
            firstIds.add(e.eventId());
        });
        for (DatasetEvent e : next) {
            assertThat(firstUsers).contains(e.userId());
            assertThat(firstIds).doesNotContain(e.eventId());
        }
    }
}
