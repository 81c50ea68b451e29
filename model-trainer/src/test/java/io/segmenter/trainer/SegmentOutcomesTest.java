package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentOutcomesTest {

    private static final FutureOutcome BOUGHT_TWICE = new FutureOutcome(2, 30, 5);
    private static final FutureOutcome BOUGHT_ONCE = new FutureOutcome(1, 10, 1);
    private static final FutureOutcome BROWSED = new FutureOutcome(0, 0, 3);

    @Test
    void aggregatesPurchaseRateOrdersAndSpendPerSegment() {
        SegmentOutcomes s = SegmentOutcomes.of(new int[] {0, 0, 1, 1, 1, 1},
                List.of(BOUGHT_TWICE, BOUGHT_ONCE, BOUGHT_ONCE, BROWSED, BROWSED, FutureOutcome.NONE), 3);

        assertThat(s.segments().get(0)).isEqualTo(new SegmentOutcomes.Row(0, 2, 1.0, 1.5, 20.0));
        assertThat(s.segments().get(1)).isEqualTo(new SegmentOutcomes.Row(1, 4, 0.25, 0.25, 2.5));
        assertThat(s.segments().get(2).users()).isZero();
        assertThat(s.segments().get(2).purchaseRate()).isNaN();
        assertThat(s.purchaseRateRatio()).isEqualTo(4.0);
    }

    @Test
    void ratioIsInfiniteWhenASegmentNeverBuysAndUndefinedWhenNobodyDoes() {
        assertThat(SegmentOutcomes.of(new int[] {0, 1}, List.of(BOUGHT_ONCE, BROWSED), 2).purchaseRateRatio())
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SegmentOutcomes.of(new int[] {0, 1}, List.of(BROWSED, BROWSED), 2).purchaseRateRatio()).isNaN();
    }

    @Test
    void ratioCanIgnoreSegmentsTooSmallToMeasureARate() {
        // segment 0: 1 user who bought; segment 1: 3 users, 1 bought; segment 2: 4 users, 2 bought
        SegmentOutcomes s = SegmentOutcomes.of(new int[] {0, 1, 1, 1, 2, 2, 2, 2},
                List.of(BOUGHT_ONCE, BOUGHT_ONCE, BROWSED, BROWSED, BOUGHT_ONCE, BOUGHT_TWICE, BROWSED, BROWSED), 3);

        assertThat(s.purchaseRateRatio()).isEqualTo(3.0); // 1.0 / (1/3)
        assertThat(s.purchaseRateRatio(3)).isCloseTo(1.5, org.assertj.core.api.Assertions.within(1e-12)); // 0.5 / (1/3)
        assertThat(s.purchaseRateRatio(4)).as("one segment left").isNaN();
    }
}
