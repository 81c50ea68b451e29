package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.clickBuilder;
import static io.segmenter.features.TestEvents.days;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.line;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchaseBuilder;
import static io.segmenter.features.TestEvents.purchaseWithLines;
import static io.segmenter.features.TestEvents.stateOf;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.segmenter.schemas.avro.ClickType;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserFeatureStateCodecTest {

    /** Pins format version 1. A change here needs a new FORMAT_VERSION and a decoder for the old one. */
    private static final String GOLDEN_HEX = "013f80d0c7bec16380b8992900a0d6cf2500ffbfcbc9029223020101a2d92c4701dcf1f17002b2c4c2a9b1aa022516029501ac02017405030203040101000901010200610101f40316630201019e1f0200c18f03010101f403f40301f4030101c7ff0304020101029e1f9e1f0280a61dcf0f019e1f02";

    static UserFeatureState goldenState() {
        return stateOf(
                clickBuilder("u1", ClickType.VIEW, BASE).setCategoryId("c1").setBrand("acme").setPriceMinor(1999L)
                        .setDeviceId("dev-a").setIp("10.0.0.1").build(),
                clickBuilder("u1", ClickType.CART, at(minutes(3))).setCategoryId("c1").setDeviceId("dev-a").build(),
                clickBuilder("u1", ClickType.VIEW, at(hours(2))).setCategoryId("c2").setDeviceId("dev-b")
                        .setIp("10.0.0.2").build(),
                purchaseWithLines("u1", at(hours(2).plusMinutes(5)), List.of(line("p1", "c1", "acme", 2, 19.99))),
                purchaseBuilder("u1", 5, at(days(1))).setAccountCreatedTime(BASE.minus(days(3))).build());
    }

    @Test
    void encodesTheGoldenStateToPinnedBytes() {
        byte[] bytes = UserFeatureStateCodec.encode(goldenState());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(GOLDEN_HEX);
    }

    @Test
    void decodesThePinnedBytesBackToTheSameFeatures() {
        UserFeatureState decoded = UserFeatureStateCodec.decode(HexFormat.of().parseHex(GOLDEN_HEX));
        for (Instant asOf : new Instant[] {at(days(1)), at(days(1).plusHours(5)), at(days(20))}) {
            assertThat(FeatureExtractor.segmentVector(decoded, asOf))
                    .isEqualTo(FeatureExtractor.segmentVector(goldenState(), asOf));
        }
    }

    @Test
    void anEmptyStateIsTwoBytes() {
        assertThat(UserFeatureStateCodec.encode(new UserFeatureState())).containsExactly(1, 0);
        assertThat(UserFeatureStateCodec.decode(new byte[] {1, 0}).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void roundTripsRandomEventSequencesWithoutChangingAnyFeature(long seed) {
        List<ReplayEvent> events = RandomEvents.stream(seed, 400, 1);
        UserFeatureState original = new UserFeatureState();
        for (int i = 0; i < events.size(); i++) {
            RandomEvents.apply(original, events.get(i));
            if (i % 37 == 0 || i == events.size() - 1) {
                byte[] bytes = UserFeatureStateCodec.encode(original);
                UserFeatureState copy = UserFeatureStateCodec.decode(bytes);
                assertThat(UserFeatureStateCodec.encode(copy)).isEqualTo(bytes);
                Instant last = original.lastEventTime().orElseThrow();
                for (Instant asOf : new Instant[] {last, last.minus(minutes(7)), last.plus(hours(3)), last.plus(days(6))}) {
                    assertThat(FeatureExtractor.segmentVector(copy, asOf))
                            .isEqualTo(FeatureExtractor.segmentVector(original, asOf));
                }
            }
        }
    }

    @Test
    void aLiveStateAndItsDecodedCopyAgreeAfterTheRingsWrapped() {
        List<ReplayEvent> events = RandomEvents.stream(99, 3000, 1);
        UserFeatureState live = new UserFeatureState();
        UserFeatureState viaBytes = new UserFeatureState();
        for (ReplayEvent e : events) {
            RandomEvents.apply(live, e);
            UserFeatureStateCodec.decodeInto(UserFeatureStateCodec.encode(viaBytes), viaBytes);
            RandomEvents.apply(viaBytes, e);
            Instant asOf = live.lastEventTime().orElseThrow();
            assertThat(FeatureExtractor.segmentVector(viaBytes, asOf)).isEqualTo(FeatureExtractor.segmentVector(live, asOf));
            if (e instanceof ReplayEvent.Purchase p) {
                NetworkCounts n = new NetworkCounts(1, 2, 1, 1, 0, 0, 0, 0);
                assertThat(FeatureExtractor.fraudVector(viaBytes, p.event(), n))
                        .isEqualTo(FeatureExtractor.fraudVector(live, p.event(), n));
            }
        }
        assertThat(UserFeatureStateCodec.encode(viaBytes)).isEqualTo(UserFeatureStateCodec.encode(live));
    }

    @Test
    void decodeIntoOverwritesEverythingInTheTarget() {
        UserFeatureState target = goldenState();
        byte[] small = UserFeatureStateCodec.encode(stateOf(view("u", at(days(40)))));
        UserFeatureStateCodec.decodeInto(small, target);
        assertThat(UserFeatureStateCodec.encode(target)).isEqualTo(small);
    }

    @Test
    void expiredTilesAreNotWritten() {
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(days(29))));
        UserFeatureState later = stateOf(view("u", BASE), view("u", at(days(29))), view("u", at(days(30))));
        // day 0 has left the 30 day tiles: the later state is not bigger by a whole tile
        assertThat(UserFeatureStateCodec.encode(later).length).isLessThanOrEqualTo(UserFeatureStateCodec.encode(s).length + 2);
    }

    @Test
    void readsTheNewestEventTimeFromTheHeaderAsTheDecoderDoes() {
        assertThat(UserFeatureStateCodec.lastEventMillis(UserFeatureStateCodec.encode(goldenState())))
                .isEqualTo(at(days(1)).toEpochMilli());
        assertThat(UserFeatureStateCodec.lastEventMillis(new byte[] {1, 0})).isEqualTo(UserFeatureState.NO_EVENTS);
        assertThat(new UserFeatureState().lastEventMillis()).isEqualTo(UserFeatureState.NO_EVENTS);
        List<ReplayEvent> events = RandomEvents.stream(11, 300, 1);
        UserFeatureState s = new UserFeatureState();
        for (ReplayEvent e : events) {
            RandomEvents.apply(s, e);
            byte[] bytes = UserFeatureStateCodec.encode(s);
            assertThat(UserFeatureStateCodec.lastEventMillis(bytes))
                    .isEqualTo(UserFeatureStateCodec.decode(bytes).lastEventTime().orElseThrow().toEpochMilli())
                    .isEqualTo(s.lastEventMillis());
        }
    }

    @Test
    void theIdleCutoffIsTheIdleRule() {
        UserFeatureState s = stateOf(view("u", BASE));
        Instant limit = BASE.plus(UserFeatureState.LONGEST_WINDOW).plus(minutes(10));
        for (Instant streamTime : new Instant[] {limit.minusMillis(1), limit, limit.plusMillis(1)}) {
            assertThat(s.lastEventMillis() < UserFeatureState.idleCutoffMillis(streamTime.toEpochMilli(), minutes(10)))
                    .as("at %s", streamTime).isEqualTo(s.isIdle(streamTime, minutes(10)));
        }
        assertThat(s.isIdle(limit, minutes(10))).isFalse();
        assertThat(s.isIdle(limit.plusMillis(1), minutes(10))).isTrue();
    }

    @Test
    void theHeaderReadRejectsAnotherFormatVersion() {
        byte[] bytes = UserFeatureStateCodec.encode(goldenState());
        bytes[0] = 2;
        assertThatThrownBy(() -> UserFeatureStateCodec.lastEventMillis(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void rejectsAnotherFormatVersion() {
        byte[] bytes = UserFeatureStateCodec.encode(goldenState());
        bytes[0] = 2;
        assertThatThrownBy(() -> UserFeatureStateCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format version 2");
    }

    @Test
    void rejectsEveryTruncationAndTrailingBytes() {
        byte[] bytes = UserFeatureStateCodec.encode(goldenState());
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> UserFeatureStateCodec.decode(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> UserFeatureStateCodec.decode(longer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsRandomGarbageWithIllegalArgumentOnly() {
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[r.nextInt(60)];
            r.nextBytes(garbage);
            if (garbage.length > 0) {
                garbage[0] = 1;
            }
            Throwable thrown = catchThrowable(() -> UserFeatureStateCodec.decode(garbage));
            assertThat(thrown).satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(IllegalArgumentException.class));
        }
    }
}
