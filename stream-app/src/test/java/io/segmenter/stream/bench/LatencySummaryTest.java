package io.segmenter.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesAreObservedSamples() {
        long[] samples = new long[200];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 200 - i; // 200 down to 1
        }

        LatencySummary s = LatencySummary.of(samples);

        assertThat(s).isEqualTo(new LatencySummary(200, 100, 198, 200));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        assertThat(LatencySummary.of(new long[] {42})).isEqualTo(new LatencySummary(1, 42, 42, 42));
    }

    @Test
    void noSamplesIsNone() {
        assertThat(LatencySummary.of(new long[0])).isEqualTo(LatencySummary.NONE);
    }
}
