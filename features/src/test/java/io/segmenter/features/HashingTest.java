package io.segmenter.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {

    /** The definition, written the obvious (allocating) way. */
    private static long reference(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return Hashing.fmix64(h);
    }

    @Test
    void equalsFnv1aOverUtf8BytesThenFmix64() {
        for (String s : new String[] {"", "a", "user-42", "Zürich", "東京", "emoji \uD83D\uDE00", "lone \uD800 surrogate",
                "trailing \uDBFF"}) {
            assertThat(Hashing.hash64(s)).as(s).isEqualTo(reference(s));
        }
    }

    @Test
    void valuesArePinnedBecauseTheyAreStored() {
        assertThat(Hashing.hash64("")).isEqualTo(PINNED_EMPTY);
        assertThat(Hashing.hash64("user-1")).isEqualTo(PINNED_USER_1);
    }

    @Test
    void similarIdsSpreadOverTheTopBits() {
        Set<Long> topNineBits = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            topNineBits.add(Hashing.hash64(Integer.toString(i)) >>> 55);
        }
        // 2000 balls into 512 bins leave about 512 * e^-3.9 = 10 empty
        assertThat(topNineBits.size()).isGreaterThan(490);
    }

    // computed independently (Python: FNV-1a 64 over str.encode(), then fmix64)
    private static final long PINNED_EMPTY = -1166397803181037274L;
    private static final long PINNED_USER_1 = 4729620347622785477L;
}
