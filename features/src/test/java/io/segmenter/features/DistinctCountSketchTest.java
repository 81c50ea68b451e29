package io.segmenter.features;

import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.clickBuilder;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.schemas.avro.ClickType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistinctCountSketchTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 25, 50, 100, 150, 200})
    void estimatesDistinctCategoriesAndBrandsWithinTenPercentUpToTwoHundred(int distinct) {
        UserFeatureState s = new UserFeatureState();
        for (int i = 0; i < distinct * 3; i++) {
            int k = i % distinct; // every value three times
            s.apply(clickBuilder("u", ClickType.VIEW, at(minutes(i % 50)))
                    .setCategoryId(Integer.toString(1_000_000 + k * 7919))
                    .setBrand("brand-" + k)
                    .build());
        }
        FeatureVector v = segment(s, at(minutes(60)));
        assertThat(v.get("distinct_categories")).isCloseTo(distinct, within(Math.max(0.5, distinct * 0.10)));
        assertThat(v.get("distinct_brands")).isCloseTo(distinct, within(Math.max(0.5, distinct * 0.10)));
    }

    @Test
    void averageRelativeErrorAtTwoHundredIsSmallOverRandomIdSets() {
        Random random = new Random(7);
        double sumAbsError = 0;
        int trials = 200;
        for (int trial = 0; trial < trials; trial++) {
            long[] bits = new long[UserFeatureState.CATEGORY_BITS / 64];
            for (int i = 0; i < 200; i++) {
                long bit = Hashing.hash64(Long.toString(random.nextLong())) >>> 55;
                bits[(int) (bit >>> 6)] |= 1L << bit;
            }
            sumAbsError += Math.abs(UserFeatureState.linearCount(bits, UserFeatureState.CATEGORY_BITS) - 200) / 200;
        }
        // theory for m = 512, n = 200: standard error about 3.3 %
        assertThat(sumAbsError / trials).isLessThan(0.04);
    }

    @Test
    void distinctDevicesAreExactForAFewDevices() {
        UserFeatureState s = new UserFeatureState();
        for (int i = 0; i < 5; i++) {
            s.apply(clickBuilder("u", ClickType.VIEW, at(minutes(i))).setDeviceId("device-" + i).build());
        }
        assertThat(segment(s, at(minutes(5))).get("distinct_devices")).isEqualTo(5);
    }

    @Test
    void aSaturatedSketchReportsItsFiniteCeiling() {
        long[] full = new long[8];
        java.util.Arrays.fill(full, -1L);
        assertThat(UserFeatureState.linearCount(full, 512)).isCloseTo(512 * Math.log(512), within(1e-9));
        assertThat(UserFeatureState.linearCount(new long[8], 512)).isZero();
    }
}
