package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatSummaryTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant END = day(2024, 3, 1); // calibration ends at midnight UTC, 1 March

    private static Instant day(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant at(int y, int m, int d, int hour) {
        return day(y, m, d).plus(Duration.ofHours(hour));
    }

    @Test
    void countsSeveralPurchasesOnOneDayAsOneTransaction() {
        List<Instant> purchases = List.of(at(2024, 2, 1, 9), at(2024, 2, 1, 15), at(2024, 2, 1, 23),
                at(2024, 2, 8, 10), at(2024, 2, 8, 11));

        RepeatSummary s = RepeatSummary.of(purchases, END, DAY, ZoneOffset.UTC).orElseThrow();

        assertThat(s).isEqualTo(new RepeatSummary(1, 7, 29));
    }

    @Test
    void measuresFromTheStartOfTheFirstTransactionDayInTheChosenUnit() {
        List<Instant> purchases = List.of(at(2024, 2, 8, 18), at(2024, 1, 4, 12), at(2024, 1, 18, 6));

        RepeatSummary s = RepeatSummary.of(purchases, END, WEEK, ZoneOffset.UTC).orElseThrow();

        // 4 Jan to 8 Feb is 35 days; 4 Jan to 1 Mar is 57 days
        assertThat(s).isEqualTo(new RepeatSummary(2, 5, 57 / 7.0));
    }

    @Test
    void bucketsDaysInTheGivenZone() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // 03:00 and 20:00 UTC on 5 Feb: the first is still 4 Feb in New York, so two transaction days
        List<Instant> purchases = List.of(at(2024, 2, 5, 3), at(2024, 2, 5, 20));

        assertThat(RepeatSummary.of(purchases, END, DAY, ZoneOffset.UTC).orElseThrow().x()).isZero();
        assertThat(RepeatSummary.of(purchases, END, DAY, newYork).orElseThrow().x()).isEqualTo(1);
    }

    @Test
    void ignoresPurchasesAtOrAfterTheCalibrationEnd() {
        List<Instant> purchases = List.of(at(2024, 2, 20, 12), END, at(2024, 3, 5, 12));

        assertThat(RepeatSummary.of(purchases, END, DAY, ZoneOffset.UTC)).contains(new RepeatSummary(0, 0, 10));
    }

    @Test
    void hasNoSummaryWithoutAPurchaseBeforeTheCalibrationEnd() {
        assertThat(RepeatSummary.of(List.of(), END, DAY, ZoneOffset.UTC)).isEmpty();
        assertThat(RepeatSummary.of(List.of(END, at(2024, 3, 2, 8)), END, DAY, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void rejectsInconsistentHistories() {
        assertThatThrownBy(() -> new RepeatSummary(-1, 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x (repeat transactions) must be >= 0");
        assertThatThrownBy(() -> new RepeatSummary(2, 6, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tx must be in [0, T = 5.0]");
        assertThatThrownBy(() -> new RepeatSummary(0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("T must be finite and > 0");
        assertThatThrownBy(() -> new RepeatSummary(0, 2, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tx must be 0 without repeat transactions");
    }

    @Test
    void rejectsANonPositiveTimeUnit() {
        assertThatThrownBy(() -> RepeatSummary.of(List.of(at(2024, 2, 1, 1)), END, Duration.ZERO, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time unit must be positive");
    }
}
