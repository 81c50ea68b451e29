package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkCodecsTest {

    @Test
    void encodesNetworkActivityToPinnedBytes() {
        NetworkActivityState s = new NetworkActivityState();
        s.record(0x0102030405060708L, BASE);
        s.record(0x1112131415161718L, BASE.plus(minutes(1)));
        // version 1, 2 entries, zig-zag BASE millis, then (delta, fixed64 hash) per entry
        assertThat(HexFormat.of().formatHex(NetworkActivityStateCodec.encode(s)))
                .isEqualTo("0102" + "80e094ecc063" + "00" + "0807060504030201" + "e0d403" + "1817161514131211");
    }

    @Test
    void roundTripsRandomActivityWithTheSameCounts() {
        Random r = new Random(3);
        NetworkActivityState s = new NetworkActivityState();
        long t = BASE.toEpochMilli();
        for (int i = 0; i < 2000; i++) {
            t += r.nextInt(600_000);
            long at = r.nextInt(10) == 0 ? t - r.nextInt(7_200_000) : t;
            s.record(Hashing.hash64("u" + r.nextInt(50)), Instant.ofEpochMilli(at));
            NetworkActivityState copy = NetworkActivityStateCodec.decode(NetworkActivityStateCodec.encode(s));
            Instant probe = Instant.ofEpochMilli(t + r.nextInt(3_600_000) - 1_800_000);
            assertThat(copy.countsBefore(probe)).isEqualTo(s.countsBefore(probe));
            assertThat(NetworkActivityStateCodec.encode(copy)).isEqualTo(NetworkActivityStateCodec.encode(s));
        }
    }

    @Test
    void readsTheNewestEntryTimeWithoutDecoding() {
        Random r = new Random(8);
        NetworkActivityState s = new NetworkActivityState();
        assertThat(NetworkActivityStateCodec.newestMillis(NetworkActivityStateCodec.encode(s))).isEqualTo(Long.MIN_VALUE);
        assertThat(s.newestMillis()).isEqualTo(Long.MIN_VALUE);
        long t = BASE.toEpochMilli();
        for (int i = 0; i < 500; i++) {
            t += r.nextInt(600_000);
            long at = r.nextInt(5) == 0 ? t - r.nextInt(3_600_000) : t;
            s.record(r.nextLong() | 1, Instant.ofEpochMilli(at));
            byte[] bytes = NetworkActivityStateCodec.encode(s);
            assertThat(NetworkActivityStateCodec.newestMillis(bytes)).isEqualTo(s.newestMillis());
            Instant probe = Instant.ofEpochMilli(t).plus(NetworkActivityState.LONG_WINDOW).plusMillis(r.nextInt(3) - 1);
            assertThat(s.newestMillis() < NetworkActivityState.idleCutoffMillis(probe.toEpochMilli(), java.time.Duration.ZERO))
                    .isEqualTo(s.isIdle(probe, java.time.Duration.ZERO));
        }
        assertThatThrownBy(() -> NetworkActivityStateCodec.newestMillis(new byte[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
    }

    @Test
    void anEmptyActivityStateIsTwoBytes() {
        assertThat(NetworkActivityStateCodec.encode(new NetworkActivityState())).containsExactly(1, 0);
        assertThat(NetworkActivityStateCodec.decode(new byte[] {1, 0}).isEmpty()).isTrue();
    }

    @Test
    void rejectsMalformedActivityBytes() {
        assertThatThrownBy(() -> NetworkActivityStateCodec.decode(new byte[] {2, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> NetworkActivityStateCodec.decode(new byte[] {1, 1, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> NetworkActivityStateCodec.decode(new byte[] {1, (byte) 0x81, 0x02}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry count");
    }

    @Test
    void roundTripsNetworkCounts() {
        NetworkCounts n = new NetworkCounts(1, 2, 1, 1, 3, 400, 2, 3);
        byte[] bytes = NetworkCountsCodec.encode(n);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("01" + "01020101" + "03900302" + "03");
        assertThat(NetworkCountsCodec.decode(bytes)).isEqualTo(n);
        assertThat(NetworkCountsCodec.decode(NetworkCountsCodec.encode(NetworkCounts.NONE))).isEqualTo(NetworkCounts.NONE);
    }

    @Test
    void rejectsInconsistentNetworkCounts() {
        // more users than purchases
        assertThatThrownBy(() -> NetworkCountsCodec.decode(new byte[] {1, 2, 1, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
